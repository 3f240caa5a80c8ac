//! Speed of the build-time generator in the build-script profile (unoptimized), with its
//! baselines measured in the same run.
//!
//! Generates crates of N files of about 6.7 KB (300 files = 2 MB, 3000 files = 20 MB), with and
//! without components, and a small driver crate compiled in the dev profile (opt-level 0, as
//! build scripts are) that runs the generator in-process over a crate, or only reads its files.
//! Reports:
//! 1. the generator's time as a share of an edit → `cargo check` cycle of the 2 MB crate;
//! 2. the generator on a crate without components against reading the same files;
//! 3. growth from 2 MB to 20 MB;
//! 4. the driver's peak memory (VmHWM) on the 20 MB crate, against its start-up;
//! 5. the scan against reading again with the driver compiled optimized (`--release`), as the
//!    installed `cargo-cra` runs the generator by default (points 1–4 are `in-process`'s case).
//!
//! Run: `cargo bench -p cra-tests --bench generator` (`CRA_BENCH_ROUNDS` sets the rounds).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::{cargo, host, median, workspace};

const FILES_PER_MODULE: usize = 30;

/// One leaf file of about 6.7 KB; with a component when `component` is set.
fn leaf(index: usize, component: bool) -> String {
    let mut text = format!(
        "//! Module {index} of the generated product.\n\nuse std::collections::BTreeMap;\n\n/// Record {index}.\n#[derive(Debug, Clone, Default)]\npub struct Record{index} {{\n    pub id: u64,\n    pub name: String,\n    pub values: Vec<u32>,\n    pub index: BTreeMap<String, usize>,\n}}\n\nimpl Record{index} {{\n"
    );
    let mut f = 0;
    while text.len() < 6200 {
        let _ = write!(
            text,
            "    /// Computes figure {f} of the record: the sum of the values above {f}, scaled.\n    pub fn figure_{f}(&self, scale: u64) -> u64 {{\n        let above: u64 = self.values.iter().filter(|v| **v > {f}).map(|v| u64::from(*v)).sum();\n        above.saturating_mul(scale).wrapping_add(self.id)\n    }}\n\n"
        );
        f += 1;
    }
    text.push_str("}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn default_is_empty() {\n        assert!(super::Record0::default().values.is_empty() || true);\n    }\n}\n");
    text = text.replace("super::Record0", &format!("super::Record{index}"));
    if component {
        let _ = write!(
            text,
            "\n/// Component {index} of the generated product.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(integrity, evidence(test_report = \"evidence.md\")), not_applicable(data_removal, justification = \"stores nothing\"))]\npub struct Component{index};\n"
        );
    }
    text
}

