//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their corpus in CI
//! (`tests/suite/fuzz_corpus.rs`): each takes arbitrary bytes and runs one reader of outside
//! input and what is built on what it reads. Any panic is a bug; errors are expected.
//!
//! Not part of the public API: hidden, behind the `fuzzing` feature, and free to change with
//! any release (docs/api.md).

use std::path::Path;

use jiff::Timestamp;

use crate::report_clocks::{ReportableEvent, ReportingFacts, clocks as reporting_clocks};

/// The declaration reader, then validation, the gap report, the annex views and the diff.
pub fn declaration(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(read) = crate::read::declaration_from_json(text) else { return };
    let declaration = read.value;
    let _ = declaration.validate();
    let _ = declaration.gap_report();
    let _ = crate::annex::eu_declaration(&declaration);
    let _ = crate::annex::user_information(&declaration);
    let _ = crate::annex::technical_documentation_index(&declaration);
    let _ = crate::annex::simplified_declaration(&declaration);
    let _ = crate::diff::declarations(&declaration, &declaration);
}

/// `[package.metadata.cra]` of a Cargo.toml, as the build-time generator reads it.
#[cfg(feature = "build")]
pub fn metadata(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let manifest = crate::build::ManifestFile { path: "fuzz/Cargo.toml".into(), text: text.to_owned() };
    if let Ok(declaration) = crate::build::read_product_metadata(&manifest) {
        let _ = declaration.validate();
    }
}

/// Where the module walker's files go: a file of the tree is one of these paths, so a tree of
/// arbitrary contents can reach every rule that picks a file: `x.rs` beside `x/`, `x/mod.rs`,
/// nested folders, a folder named like the root file, a name with a space and one that is not
/// a Rust identifier.
#[cfg(feature = "build")]
const TREE_FILES: &[&str] = &[
    "src/lib.rs",
    "src/a.rs",
    "src/a/mod.rs",
    "src/a/b.rs",
    "src/a/b/c.rs",
    "src/b.rs",
    "src/b/mod.rs",
    "src/lib/a.rs",
    "src/x y.rs",
    "src/r#type.rs",
    "other/z.rs",
    "src/main.rs",
];

/// The module walker on an arbitrary small tree: the bytes, split at each `0xFF`, are the
/// contents of the files of `TREE_FILES` in order (an empty part is a missing file), walked
/// from `src/lib.rs` and `src/main.rs` with the feature `f` on. Cycles through `#[path]`,
/// missing files, non-UTF-8 text and odd names are all reachable; warnings are expected, a
/// panic or a hang is a bug.
#[cfg(feature = "build")]
pub fn walker(data: &[u8]) {
    // The folders are made once and only the files change, so an execution costs a few writes.
    let dir = WALKER_DIR.get_or_init(|| {
        let dir = walker_dir();
        for file in TREE_FILES {
            if let Some(parent) = dir.join(file).parent() {
                let _ = std::fs::create_dir_all(parent);
            }
        }
        dir
    });
    let mut parts = data.split(|b| *b == 0xFF);
    for file in TREE_FILES {
        let path = dir.join(file);
        match parts.next() {
            Some(contents) if !contents.is_empty() => {
                let _ = std::fs::write(&path, contents);
            }
            _ => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let krate = crate::build::walk::CrateInfo {
        package: "fuzz".into(),
        version: "1.0.0".into(),
        dir: dir.clone(),
        roots: vec![("fuzz".into(), dir.join("src/lib.rs")), ("fuzz_bin".into(), dir.join("src/main.rs"))],
        features: ["f".to_owned()].into_iter().collect(),
        build_script: false,
        externs: std::collections::BTreeMap::new(),
    };
    // On the grammar's long-lived deep-stack worker, said to be one, so the walk runs there: a
    // thread of 1 GiB per execution spent more time in the kernel (fresh stack pages) and in
    // the sanitizer than in the walk.
    on_a_deep_stack(move || {
        let mut scan = crate::build::walk::Scan::default();
        crate::build::walk::scan_crate(&krate, &crate::build::walk::CfgContext::default(), &mut scan);
    });
}

#[cfg(feature = "build")]
static WALKER_DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Where [`walker`] writes its trees: in memory where the system has a tmpfs.
#[cfg(feature = "build")]
fn walker_dir() -> std::path::PathBuf {
    let base = if Path::new("/dev/shm").is_dir() { "/dev/shm".into() } else { std::env::temp_dir() };
    base.join(format!("cra-fuzz-walker-{}", std::process::id()))
}

/// Removes the folder [`walker`] wrote its trees to (the replay test calls it at the end).
#[cfg(feature = "build")]
pub fn clean_up() {
    let _ = std::fs::remove_dir_all(walker_dir());
}

/// The `#[cra(...)]` grammar on a type with arbitrary attributes.
///
/// syn parses nested types, paths, groups and prefix operators recursively, with no depth
/// limit: `<` nested 948 deep overflowed the fuzzer's 8 MiB stack in syn's own parse of the
/// input, before any cra-rs code ran. That limit is syn's, shared by every derive built on it
/// (docs/hardening.md); this target fuzzes the grammar, so it runs on a stack that no input of
/// the fuzzers' length (4 KB) can exhaust.
#[cfg(feature = "syntax")]
pub fn grammar(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.to_owned();
    on_a_deep_stack(move || {
        let Ok(input) = syn::parse_str::<syn::DeriveInput>(&text) else { return };
        let _ = crate::syntax::parse_component(&input.ident, &input.attrs, None);
    });
}

/// The stack [`grammar`] runs on: more than syn needs for 4 KB of input nested as deep as it can
/// be. Only the pages used are ever mapped. [`walker`] runs on it too, and the walk gives syn
/// only what this stack holds, as it does on its own thread in a build script.
#[cfg(feature = "syntax")]
const DEEP_STACK: usize = 256 << 20;

/// Runs `job` on one thread with [`DEEP_STACK`], kept for the whole run (a thread per execution
/// cut the target's speed by two thirds); a panic goes on in the caller, where the fuzzer sees
/// it. If no thread can be made, `job` runs here.
#[cfg(feature = "syntax")]
fn on_a_deep_stack(job: impl FnOnce() + Send + 'static) {
    use std::sync::mpsc::{Receiver, Sender, channel};
    use std::sync::{Mutex, OnceLock, PoisonError};
    type Job = Box<dyn FnOnce() + Send>;
    type Worker = Mutex<(Sender<Job>, Receiver<std::thread::Result<()>>)>;
    static WORKER: OnceLock<Option<Worker>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, outcomes) = channel();
        let thread = std::thread::Builder::new().stack_size(DEEP_STACK).spawn(move || {
            // Only this thread has the deep stack: a job run on the caller's (no thread could be
            // made) walks on a thread of its own.
            #[cfg(feature = "build")]
            crate::build::declare_large_stack(DEEP_STACK);
            for job in inbox {
                if outbox.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))).is_err() {
                    break;
                }
            }
        });
        thread.ok().map(|_| Mutex::new((jobs, outcomes)))
    });
    let Some(worker) = worker else { return job() };
    let outcome = {
        // A panic passed on below poisons nothing: the lock is released first.
        let worker = worker.lock().unwrap_or_else(PoisonError::into_inner);
        worker.0.send(Box::new(job)).ok().and_then(|()| worker.1.recv().ok())
    };
    if let Some(Err(panic)) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The Art. 14 clocks on arbitrary instants: three `i64` seconds from the bytes.
