//! What the gate costs: `cargo cra check` against a plain `cargo check` of the same product, and
//! what reading 100 vulnerability records and an audit adds to the generator, each with its
//! baseline measured in the same run.
//!
//! 1. `cargo cra check` (release build of cargo-cra, as `cargo install` gives it) on the door lock
//!    hub example, warm (nothing changed) and after an edit of one source file, against `cargo
//!    check` of the same package in the same target folder, warm and after the same edit.
//!    `cargo cra check` also runs `cargo metadata` and reads the check report; both rerun the
//!    build script after an edit (the product's sources are watched).
//! 2. The generator in the build-script profile (opt-level 0) on a crate of 300 files with 50
//!    components, with 100 vulnerability records and an audit of its SBOM, against the same
//!    crate without them: five alternations of each, the median of their medians; after an
//!    edit of the source (the parsed records come from the generator's copy in `OUT_DIR`) and
//!    after an edit of a record (all are parsed again).
//!
//! Run: `cargo bench -p cra-tests --bench check` (`CRA_BENCH_ROUNDS` sets the rounds).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{build_cargo_cra, cargo, host, median, timed, workspace};

/// (warm ms, after-edit ms) of `command` in `dir`: the first run is discarded (it reruns the
/// build script when the environment changed), then warm runs, then runs each after an edit.
fn warm_and_edited(make: &dyn Fn() -> Command, edited: &Path, rounds: usize) -> (f64, f64) {
    timed(&mut make());
    let warm = median((0..rounds).map(|_| timed(&mut make())).collect());
    let original = std::fs::read_to_string(edited).unwrap();
    let after_edit = median(
        (0..rounds)
            .map(|round| {
                std::fs::write(edited, format!("{original}// edit {round}\n")).unwrap();
                timed(&mut make())
            })
            .collect(),
    );
    std::fs::write(edited, original).unwrap();
    (warm, after_edit)
}

/// Section 1: `cargo cra check` against `cargo check` on the door lock hub.
fn gate(root: &Path, rounds: usize) -> String {
    let cargo_cra = build_cargo_cra(root);
    let product = workspace().join("examples/door-lock-hub");
    let target = root.join("target-product");
    let edited = product.join("src/main.rs");
    let plain = || {
        let mut command = Command::new(cargo());
        command
            .args(["check", "-q", "--offline", "-p", "door-lock-hub"])
            .current_dir(&product)
            .env("CARGO_TARGET_DIR", &target)
            .env("CRA_GENERATOR", &cargo_cra);
        command
    };
    let gate = || {
        let mut command = Command::new(&cargo_cra);
        command
            .args(["cra", "check", "-p", "door-lock-hub", "--", "--offline"])
            .current_dir(&product)
            .env("CARGO_TARGET_DIR", &target);
        command
    };
    let (plain_warm, plain_edit) = warm_and_edited(&plain, &edited, rounds);
    let (gate_warm, gate_edit) = warm_and_edited(&gate, &edited, rounds);
    let mut out = String::new();
    let _ = writeln!(out, "1. the gate on examples/door-lock-hub (cargo-cra in the release profile)");
    let _ = writeln!(
        out,
        "   warm:       cargo check {plain_warm:7.1} ms, cargo cra check {gate_warm:7.1} ms, ratio {:.2} x  (target < 2 x)",
        gate_warm / plain_warm
    );
    let _ = writeln!(
        out,
        "   after edit: cargo check {plain_edit:7.1} ms, cargo cra check {gate_edit:7.1} ms, ratio {:.2} x  (target < 2 x)",
        gate_edit / plain_edit
    );
    out
}

