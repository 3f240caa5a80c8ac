//! Replays every input of the fuzz targets' corpus (`fuzz/corpus/<target>/`) and every crash
//! reproducer (`fuzz/regressions/<target>/`) through the same entry points the fuzzers call
//! (`cra_core::fuzz`), on the stable compiler, so a fixed crash stays fixed. A panic fails.

use super::fixtures::workspace;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("declaration", cra_core::fuzz::declaration),
    ("metadata", cra_core::fuzz::metadata),
    ("grammar", cra_core::fuzz::grammar),
    ("clocks", cra_core::fuzz::clocks),
    ("record", cra_core::fuzz::record),
    ("walker", cra_core::fuzz::walker),
];

/// The replay judges panics, not stack depth: it runs on 64 MiB. A build script's main thread
/// has 8 MiB on Linux and macOS; syn's recursive descent, unoptimized, comes close to that on
/// some deeply nested inputs of the corpus (a CI run overflowed 8 MiB once while other tests
/// ran), and a test thread's 2 MiB is far too little (docs/hardening.md).
const STACK: usize = 64 << 20;

#[test]
fn every_corpus_input_and_crash_reproducer_runs_without_a_panic() {
    let outcome = std::thread::Builder::new().stack_size(STACK).spawn(replay).unwrap().join();
    cra_core::fuzz::clean_up();
    outcome.unwrap();
}

fn replay() {
    let mut counts = Vec::new();
    for (name, target) in TARGETS {
        let mut inputs = 0;
        for folder in ["corpus", "regressions"] {
            let dir = workspace().join("fuzz").join(folder).join(name);
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(outcome.is_ok(), "fuzz target `{name}` panics on {}", path.display());
                inputs += 1;
            }
        }
        counts.push((name, inputs));
    }
    for (name, inputs) in counts {
        assert!(inputs > 0, "the corpus of `{name}` is empty");
    }
}