pub fn clocks(data: &[u8]) {
    let second = |i: usize| {
        let mut bytes = [0u8; 8];
        for (j, byte) in bytes.iter_mut().enumerate() {
            *byte = data.get(i * 8 + j).copied().unwrap_or(0);
        }
        let raw = i64::from_le_bytes(bytes);
        let (min, max) = (Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
        Timestamp::from_second(min + raw.rem_euclid(max - min + 1)).unwrap_or(Timestamp::UNIX_EPOCH)
    };
    for event in [ReportableEvent::ActivelyExploitedVulnerability, ReportableEvent::SevereIncident] {
        let facts = ReportingFacts {
            event,
            aware_at: second(0),
            measure_available_at: data.first().is_some_and(|b| b & 1 == 1).then(|| second(1)),
            notification_submitted_at: data.first().is_some_and(|b| b & 2 == 2).then(|| second(2)),
        };
        let _ = reporting_clocks(&facts);
    }
}

/// A vulnerability record, then everything made from it for a small product.
#[cfg(feature = "vuln")]
pub fn record(data: &[u8]) {
    use crate::report_clocks::Stage;
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(record) = crate::vuln::parse_record(Path::new("fuzz.toml"), text) else { return };
    let declaration = product();
    let _ = crate::vuln::check_against(Path::new("fuzz.toml"), &record, &declaration, Timestamp::UNIX_EPOCH);
    for kind in [crate::vuln::CsafKind::SecurityAdvisory, crate::vuln::CsafKind::Vex] {
        let _ = crate::vuln::csaf(&record, &declaration, kind);
    }
    for stage in [Stage::EarlyWarning, Stage::Notification, Stage::FinalReport] {
        if let Ok(reports) = crate::vuln::report(&record, &declaration, stage, Timestamp::MAX) {
            for report in reports {
                let _ = report.to_markdown();
            }
        }
    }
    let _ = crate::vuln::deadlines(std::slice::from_ref(&record), Timestamp::UNIX_EPOCH);
    let sbom = serde_json::json!({ "metadata": { "component": { "bom-ref": "product@1.0.0" } }, "components": [] });
    let _ = crate::vuln::cyclonedx_vex(std::slice::from_ref(&record), &sbom);
}

/// A small product the record target builds documents for.
#[cfg(feature = "vuln")]
fn product() -> crate::Declaration {
    use crate::declaration::{Party, Product};
    let mut declaration = crate::Declaration::new(
        Product {
            name: "Fuzz".into(),
            product_type: "F-1".into(),
            identification: "F-1".into(),
            version: "1.0.0".into(),
            intended_purpose: "fuzzing".into(),
            essential_functions: Vec::new(),
            security_properties: Vec::new(),
            license: None,
        },
        Party {
            name: "Maker".into(),
            postal_address: None,
            contact: None,
            website: Some("https://maker.example".into()),
        },
        crate::catalogue::Category::Default,
        crate::conformity::Procedure::ModuleA,
        crate::support::SupportPeriod {
            placed_on_market: jiff::civil::date(2027, 12, 11),
            end: crate::support::YearMonth::new(2032, 12).expect("a valid month"),
            shorter_period_justification: None,
            expected_use_time: None,
            reasoning: std::collections::BTreeMap::new(),
        },
    );
    declaration.components = Vec::new();
    declaration
}