/// A product crate of 300 files of about 6.7 KB with 50 components, its build script calling
/// the generator (the generator benchmark's shape, smaller).
fn write_crate(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let component = workspace().join("cra-component").display().to_string();
    let derive = workspace().join("cra-derive").display().to_string();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"records\"\nversion = \"1.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncra-component = {{ path = {component:?} }}\ncra-derive = {{ path = {derive:?} }}\n\n[workspace]\n\n[package.metadata.cra]\ntype = \"R-1\"\nintended-purpose = \"benchmark\"\ncategory = \"default\"\nprocedure = \"module_a\"\nplaced-on-market = \"2027-12-11\"\nsupport-end = \"2032-12\"\nvulnerability-contact = \"psirt@example.test\"\ncvd-policy-url = \"https://example.test/cvd\"\nrisk-assessment = \"https://example.test/risk-assessment\"\n\n[package.metadata.cra.manufacturer]\nname = \"Bench GmbH\"\npostal-address = \"Benchstrasse 1\"\ncontact = \"bench@example.test\"\n"
        ),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("evidence.md"), "report\n").unwrap();
    let mut lib = String::from("//! Generated product.\n#![allow(dead_code)]\n\n");
    for index in 0..300 {
        let _ = writeln!(lib, "pub mod f{index};");
        let mut text =
            format!("//! File {index}.\n\n/// Record {index}.\npub struct Record{index} {{\n    pub id: u64,\n}}\n\n");
        while text.len() < 6200 {
            let _ = writeln!(
                text,
                "/// A figure of record {index}, scaled by the given factor for the report.\npub fn figure_{index}_{}(scale: u64) -> u64 {{\n    scale.wrapping_mul({index})\n}}\n",
                text.len()
            );
        }
        if index % 6 == 0 {
            let _ = write!(
                text,
                "\n/// Component {index}.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(integrity, evidence(test_report = \"evidence.md\")))]\npub struct Component{index};\n"
            );
        }
        std::fs::write(dir.join(format!("src/f{index}.rs")), text).unwrap();
    }
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    // The lock file Cargo would bring up to date before the build script ran.
    let status = Command::new(cargo())
        .args(["update", "--workspace", "--offline", "--quiet"])
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success());
}

/// 100 records naming the crate's components: fixed before this version, not affected, or
/// affecting only later versions; none keeps I.2.a open, so every rule is evaluated in full.
fn write_records(dir: &Path, components: &[String]) {
    let records = dir.join("security/vulnerabilities");
    std::fs::create_dir_all(&records).unwrap();
    for i in 0..100 {
        let component = &components[i % components.len()];
        let body = match i % 3 {
            0 => "affected-versions = \"<1.0.0\"\nstatus = \"fixed\"\n\n[fix]\ndescription = \"Bounds checked.\"\nversion = \"1.0.0\"\navailable-at = 2026-11-20T12:00:00Z\n".to_owned(),
            1 => "affected-versions = \">=0.1.0\"\nstatus = \"not_affected\"\njustification = \"vulnerable_code_not_in_execute_path\"\n".to_owned(),
            _ => "affected-versions = \">=2.0.0\"\nstatus = \"under_investigation\"\ncvss = \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"\n".to_owned(),
        };
        std::fs::write(
            records.join(format!("r-{i:03}.toml")),
            format!(
                "id = \"R-2026-{i:03}\"\naliases = [\"CVE-2026-{i:05}\"]\ntitle = \"Finding {i}\"\ndescription = \"A finding of the benchmark, number {i}, in {component}.\"\ncomponents = [\"{component}\"]\naware-at = 2026-11-02T09:30:00Z\n{body}"
            ),
        )
        .unwrap();
    }
}

/// Runs the generator once in-process, as the product's build script would (the dev profile of
/// this bench binary is not the point here: the driver below is).
const DRIVER: &str = r#"
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, rounds) = (std::path::PathBuf::from(&args[1]), args[2].parse::<usize>().unwrap());
    let mut times = Vec::new();
    for _ in 0..rounds {
        // A changed record: the generator's copy of the parsed records does not match.
        if std::env::var_os("CRA_BENCH_RECORDS_CHANGED").is_some() {
            let _ = std::fs::remove_file(dir.join("out/cra-records.cache"));
        }
        let started = Instant::now();
        let env = cra_core::build::BuildEnv::from_vars([
            ("CARGO_MANIFEST_DIR".to_owned(), dir.display().to_string()),
            ("OUT_DIR".to_owned(), dir.join("out").display().to_string()),
            ("CARGO_PKG_NAME".to_owned(), "records".to_owned()),
            ("CARGO_PKG_VERSION".to_owned(), "1.0.0".to_owned()),
            ("CARGO_CFG_UNIX".to_owned(), String::new()),
            ("TARGET".to_owned(), std::env::var("CRA_BENCH_TARGET").unwrap()),
            ("CARGO".to_owned(), std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())),
        ]).unwrap();
        let outputs = cra_core::build::Builder::new().emit_to(&env, &mut std::io::sink()).unwrap();
        std::hint::black_box(outputs);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{}", times[times.len() / 2]);
}
"#;