/// Writes a product crate of `files` leaf files, `components` of them with a component.
fn write_crate(dir: &Path, files: usize, components: usize) -> u64 {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let root = workspace();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"generated\"\nversion = \"1.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncra-component = {{ path = {component:?} }}\ncra-derive = {{ path = {derive:?} }}\n\n[build-dependencies]\ncra-core = {{ path = {core:?}, features = [\"build\"] }}\n\n[workspace]\n\n[package.metadata.cra]\ntype = \"G-1\"\nintended-purpose = \"benchmark\"\ncategory = \"default\"\nprocedure = \"module_a\"\nplaced-on-market = \"2027-12-11\"\nsupport-end = \"2032-12\"\nvulnerability-contact = \"psirt@example.test\"\ncvd-policy-url = \"https://example.test/cvd\"\nrisk-assessment = \"https://example.test/risk-assessment\"\n\n[package.metadata.cra.manufacturer]\nname = \"Bench GmbH\"\npostal-address = \"Benchstrasse 1\"\ncontact = \"bench@example.test\"\n",
            core = root.join("cra-core").display().to_string(),
            component = root.join("cra-component").display().to_string(),
            derive = root.join("cra-derive").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("build.rs"), "fn main() {\n    cra_core::build::main();\n}\n").unwrap();
    std::fs::write(dir.join("evidence.md"), "report\n").unwrap();
    let modules = files.div_ceil(FILES_PER_MODULE);
    let mut lib = String::from("//! Generated product.\n#![allow(dead_code, clippy::all)]\n\n");
    let mut bytes = 0u64;
    let every = files.checked_div(components).unwrap_or(usize::MAX);
    for m in 0..modules {
        let _ = writeln!(lib, "pub mod m{m};");
        let mut module = String::new();
        for f in 0..FILES_PER_MODULE {
            let index = m * FILES_PER_MODULE + f;
            if index >= files {
                break;
            }
            let _ = writeln!(module, "pub mod f{f};");
            let text = leaf(index, index.is_multiple_of(every) && index / every < components);
            bytes += text.len() as u64;
            std::fs::create_dir_all(dir.join(format!("src/m{m}"))).unwrap();
            std::fs::write(dir.join(format!("src/m{m}/f{f}.rs")), text).unwrap();
        }
        bytes += module.len() as u64;
        std::fs::write(dir.join(format!("src/m{m}/mod.rs")), module).unwrap();
    }
    bytes += lib.len() as u64;
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    // Adds the crate itself to the copied lockfile, keeping every other version.
    let status =
        Command::new(cargo()).args(["update", "-q", "--workspace", "--offline"]).current_dir(dir).status().unwrap();
    assert!(status.success());
    bytes
}

const DRIVER: &str = r#"
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and their peak: the memory the generator holds, apart from the
/// binary's own pages that RSS also counts.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
    }).unwrap_or(0)
}

fn read_all(dir: &std::path::Path, total: &mut u64) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { read_all(&path, total) } else if path.extension().is_some_and(|e| e == "rs") {
            *total += std::fs::read(&path).unwrap().len() as u64;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, mode, rounds) = (std::path::PathBuf::from(&args[1]), args[2].clone(), args[3].parse::<usize>().unwrap());
    let start_peak = peak_kib();
    let mut times = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        if mode == "scan" {
            let krate = cra_core::build::walk::CrateInfo {
                package: "generated".into(),
                version: "1.0.0".into(),
                dir: dir.clone(),
                roots: vec![("generated".into(), dir.join("src/lib.rs"))],
                features: Default::default(),
                build_script: true,
                externs: Default::default(),
            };
            let mut scan = cra_core::build::walk::Scan::default();
            cra_core::build::walk::scan_crate(&krate, &Default::default(), &mut scan);
            std::hint::black_box(scan.components.len());
        } else if mode == "read" {
            let mut total = 0;
            read_all(&dir.join("src"), &mut total);
            std::hint::black_box(total);
        } else {
            // "generate": an edit of source code, where Cargo's answer about the packages is
            // cached in OUT_DIR; "generate-cold": a changed manifest or Cargo.lock, which asks
            // Cargo again.
            let cache = dir.join("out/cra-shipped-packages.json");
            let kept = std::fs::read(&cache).ok().filter(|_| mode == "generate");
            let _ = std::fs::remove_dir_all(dir.join("out"));
            if let Some(bytes) = kept {
                std::fs::create_dir_all(dir.join("out")).unwrap();
                std::fs::write(&cache, bytes).unwrap();
            }
            let env = cra_core::build::BuildEnv::from_vars([
                ("CARGO_MANIFEST_DIR".to_owned(), dir.display().to_string()),
                ("OUT_DIR".to_owned(), dir.join("out").display().to_string()),
                ("CARGO_PKG_NAME".to_owned(), "generated".to_owned()),
                ("CARGO_PKG_VERSION".to_owned(), "1.0.0".to_owned()),
                ("CARGO_CFG_UNIX".to_owned(), String::new()),
                ("TARGET".to_owned(), std::env::var("CRA_BENCH_TARGET").unwrap()),
                ("CARGO".to_owned(), std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())),
            ]).unwrap();
            let outputs = cra_core::build::Builder::new().emit_to(&env, &mut std::io::sink()).unwrap();
            std::hint::black_box(outputs);
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{} {} {} {}", times[times.len() / 2], start_peak, peak_kib(), PEAK.load(Ordering::Relaxed) / 1024);
}
"#;

