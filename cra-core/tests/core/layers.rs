//! The modules of cra-core depend on each other in one direction: a module never reaches back
//! into one that uses it (no import cycle), so each can be read, tested and moved on its own.
//! Read from the source: every `crate::<module>` (and `super::` path back to the room) a module's
//! files name, comments and unit-test modules left out; for cra-core's top-level modules, the
//! generator's rooms under `build`, and cargo-cra's modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules in `dir` (the folder of the module at `path` in the crate, `[]` for the crate's
/// root) → the modules in `dir` each names: by `crate::<path>::<name>`, and by `super::` paths
/// that climb back to `dir`. The module's own file (`lib.rs`, `main.rs`, `mod.rs` in `dir`) is
/// left out: it is the room's entrance and may use every room.
fn module_graph(dir: &Path, path: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let absolute = ["crate"].iter().chain(path).copied().collect::<Vec<_>>().join("::") + "::";
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let file = entry.path();
            if file.is_dir() {
                stack.push(file);
                continue;
            }
            if file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = file.strip_prefix(dir).unwrap();
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let module = parts[0].trim_end_matches(".rs").to_owned();
            if parts.len() == 1 && ["lib", "main", "mod"].contains(&module.as_str()) {
                continue;
            }
            // How many `super::` lead from this file's module back to `dir`'s.
            let climb = parts.len() - usize::from(parts.last().unwrap() == "mod.rs");
            let relative_prefix = "super::".repeat(climb);
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            let names = graph.entry(module.clone()).or_default();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for prefix in [absolute.as_str(), relative_prefix.as_str()] {
                    for (at, _) in line.match_indices(prefix) {
                        let rest = &line[at + prefix.len()..];
                        if rest.starts_with("super::") {
                            continue;
                        }
                        let listed = rest.strip_prefix('{').map_or(rest, |group| group.split('}').next().unwrap_or(""));
                        for name in listed.split(',').map(|n| {
                            n.trim()
                                .chars()
                                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                                .collect::<String>()
                        }) {
                            if !name.is_empty() && name != module {
                                names.insert(name);
                            }
                        }
                    }
                }
            }
        }
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for names in graph.values_mut() {
        names.retain(|n| modules.contains(n));
    }
    graph
}

/// A cycle through `from`, if there is one: the path back to it.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    graph.keys().filter_map(|m| cycle_through(graph, m)).map(|cycle| cycle.join(" -> ")).collect()
}

#[test]
fn no_module_of_cra_core_reaches_back_into_one_that_uses_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src, &[]);
    assert!(graph.len() > 20, "the source was read: {graph:?}");
    assert!(graph["validate"].contains("declaration"), "the reader sees `crate::` paths");
    assert!(cycles(&graph).is_empty(), "import cycles: {:#?}", cycles(&graph));

    // The generator's rooms, and the command's modules, likewise.
    let rooms = module_graph(&src.join("build"), &["build"]);
    assert!(rooms.len() > 15 && rooms["verdict"].contains("metadata"), "the rooms were read: {rooms:?}");
    assert!(rooms["components"].contains("walk"), "`super::` paths are seen: {rooms:?}");
    assert!(cycles(&rooms).is_empty(), "import cycles between the generator's rooms: {:#?}", cycles(&rooms));
    let command = module_graph(&src.join("../../cargo-cra/src"), &[]);
    assert!(command.contains_key("check") && command.contains_key("build"), "{command:?}");
    assert!(cycles(&command).is_empty(), "import cycles in cargo-cra: {:#?}", cycles(&command));
}

/// The check finds a cycle when there is one (the same reader on a graph with one).
#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycle_through(&graph, "a").unwrap(), ["a", "b", "c", "a"]);
    graph.get_mut("c").unwrap().clear();
    assert!(cycle_through(&graph, "a").is_none());
}
