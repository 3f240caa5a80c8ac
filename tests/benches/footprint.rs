//! What cra-rs adds to a product's clean build, for the usual product: one that already uses
//! serde with derive and serde_json. Built from scratch in the same run, the same product but
//! for cra-rs:
//! - none (the baseline);
//! - **the whole of cra-rs as a product uses it**: `cra-component` and `cra-derive` as
//!   dependencies, one `#[derive(CraComponent)]`, `cra-build` in `build.rs` (running an installed
//!   `cargo-cra`): what the README's figure is;
//! - `cra-build` alone (the build line without any component: a part, for comparison);
//! - the whole with `cra-build`'s `in-process` (the generator compiled into the build script).
//!
//! Reported are their wall times, the differences to the baseline, and the compile time of every
//! unit only the others build (from `cargo build --timings`).
//!
//! Run: `cargo bench -p cra-tests --bench footprint` (`CRA_BENCH_ROUNDS` sets the rounds, 3 by
//! default; each round is four clean builds).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::median;

const PRODUCT: &str = "#[derive(serde::Serialize, serde::Deserialize)]\nstruct Config { name: String, port: u16 }\n\nfn main() {\n    println!(\"{}\", serde_json::to_string(&Config { name: \"x\".into(), port: 1 }).unwrap());\n}\n";

/// The same product with one component, as a product with cra-rs has.
const COMPONENT: &str = "\n/// The product's configuration store.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(integrity, evidence(test_report = \"Cargo.toml\")))]\n#[allow(dead_code)]\nstruct Store;\n";

/// What of cra-rs the product uses.
#[derive(Clone, Copy, PartialEq)]
enum Cra {
    /// Nothing: the usual product.
    None,
    /// `cra-build` in the build script only (runs the installed `cargo-cra`).
    BuildLine,
    /// Everything a product with components needs: `cra-component`, `cra-derive`, one
    /// component, `cra-build`.
    Whole,
    /// The same with `cra-build`'s `in-process`.
    WholeInProcess,
}

fn write_crate(dir: &Path, cra: Cra) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let path = |krate: &str| workspace.join(krate).display().to_string();
    let build_line =
        |features: &str| format!("[build-dependencies]\ncra-build = {{ path = {:?}{features} }}\n", path("cra-build"));
    let components = format!(
        "cra-component = {{ path = {:?} }}\ncra-derive = {{ path = {:?} }}\n",
        path("cra-component"),
        path("cra-derive")
    );
    let (dependencies, build_dependencies) = match cra {
        Cra::None => (String::new(), String::new()),
        Cra::BuildLine => (String::new(), build_line("")),
        Cra::Whole => (components, build_line("")),
        Cra::WholeInProcess => (components, build_line(", features = [\"in-process\"]")),
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"footprint\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{dependencies}{build_dependencies}\n[workspace]\n"),
    )
    .unwrap();
    let source = if matches!(cra, Cra::Whole | Cra::WholeInProcess) {
        format!("{PRODUCT}{COMPONENT}")
    } else {
        PRODUCT.to_owned()
    };
    std::fs::write(dir.join("src/main.rs"), source).unwrap();
    // The build script is compiled and linked, not run: the cost measured is the build's (the
    // generator benchmark measures the run, tens of milliseconds).
    let build = if cra == Cra::None { "fn main() {}\n" } else { "fn main() {\n    let _ = cra_build::main;\n}\n" };
    std::fs::write(dir.join("build.rs"), build).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// A clean build: wall seconds, and `(unit, seconds)` from Cargo's timings.
fn clean_build(dir: &Path) -> (f64, Vec<(String, f64)>) {
    let _ = std::fs::remove_dir_all(dir.join("target"));
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-q", "--offline", "--timings"])
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .unwrap();
    let wall = started.elapsed().as_secs_f64();
    assert!(status.success());
    let html = std::fs::read_to_string(dir.join("target/cargo-timings/cargo-timing.html")).unwrap();
    let data = html.split("const UNIT_DATA = ").nth(1).and_then(|rest| rest.split(";\n").next()).unwrap();
    let units: Vec<serde_json::Value> = serde_json::from_str(data).unwrap();
    let units = units
        .iter()
        .map(|u| {
            let target = u["target"].as_str().unwrap_or_default().trim();
            let features: Vec<&str> =
                u["features"].as_array().into_iter().flatten().filter_map(|f| f.as_str()).collect();
            let what = if target.is_empty() { String::new() } else { format!(" ({target})") };
            let name = format!(
                "{} {}{what} [{}]",
                u["name"].as_str().unwrap(),
                u["version"].as_str().unwrap(),
                features.join(",")
            );
            (name, u["duration"].as_f64().unwrap())
        })
        .collect();
    (wall, units)
}

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let root: PathBuf = std::env::temp_dir().join("cra-footprint-bench");
    let crates = [
        (root.join("plain"), Cra::None),
        (root.join("whole"), Cra::Whole),
        (root.join("build-line"), Cra::BuildLine),
        (root.join("whole-in-process"), Cra::WholeInProcess),
    ];
    for (dir, cra) in &crates {
        write_crate(dir, *cra);
    }
    let mut times = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    let mut last = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (i, (dir, _)) in crates.iter().enumerate() {
            let (time, units) = clean_build(dir);
            times[i].push(time);
            last[i] = units;
        }
    }
    let [plain, whole, build_line, in_process] = times.map(median);
    println!("footprint benchmark: clean dev builds, median of {rounds} rounds");
    println!("product with serde derive and serde_json:                        {plain:6.2} s");
    println!("the same with cra-rs (cra-component, cra-derive, a component, cra-build): {whole:6.2} s");
    println!("the same with cra-build only (no component):                     {build_line:6.2} s");
    println!("the same with cra-rs, cra-build in-process:                      {in_process:6.2} s");
    println!("marginal cost of cra-rs (what a product pays):  {:6.2} s  (target <= 5 s)", whole - plain);
    println!("marginal cost of cra-build alone (a part):      {:6.2} s", build_line - plain);
    println!("marginal cost of cra-rs with in-process:        {:6.2} s", in_process - plain);
    // A unit is a package with its features: one the product also builds with other features
    // (a build dependency's serde_json, say) is listed, because it is compiled once more.
    for (label, i) in [("cra-rs", 1), ("cra-rs, in-process", 3)] {
        println!("units only the product with {label} compiles (seconds of compile time, last round):");
        let mut only: Vec<&(String, f64)> = last[i].iter().filter(|u| !last[0].iter().any(|p| p.0 == u.0)).collect();
        only.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (unit, seconds) in only {
            println!("  {seconds:6.2} s  {unit}");
        }
    }
}
