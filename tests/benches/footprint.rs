//! What cra-rs adds to a product's clean build, for two usual products, each built from scratch
//! in the same run with and without cra-rs:
//! - a **service**: a program that already uses serde with derive and serde_json;
//! - a **firmware**: a `#![no_std]`/`#![no_main]` Cortex-M4F image on cortex-m-rt, built with
//!   `--target thumbv7em-none-eabihf` (the target must be installed).
//!
//! "With cra-rs" is **the whole of cra-rs as a product uses it**: `cra-component` and
//! `cra-derive` as dependencies, one `#[derive(CraComponent)]`, `cra-build` in `build.rs`
//! (running an installed `cargo-cra`): the README's figures. For the service two more rows are
//! measured for comparison: `cra-build` alone (a part: the build line without any component)
//! and the whole with `cra-build`'s `in-process` (the generator compiled into the build script).
//!
//! Reported are the wall times, the differences to the baseline, and the compile time of every
//! unit only the others build (from `cargo build --timings`).
//!
//! A third product is measured when `CRA_BENCH_RIPGREP` names a checkout of ripgrep (a real
//! product of about 50 units): ripgrep as it is, and the same with cra-rs added the way a product
//! adds it (the two dependencies and the build line in its manifest, one component in
//! `crates/core/main.rs`, the cra line in its existing `build.rs`). Its dependencies must be in
//! Cargo's cache (`cargo fetch` in the checkout); the builds are offline, with
//! `--ignore-rust-version` when the checkout asks for a newer Rust than the one installed.
//!
//! Run: `cargo bench -p cra-tests --bench footprint` (`CRA_BENCH_ROUNDS` sets the rounds, 3 by
//! default; each round is six clean builds, eight with ripgrep).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::median;

/// The service: serde with derive and serde_json.
const SERVICE: &str = r#"#[derive(serde::Serialize, serde::Deserialize)]
struct Config { name: String, port: u16 }

fn main() {
    println!("{}", serde_json::to_string(&Config { name: "x".into(), port: 1 }).unwrap());
}
"#;

/// The firmware: cortex-m-rt's entry point and a panic handler.
const FIRMWARE: &str = r"#![no_std]
#![no_main]

