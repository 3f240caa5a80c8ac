//! What cannot ship on bare metal: a crate of cra-rs that needs `std` (the model, `cra-core`)
//! in the packages Cargo compiles for a `target_os = "none"` target. Cargo would stop at
//! "can't find crate for `std`" in one of its dependencies, which names neither the crate that
//! pulled it in nor the fix; this check names both, from the graph `cargo tree --target` gave.

use super::diagnostics::BuildError;
use super::env::BuildEnv;
use super::tree::ShippedGraph;

/// The crates of cra-rs that need `std`; a product links `cra-component` instead.
const STD_ONLY: &[&str] = &["cra-core"];

/// An error when the build target is bare metal and a `std`-only crate of cra-rs ships.
pub(crate) fn check(graph: &ShippedGraph, env: &BuildEnv) -> Result<(), BuildError> {
    let bare_metal = env.cfg.get("target_os").is_some_and(|os| os.len() == 1 && os.contains("none"));
    if !bare_metal {
        return Ok(());
    }
    let Some((index, package)) = graph.packages.iter().enumerate().find(|(_, p)| STD_ONLY.contains(&p.name.as_str()))
    else {
        return Ok(());
    };
    let mut dependents: Vec<String> = graph
        .packages
        .iter()
        .filter(|p| p.dependencies.contains(&index))
        .map(|p| format!("{} {}", p.name, p.version))
        .collect();
    dependents.sort();
    dependents.dedup();
    Err(BuildError::StdOnlyOnBareMetal { package: package.name.clone(), target: env.target.clone(), dependents })
}