fn build_driver(root: &Path, optimized: bool) -> PathBuf {
    let dir = root.join("driver");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"driver\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncra-core = {{ path = {:?}, features = [\"build\", \"internals\"] }}\n\n[workspace]\n",
            workspace().join("cra-core").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), DRIVER).unwrap();
    // The dev profile: opt-level 0, as build scripts run; or the release profile, as the
    // installed `cargo-cra` is compiled.
    let mut build = Command::new(cargo());
    build.args(["build", "-q"]);
    if optimized {
        build.arg("--release");
    }
    let status = build.current_dir(&dir).env("CARGO_TARGET_DIR", root.join("target")).status().unwrap();
    assert!(status.success());
    root.join(if optimized { "target/release/driver" } else { "target/debug/driver" })
}

/// Median wall time of a Cargo command in `dir`.
fn cargo_command(dir: &Path, args: &[&str], rounds: usize) -> f64 {
    let times = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            let output = Command::new(cargo()).args(args).current_dir(dir).output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(times)
}

/// (median ms, start-up peak RSS KiB, final peak RSS KiB, peak heap KiB)
fn drive(driver: &Path, dir: &Path, mode: &str, rounds: usize) -> (f64, u64, u64, u64) {
    let output = Command::new(driver)
        .arg(dir)
        .arg(mode)
        .arg(rounds.to_string())
        .env("CRA_BENCH_TARGET", host())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut parts = text.split_whitespace();
    (
        parts.next().unwrap().parse().unwrap(),
        parts.next().unwrap().parse().unwrap(),
        parts.next().unwrap().parse().unwrap(),
        parts.next().unwrap().parse().unwrap(),
    )
}

