//! What the build-time generator adds to a product's clean build, for the usual product: one
//! that already uses serde with derive and serde_json. Three crates are built from scratch in
//! the same run, the same but for the build script: none; `cra-build` (the default: it runs an
//! installed `cargo-cra`, so it compiles nothing but itself); `cra-build` with `in-process` (the
//! generator compiled into the build script). Reported are their wall times, the differences,
//! and the compile time of every unit only the third one builds (from `cargo build --timings`).
//!
//! Run: `cargo bench -p cra-tests --bench footprint` (`CRA_BENCH_ROUNDS` sets the rounds, 3 by
//! default; each round is three clean builds).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::median;

const PRODUCT: &str = "#[derive(serde::Serialize, serde::Deserialize)]\nstruct Config { name: String, port: u16 }\n\nfn main() {\n    println!(\"{}\", serde_json::to_string(&Config { name: \"x\".into(), port: 1 }).unwrap());\n}\n";

/// How the product's build script generates.
#[derive(Clone, Copy, PartialEq)]
enum Generator {
    /// No build script work: the usual product.
    None,
    /// `cra-build`: runs the installed `cargo-cra`.
    Program,
    /// `cra-build` with `in-process`.
    CompiledIn,
}

fn write_crate(dir: &Path, generator: Generator) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let path = workspace.join("cra-build").display().to_string();
    let build_dependency = match generator {
        Generator::None => String::new(),
        Generator::Program => format!("[build-dependencies]\ncra-build = {{ path = {path:?} }}\n"),
        Generator::CompiledIn => {
            format!("[build-dependencies]\ncra-build = {{ path = {path:?}, features = [\"in-process\"] }}\n")
        }
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"footprint\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{build_dependency}\n[workspace]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), PRODUCT).unwrap();
    // The build script is compiled and linked, not run: the cost measured is the build's (the
    // generator benchmark measures the run, tens of milliseconds).
    let build =
        if generator == Generator::None { "fn main() {}\n" } else { "fn main() {\n    let _ = cra_build::main;\n}\n" };
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
        (root.join("plain"), Generator::None),
        (root.join("program"), Generator::Program),
        (root.join("compiled-in"), Generator::CompiledIn),
    ];
    for (dir, generator) in &crates {
        write_crate(dir, *generator);
    }
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    let mut last = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (i, (dir, _)) in crates.iter().enumerate() {
            let (time, units) = clean_build(dir);
            times[i].push(time);
            last[i] = units;
        }
    }
    let [plain, program, compiled_in] = times.map(median);
    println!("footprint benchmark: clean dev builds, median of {rounds} rounds");
    println!("product with serde derive and serde_json:                  {plain:6.2} s");
    println!("the same with cra-build in its build.rs (runs cargo-cra):  {program:6.2} s");
    println!("the same with cra-build, feature in-process:               {compiled_in:6.2} s");
    println!("marginal cost of cra-build:              {:6.2} s  (target <= 5 s)", program - plain);
    println!("marginal cost of cra-build, in-process:  {:6.2} s", compiled_in - plain);
    // A unit is a package with its features: one the product also builds with other features
    // (a build dependency's serde_json, say) is listed, because it is compiled once more.
    for (label, i) in [("cra-build", 1), ("cra-build, in-process", 2)] {
        println!("units only the product with {label} compiles (seconds of compile time, last round):");
        let mut only: Vec<&(String, f64)> = last[i].iter().filter(|u| !last[0].iter().any(|p| p.0 == u.0)).collect();
        only.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (unit, seconds) in only {
            println!("  {seconds:6.2} s  {unit}");
        }
    }
}
