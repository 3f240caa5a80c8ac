//! Cross-crate tests, one binary: UI tests of `#[derive(CraComponent)]` and the run-time registry
//! over a library crate (`cra_tests`) and this binary.

mod attestation;
mod build_options;
mod csaf_provider;
mod depends_on;
mod depinfo;
mod documents;
mod e2e;
mod example_sources;
mod fixtures;
mod fuzz_corpus;
mod generator;
mod macro_walk;
mod one_grammar;
mod package_id;
mod registry;
mod rerun;
mod sbom;
mod ui;
mod vuln;