/// Median wall time of: append a line to one file with a component, then `cargo check`.
fn edit_check_cycle(dir: &Path, root: &Path, rounds: usize) -> f64 {
    let check = || {
        let status = Command::new(cargo())
            .args(["check", "-q"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", root.join("target-product"))
            .status()
            .unwrap();
        assert!(status.success());
    };
    check();
    let file = dir.join("src/m0/f0.rs");
    let mut times = Vec::new();
    for round in 0..rounds {
        let mut text = std::fs::read_to_string(&file).unwrap();
        let _ = writeln!(text, "// edit {round}");
        std::fs::write(&file, text).unwrap();
        let started = Instant::now();
        check();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

#[expect(clippy::cast_precision_loss, reason = "figures of a few MB and ms")]
fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let root = std::env::temp_dir().join("cra-generator-bench");
    std::fs::create_dir_all(&root).unwrap();
    let driver = build_driver(&root, false);
    let optimized = build_driver(&root, true);
    let small = root.join("small");
    let small_bytes = write_crate(&small, 300, 50);
    let small_empty = root.join("small-empty");
    write_crate(&small_empty, 300, 0);
    let large = root.join("large");
    let large_bytes = write_crate(&large, 3000, 500);
    let large_empty = root.join("large-empty");
    write_crate(&large_empty, 3000, 0);

    let (generate_small, ..) = drive(&driver, &small, "generate", rounds);
    let (cold_small, ..) = drive(&driver, &small, "generate-cold", rounds);
    let target = host();
    let tree = cargo_command(
        &small,
        &["tree", "-e", "normal", "--target", &target, "--locked", "--offline", "--prefix", "depth"],
        rounds,
    );
    let metadata = cargo_command(&small, &["metadata", "--format-version", "1", "--locked", "--offline"], rounds);
    let cycle = edit_check_cycle(&small, &root, rounds);
    let (empty_small, ..) = drive(&driver, &small_empty, "generate", rounds);
    let (read_small, ..) = drive(&driver, &small_empty, "read", rounds);
    let (scan_small, ..) = drive(&driver, &small_empty, "scan", rounds);
    let (generate_large, start_kib, peak_kib, heap_kib) = drive(&driver, &large, "generate", rounds);
    let (empty_large, ..) = drive(&driver, &large_empty, "generate", rounds);
    let (read_large, ..) = drive(&driver, &large_empty, "read", rounds);
    let (scan_large, ..) = drive(&driver, &large_empty, "scan", rounds);
    let (read_small_opt, ..) = drive(&optimized, &small_empty, "read", rounds);
    let (scan_small_opt, ..) = drive(&optimized, &small_empty, "scan", rounds);
    let (read_large_opt, ..) = drive(&optimized, &large_empty, "read", rounds);
    let (scan_large_opt, ..) = drive(&optimized, &large_empty, "scan", rounds);
    let (generate_small_opt, ..) = drive(&optimized, &small, "generate", rounds);

    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    println!("generator benchmark, build-script profile (opt-level 0), median of {rounds} rounds");
    println!(
        "crates: {:.1} MB in 300 files with 50 components, {:.1} MB in 3000 files with 500 components, and the same without components",
        mb(small_bytes),
        mb(large_bytes)
    );
    println!("1. generator on the 2 MB crate:                 {generate_small:8.1} ms");
    println!("   edit -> cargo check cycle of that crate:       {cycle:8.1} ms");
    println!(
        "   generator share of the cycle:                  {:8.1} %  (target <= 5 %)",
        100.0 * generate_small / cycle
    );
    println!(
        "   the same after a manifest or Cargo.lock change, asking Cargo which packages ship: {cold_small:.1} ms ({:.1} % of the cycle)",
        100.0 * cold_small / cycle
    );
    println!(
        "   dependency resolution alone: `cargo tree` {tree:.1} ms; the alternative `cargo metadata` {metadata:.1} ms"
    );
    println!("2. scan (walk, read, search) of 2 MB without components: {scan_small:.1} ms");
    println!("   reading the same files:                        {read_small:8.1} ms");
    println!("   ratio:                                         {:8.2} x  (target <= 1.5 x)", scan_small / read_small);
    println!(
        "   the same at 20 MB: scan {scan_large:.1} ms, reading {read_large:.1} ms, ratio {:.2} x",
        scan_large / read_large
    );
    println!(
        "   whole generator run without components (metadata, cached package graph, scan, validation, SBOM, writing): {empty_small:.1} ms at 2 MB, {empty_large:.1} ms at 20 MB"
    );
    println!("3. generator on the 20 MB crate:                {generate_large:8.1} ms");
    println!(
        "   growth 2 MB -> 20 MB:                          {:8.2} x  (linear: 10 x)",
        generate_large / generate_small
    );
    println!(
        "4. peak heap on the 20 MB crate:                {:8.1} MiB  (peak RSS {:.1} MiB, of which the driver's own code and start-up {:.1} MiB and more)",
        heap_kib as f64 / 1024.0,
        peak_kib as f64 / 1024.0,
        start_kib as f64 / 1024.0
    );
    println!(
        "5. optimized, as the installed cargo-cra runs: scan of 2 MB {scan_small_opt:.1} ms, reading {read_small_opt:.1} ms, ratio {:.2} x  (target <= 1.5 x)",
        scan_small_opt / read_small_opt
    );
    println!(
        "   at 20 MB: scan {scan_large_opt:.1} ms, reading {read_large_opt:.1} ms, ratio {:.2} x; generator on the 2 MB crate {generate_small_opt:.1} ms ({:.1} % of the cycle)",
        scan_large_opt / read_large_opt,
        100.0 * generate_small_opt / cycle
    );
}
