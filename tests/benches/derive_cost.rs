//! Compile cost of `#[derive(CraComponent)]` per component, against `#[derive(serde::Serialize)]`
//! and no derive, measured in the same run.
//!
//! Generates a workspace with one crate of N components (5 fields per type) per variant — no
//! derive, serde's derive, a bare registration, a derive that does nothing (with the same helper
//! attribute) plus the registration, a minimal derive that writes the same impl and registration
//! without a grammar, the derive's output written out, and the derive — builds their
//! dependencies once, then times `cargo build -p <crate>` after `cargo clean -p <crate>`, several
//! rounds interleaved, and reports medians. Per-component cost = (variant − no derive) / N.
//!
//! Run: `cargo bench -p cra-tests --bench derive_cost` (env `CRA_BENCH_N`, `CRA_BENCH_ROUNDS`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::median;

const VARIANTS: [&str; 7] = ["none", "serde", "inventory", "noop", "minimal", "expanded", "cra"];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn component(variant: &str, index: usize) -> String {
    let claims = format!(
        "#[cra(name = \"component-{index}\", addresses(access_control, evidence(test_report = \"evidence.md\")), not_applicable(data_removal, justification = \"stores nothing\"))]\n"
    );
    let (derive, attrs) = match variant {
        "serde" => ("#[derive(serde::Serialize)]\n", String::new()),
        "cra" => ("#[derive(cra_derive::CraComponent)]\n", claims),
        "noop" => ("#[derive(noop_derive::Noop)]\n", claims),
        "minimal" => ("#[derive(noop_derive::Minimal)]\n", claims),
        _ => ("", String::new()),
    };
    // The registration floor: a bare registration per type (what the derive's output calls:
    // `inventory::submit!` on this host), no derive. The no-op variant adds to it a derive that
    // reads nothing and writes nothing, with the same `#[cra(...)]` attribute: what invoking
    // any derive with that helper attribute costs the compiler.
    let submit = if variant == "inventory" || variant == "noop" {
        "cra_component::__register! { cra_component::ComponentDescriptor { name: \"c\", version: \"1\", module_path: \"m\", data: \"{}\", depends_on: &[] } }\n"
    } else {
        ""
    };
    let expanded = if variant == "expanded" { expansion(index) } else { String::new() };
    format!(
        "/// Component number {index} of the generated product.\n{derive}{attrs}pub struct Component{index} {{\n    pub a: u32,\n    pub b: String,\n    pub c: Vec<u8>,\n    pub d: Option<u64>,\n    pub e: bool,\n}}\n{submit}{expanded}\n"
    )
}

/// What `#[derive(CraComponent)]` writes for component `index` of the `cra` variant, written
/// out (the shape of cra-derive's `generate`, the data from the grammar itself), so that the
/// cost of compiling the derive's output is told apart from the cost of running the macro.
fn expansion(index: usize) -> String {
    let source = component("cra", index);
    let input: syn::DeriveInput = syn::parse_str(&source).expect("the generated component parses");
    let Ok(spec) = cra_core::syntax::parse_component(&input.ident, &input.attrs, None) else {
        panic!("the generated component {index} is not valid")
    };
    let data = spec.data_json();
    let name = &spec.name;
    format!(
        "#[automatically_derived]\nimpl ::cra_component::CraComponent for Component{index} {{\n    const NAME: &'static str = {name:?};\n}}\n::cra_component::__register! {{\n    ::cra_component::ComponentDescriptor {{ name: {name:?}, version: \"1.0.0\", module_path: ::core::module_path!(), data: {data:?}, depends_on: &[] }}\n}}\n"
    )
}

/// The two reference derives, in one proc-macro crate. `Noop` reads nothing and writes nothing:
/// what invoking a derive with the `#[cra(...)]` helper attribute costs. `Minimal` is the floor
/// of any derive that writes what `CraComponent` writes: with `proc_macro` alone (no syn, no
/// quote), it reads every token of the item's attributes, takes the name after `struct`, and
/// writes the same impl and registration, as text the compiler lexes; its data string is the doc
/// comment and the attribute's text, about as long as the grammar's JSON. No grammar, no checks,
/// no evidence files: a derive cannot cost less and write this output.
const REFERENCE_DERIVES: &str = r##"use proc_macro::{Delimiter, Literal, TokenStream, TokenTree};

#[proc_macro_derive(Noop, attributes(cra))]
pub fn noop(_: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_derive(Minimal, attributes(cra))]
pub fn minimal(input: TokenStream) -> TokenStream {
    let (mut doc, mut attribute, mut name) = (String::new(), String::new(), String::new());
    let mut tokens = input.into_iter();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                let mut inner = group.stream().into_iter();
                let path = inner.next().map(|t| t.to_string()).unwrap_or_default();
                let rest: TokenStream = inner.collect();
                if path == "doc" { doc.push_str(&rest.to_string()) } else if path == "cra" { attribute = rest.to_string() }
            }
            TokenTree::Ident(word) if ["struct", "enum", "union"].contains(&word.to_string().as_str()) => {
                name = tokens.next().map(|t| t.to_string()).unwrap_or_default();
                break;
            }
            _ => {}
        }
    }
    let data = Literal::string(&format!("{{\"description\":{doc:?},\"attribute\":{attribute:?}}}"));
    let label = Literal::string(&name);
    format!(
        "#[automatically_derived] impl ::cra_component::CraComponent for {name} {{ const NAME: &'static str = {label}; }} \
         ::cra_component::__register! {{ ::cra_component::ComponentDescriptor {{ name: {label}, version: \"1.0.0\", \
         module_path: ::core::module_path!(), data: {data}, depends_on: &[], }} }}"
    )
    .parse()
    .unwrap()
}
"##;