fn build_driver(root: &Path) -> PathBuf {
    let dir = root.join("driver");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"driver\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncra-core = {{ path = {:?}, features = [\"build\"] }}\n\n[workspace]\n",
            workspace().join("cra-core").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), DRIVER).unwrap();
    let status = Command::new(cargo())
        .args(["build", "-q", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target-driver"))
        .status()
        .unwrap();
    assert!(status.success());
    root.join("target-driver/debug/driver")
}

/// Median ms of the generator over `dir`; with `changed`, as after an edit of a record (the
/// generator's copy of the parsed records is not used).
fn generate_with(driver: &Path, dir: &Path, rounds: usize, changed: bool) -> f64 {
    let mut command = Command::new(driver);
    command.arg(dir).arg(rounds.to_string()).env("CRA_BENCH_TARGET", host());
    if changed {
        command.env("CRA_BENCH_RECORDS_CHANGED", "1");
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().parse().unwrap()
}

/// Median ms of the generator over `dir`, as after an edit of the product's source.
fn generate(driver: &Path, dir: &Path, rounds: usize) -> f64 {
    generate_with(driver, dir, rounds, false)
}

/// Section 2: the generator with and without 100 records and an audit.
fn records(root: &Path, rounds: usize) -> String {
    let driver = build_driver(root);
    let bare = root.join("bare");
    let with = root.join("with-records");
    write_crate(&bare);
    write_crate(&with);
    // One run gives the component names and the SBOM the audit is of.
    generate(&driver, &with, 1);
    let read =
        |path: PathBuf| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap() };
    let declaration = read(with.join("out/cra/declaration.json"));
    let components: Vec<String> =
        declaration["components"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
    write_records(&with, &components);
    let sbom = read(with.join("out/cra/sbom.cdx.json"));
    let cargo_audit = root.join("cargo-audit.json");
    std::fs::write(
        &cargo_audit,
        r#"{"database":{"advisory-count":0,"last-commit":"0000000000000000000000000000000000000000"},"vulnerabilities":{"list":[]}}"#,
    )
    .unwrap();
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let evidence = cra_core::vuln::audit_cargo_audit_json(&cargo_audit, &sbom, &[], today).unwrap();
    std::fs::write(with.join("security/audit.json"), serde_json::to_string_pretty(&evidence).unwrap()).unwrap();
    // The records and the audit are read and accepted: nothing keeps I.2.a open.
    generate(&driver, &with, 1);
    let declaration = read(with.join("out/cra/declaration.json"));
    assert!(
        declaration.get("vulnerability_findings").is_none_or(|f| f.as_array().is_some_and(Vec::is_empty)),
        "{}",
        declaration["vulnerability_findings"]
    );
    generate(&driver, &bare, 1);
    // Alternated, so that a slower phase of the machine weighs on both sides alike.
    let (mut withouts, mut withs, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        withouts.push(generate(&driver, &bare, rounds));
        withs.push(generate(&driver, &with, rounds));
        changed.push(generate_with(&driver, &with, rounds, true));
    }
    let (without, with_records, records_changed) = (median(withouts), median(withs), median(changed));
    let mut out = String::new();
    let _ = writeln!(out, "2. the generator (build-script profile) on 300 files with 50 components");
    let _ = writeln!(
        out,
        "   without records: {without:7.1} ms; with 100 records and an audit: {with_records:7.1} ms; added {:.1} ms  (target <= 10 ms)",
        with_records - without
    );
    let _ = writeln!(
        out,
        "   after a record changed (all 100 parsed again): {records_changed:7.1} ms; added {:.1} ms",
        records_changed - without
    );
    out
}

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
    let root = std::env::temp_dir().join("cra-check-bench");
    std::fs::create_dir_all(&root).unwrap();
    println!("check benchmark, median of {rounds} rounds");
    print!("{}", gate(&root, rounds));
    print!("{}", records(&root, rounds));
}