#[cortex_m_rt::entry]
fn main() -> ! {
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
";

/// The bare-metal target the firmware is built for.
const FIRMWARE_TARGET: &str = "thumbv7em-none-eabihf";

/// The same product with one component, as a product with cra-rs has.
const COMPONENT: &str = r#"
/// The product's configuration store.
#[derive(cra_derive::CraComponent)]
#[cra(addresses(integrity, evidence(test_report = "Cargo.toml")))]
#[allow(dead_code)]
struct Store;
"#;

/// The firmware's build script hands the linker its memory map, as every cortex-m-rt product's
/// does.
const FIRMWARE_LINK: &str = r#"    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::copy("memory.x", format!("{out}/memory.x")).unwrap();
    println!("cargo:rustc-link-search={out}");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
"#;

/// Which product.
#[derive(Clone, Copy, PartialEq)]
enum Product {
    Service,
    Firmware,
    /// A ripgrep checkout (`CRA_BENCH_RIPGREP`).
    Ripgrep,
}

/// Copies a ripgrep checkout into `dir` (without `target` and `.git`) and, for `Cra::Whole`,
/// adds cra-rs as a product adds it.
fn write_ripgrep(checkout: &Path, dir: &Path, cra: Cra) {
    let _ = std::fs::remove_dir_all(dir);
    copy_tree(checkout, dir);
    if cra == Cra::None {
        return;
    }
    assert!(cra == Cra::Whole, "ripgrep is measured without and with the whole of cra-rs");
    let workspace = common::workspace();
    let path = |krate: &str| workspace.join(krate).display().to_string();
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let manifest = manifest.replacen(
        "[dependencies]\n",
        &format!(
            "[build-dependencies]\ncra-build = {{ path = {:?} }}\n\n[dependencies]\ncra-component = {{ path = {:?} }}\ncra-derive = {{ path = {:?} }}\n",
            path("cra-build"),
            path("cra-component"),
            path("cra-derive")
        ),
        1,
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let main = dir.join("crates/core/main.rs");
    let source = std::fs::read_to_string(&main).unwrap();
    std::fs::write(&main, format!("{source}{COMPONENT}")).unwrap();
    let build = std::fs::read_to_string(dir.join("build.rs")).unwrap();
    assert!(build.contains("fn main() {\n"), "ripgrep's build.rs has a main");
    std::fs::write(
        dir.join("build.rs"),
        build.replacen("fn main() {\n", "fn main() {\n    let _ = cra_build::main;\n", 1),
    )
    .unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

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

fn write_crate(dir: &Path, product: Product, cra: Cra) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let workspace = common::workspace();
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
    let own = match product {
        Product::Service => "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n",
        Product::Firmware => "cortex-m-rt = \"0.7.5\"\n",
        Product::Ripgrep => unreachable!("ripgrep is a checkout, written by `write_ripgrep`"),
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"footprint\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{own}{dependencies}{build_dependencies}\n[workspace]\n"),
    )
    .unwrap();
    let program = if product == Product::Service { SERVICE } else { FIRMWARE };
    let source = if matches!(cra, Cra::Whole | Cra::WholeInProcess) {
        format!("{program}{COMPONENT}")
    } else {
        program.to_owned()
    };
    std::fs::write(dir.join("src/main.rs"), source).unwrap();
    // The build script is compiled and linked, and the cra line is not run: the cost measured is
    // the build's (the generator benchmark measures the run, tens of milliseconds).
    let cra_line = if cra == Cra::None { "" } else { "    let _ = cra_build::main;\n" };
    let link = if product == Product::Firmware {
        std::fs::copy(workspace.join("examples/thermostat/memory.x"), dir.join("memory.x")).unwrap();
        FIRMWARE_LINK
    } else {
        ""
    };
    std::fs::write(dir.join("build.rs"), format!("fn main() {{\n{cra_line}{link}}}\n")).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// A clean build: wall seconds, and `(unit, seconds)` from Cargo's timings.
fn clean_build(dir: &Path, product: Product) -> (f64, Vec<(String, f64)>) {
    let _ = std::fs::remove_dir_all(dir.join("target"));
    let started = Instant::now();
    let mut build = Command::new(common::cargo());
    build.args(["build", "-q", "--offline", "--timings"]);
    if product == Product::Firmware {
        build.args(["--target", FIRMWARE_TARGET]);
    }
    if product == Product::Ripgrep {
        build.arg("--ignore-rust-version");
    }
    let status = build.current_dir(dir).env_remove("CARGO_TARGET_DIR").status().unwrap();
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
    let ripgrep = std::env::var_os("CRA_BENCH_RIPGREP").map(PathBuf::from);
    let root: PathBuf = std::env::temp_dir().join("cra-footprint-bench");
    let mut builds = vec![
        ("service", Product::Service, Cra::None),
        ("service-cra", Product::Service, Cra::Whole),
        ("service-build-line", Product::Service, Cra::BuildLine),
        ("service-in-process", Product::Service, Cra::WholeInProcess),
        ("firmware", Product::Firmware, Cra::None),
        ("firmware-cra", Product::Firmware, Cra::Whole),
    ];
    if ripgrep.is_some() {
        builds.push(("ripgrep", Product::Ripgrep, Cra::None));
        builds.push(("ripgrep-cra", Product::Ripgrep, Cra::Whole));
    }
    for (name, product, cra) in &builds {
        match (product, &ripgrep) {
            (Product::Ripgrep, Some(checkout)) => write_ripgrep(checkout, &root.join(name), *cra),
            _ => write_crate(&root.join(name), *product, *cra),
        }
    }
    let mut times = vec![Vec::new(); builds.len()];
    let mut last = vec![Vec::new(); builds.len()];
    for _ in 0..rounds {
        for (i, (name, product, _)) in builds.iter().enumerate() {
            let (time, units) = clean_build(&root.join(name), *product);
            times[i].push(time);
            last[i] = units;
        }
    }
    let t: Vec<f64> = times.into_iter().map(median).collect();
    println!("footprint benchmark: clean dev builds, median of {rounds} rounds");
    println!("service (serde derive, serde_json):                                {:6.2} s", t[0]);
    println!("  with cra-rs (cra-component, cra-derive, a component, cra-build): {:6.2} s", t[1]);
    println!("  with cra-build only (no component):                              {:6.2} s", t[2]);
    println!("  with cra-rs, cra-build in-process:                               {:6.2} s", t[3]);
    println!("firmware (cortex-m-rt, {FIRMWARE_TARGET}):                         {:6.2} s", t[4]);
    println!("  with cra-rs (cra-component, cra-derive, a component, cra-build): {:6.2} s", t[5]);
    if ripgrep.is_some() {
        println!("ripgrep ({} units):                                               {:6.2} s", last[6].len(), t[6]);
        println!("  with cra-rs (cra-component, cra-derive, a component, cra-build): {:6.2} s", t[7]);
    }
    println!("marginal cost of cra-rs for the service (what it pays):    {:6.2} s  (target <= 5 s)", t[1] - t[0]);
    println!("marginal cost of cra-rs for the firmware (what it pays):   {:6.2} s  (target <= 3 s)", t[5] - t[4]);
    if ripgrep.is_some() {
        println!("marginal cost of cra-rs for ripgrep (what it pays):        {:6.2} s  (target <= 5 s)", t[7] - t[6]);
    } else {
        println!("ripgrep not measured: set CRA_BENCH_RIPGREP to a checkout of ripgrep");
    }
    println!("marginal cost of cra-build alone for the service (a part): {:6.2} s", t[2] - t[0]);
    println!("marginal cost of cra-rs with in-process for the service:   {:6.2} s", t[3] - t[0]);
    // A unit is a package with its features: one the product also builds with other features
    // (a build dependency's serde_json, say) is listed, because it is compiled once more.
    let mut compared =
        vec![("service with cra-rs", 1, 0), ("service, in-process", 3, 0), ("firmware with cra-rs", 5, 4)];
    if ripgrep.is_some() {
        compared.push(("ripgrep with cra-rs", 7, 6));
    }
    for (label, i, base) in compared {
        println!("units only the {label} compiles (seconds of compile time, last round):");
        let mut only: Vec<&(String, f64)> = last[i].iter().filter(|u| !last[base].iter().any(|p| p.0 == u.0)).collect();
        only.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (unit, seconds) in only {
            println!("  {seconds:6.2} s  {unit}");
        }
    }
}