fn write_workspace(root: &Path, n: usize) {
    let cra_component = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cra-component");
    let cra_derive = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cra-derive");
    std::fs::create_dir_all(root.join("noop_derive/src")).unwrap();
    std::fs::write(
        root.join("noop_derive/Cargo.toml"),
        "[package]\nname = \"noop-derive\"\nversion = \"1.0.0\"\nedition = \"2024\"\n\n[lib]\nproc-macro = true\n",
    )
    .unwrap();
    std::fs::write(root.join("noop_derive/src/lib.rs"), REFERENCE_DERIVES).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"noop_derive\", {}]\n",
            VARIANTS.map(|v| format!("\"g_{v}\"")).join(", ")
        ),
    )
    .unwrap();
    for variant in VARIANTS {
        let dir = root.join(format!("g_{variant}"));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let mut manifest =
            format!("[package]\nname = \"g_{variant}\"\nversion = \"1.0.0\"\nedition = \"2024\"\n\n[dependencies]\n");
        let _ = writeln!(manifest, "serde = {{ version = \"1\", features = [\"derive\"] }}");
        let _ = writeln!(manifest, "cra-component = {{ path = {:?} }}", cra_component.display().to_string());
        let _ = writeln!(manifest, "cra-derive = {{ path = {:?} }}", cra_derive.display().to_string());
        let _ = writeln!(manifest, "noop-derive = {{ path = \"../noop_derive\" }}");
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::fs::write(dir.join("evidence.md"), "test report\n").unwrap();
        let source: String = (0..n).map(|i| component(variant, i)).collect();
        std::fs::write(dir.join("src/lib.rs"), format!("#![allow(dead_code)]\n{source}")).unwrap();
    }
}

fn cargo(root: &Path, args: &[&str]) {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {args:?} failed");
}

fn main() {
    let n = env_usize("CRA_BENCH_N", 200);
    let rounds = env_usize("CRA_BENCH_ROUNDS", 5);
    let root: PathBuf = std::env::temp_dir().join(format!("cra-derive-bench-{n}"));
    write_workspace(&root, n);
    // Dependencies once; every variant then compiles only its own crate.
    cargo(&root, &["build", "-q", "--workspace"]);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); VARIANTS.len()];
    for _ in 0..rounds {
        for (slot, variant) in VARIANTS.iter().enumerate() {
            let package = format!("g_{variant}");
            cargo(&root, &["clean", "-q", "-p", &package]);
            let start = Instant::now();
            cargo(&root, &["build", "-q", "-p", &package]);
            times[slot].push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let medians: Vec<f64> = times.into_iter().map(median).collect();
    #[expect(clippy::cast_precision_loss, reason = "n is a few hundred")]
    let per_slot = |slot: usize| (medians[slot] - medians[0]) / n as f64;
    let per = |variant: &str| per_slot(VARIANTS.iter().position(|v| *v == variant).expect("a variant"));
    println!("derive compile cost, {n} components, median of {rounds} rounds (cargo build, dev profile)");
    println!("{:<24} {:>12} {:>18}", "variant", "crate (ms)", "per component (ms)");
    for (slot, variant) in VARIANTS.iter().enumerate() {
        let label = match *variant {
            "none" => "no derive (baseline)",
            "serde" => "serde::Serialize",
            "inventory" => "bare inventory::submit!",
            "noop" => "no-op derive + submit!",
            "minimal" => "minimal derive, same out",
            "expanded" => "CraComponent's output",
            _ => "CraComponent",
        };
        println!("{label:<24} {:>12.0} {:>18.3}", medians[slot], per_slot(slot));
    }
    let serde = per("serde");
    let over_registration = |variant: &str| (per(variant) - per("inventory")) / serde;
    println!("CraComponent / serde::Serialize per component: {:.2}", per("cra") / serde);
    println!("bare inventory::submit! / serde::Serialize per component: {:.2}", per("inventory") / serde);
    println!(
        "CraComponent over the bare registration / serde::Serialize per component: {:.2} (target <= 0.10)",
        over_registration("cra")
    );
    println!(
        "  of which compiling its output {:.2}, running the macro {:.2}",
        over_registration("expanded"),
        (per("cra") - per("expanded")) / serde
    );
    println!(
        "a derive that does nothing, with the same attribute, over the bare registration / serde::Serialize: {:.2}",
        over_registration("noop")
    );
    println!(
        "the minimal derive that writes the same output (no grammar), over the bare registration / serde::Serialize: {:.2}",
        over_registration("minimal")
    );
}
