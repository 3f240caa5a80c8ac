//! What the build-time generator adds to a product's clean build, for the usual product: one
//! that already uses serde with derive and serde_json. Two crates are built from scratch in the
//! same run, the same but for `cra-core` with `build` as a build dependency (and the one-line
//! `build.rs` calling it); reported are their wall times, the difference, and the compile time
//! of every unit only the second one builds (from `cargo build --timings`).
//!
//! Run: `cargo bench -p cra-tests --bench footprint` (`CRA_BENCH_ROUNDS` sets the rounds, 3 by
//! default; each round is two clean builds).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PRODUCT: &str = "#[derive(serde::Serialize, serde::Deserialize)]\nstruct Config { name: String, port: u16 }\n\nfn main() {\n    println!(\"{}\", serde_json::to_string(&Config { name: \"x\".into(), port: 1 }).unwrap());\n}\n";

fn write_crate(dir: &Path, with_cra: bool) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let build_dependency = if with_cra {
        format!(
            "[build-dependencies]\ncra-core = {{ path = {:?}, features = [\"build\"] }}\n",
            workspace.join("cra-core").display().to_string()
        )
    } else {
        String::new()
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"footprint\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{build_dependency}\n[workspace]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), PRODUCT).unwrap();
    // The generator's types and code are compiled and linked, not run: the cost measured is the
    // build's, not the run's (the generator benchmark measures the run).
    let build = if with_cra { "fn main() {\n    let _ = cra_core::build::main;\n}\n" } else { "fn main() {}\n" };
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

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let root: PathBuf = std::env::temp_dir().join("cra-footprint-bench");
    let (plain, with) = (root.join("plain"), root.join("with-cra"));
    write_crate(&plain, false);
    write_crate(&with, true);
    let (mut plain_times, mut with_times, mut last) = (Vec::new(), Vec::new(), (Vec::new(), Vec::new()));
    for _ in 0..rounds {
        let (time, units) = clean_build(&plain);
        plain_times.push(time);
        last.0 = units;
        let (time, units) = clean_build(&with);
        with_times.push(time);
        last.1 = units;
    }
    let (plain_time, with_time) = (median(plain_times), median(with_times));
    println!("footprint benchmark: clean dev builds, median of {rounds} rounds");
    println!("product with serde derive and serde_json:        {plain_time:6.2} s");
    println!("the same with cra-core (build) in its build.rs:  {with_time:6.2} s");
    println!("marginal cost:                                   {:6.2} s  (target <= 5 s)", with_time - plain_time);
    // A unit is a package with its features: one the product also builds with other features
    // (a build dependency's serde_json, say) is listed, because it is compiled once more.
    println!("units only the second build compiles, with their features (seconds of compile time, last round):");
    let mut only: Vec<&(String, f64)> = last.1.iter().filter(|u| !last.0.iter().any(|p| p.0 == u.0)).collect();
    only.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (unit, seconds) in only {
        println!("  {seconds:6.2} s  {unit}");
    }
}
