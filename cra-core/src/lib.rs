//! # cra-core: the EU Cyber Resilience Act as Rust types
//!
//! A product declares its CRA facts in `Cargo.toml`, its components' claims next to their code,
//! and gets its conformity declaration, gap report and SBOM from every build:
//!
//! ```toml
//! [dependencies]
//! cra-component = "=0.1.0"   # what the product links (#![no_std])
//! cra-derive = "=0.1.0"
//!
//! [dev-dependencies]
//! cra-core = "=0.1.0"        # this crate: the model, for the product's tests
//!
//! [build-dependencies]
//! cra-build = "=0.1.0"
//!
//! [package.metadata.cra]
//! type = "LH-200"
//! intended-purpose = "Hub that locks and unlocks smart door locks in a private home"
//! category = "III.I.17"
//! procedure = "module_b_plus_c"
//! placed-on-market = "2027-12-11"
//! support-end = "2034-12"
//! manufacturer = { name = "Example Devices GmbH", postal-address = "Musterstrasse 1, Berlin", contact = "support@devices.example" }
//! ```
//!
//! ```ignore
//! // build.rs (with `cra-build` as build-dependency: docs/build.md)
//! fn main() {
//!     cra_build::main();
//! }
//!
//! // src/lock.rs
//! /// Drives the lock actuator and checks every unlock request against the paired keys.
//! #[derive(cra_derive::CraComponent)]
//! #[cra(addresses(access_control, evidence(test_report = "docs/reports/auth.md")))]
//! pub struct LockControl;
//!
//! // src/main.rs: the declaration, embedded in the binary for `cargo cra extract`
//! let declaration: &'static str = cra_component::embed_declaration!();
//! ```
//!
//! The build line (`cra-build`) runs the generator, which writes `$OUT_DIR/cra/declaration.json`,
//! `gap-report.json` and `sbom.cdx.json` (docs/build.md). The generator is this crate's module
//! `build` (feature `build`), compiled into the installed `cargo cra`, or into the build script
//! with `cra-build`'s `in-process`; a product never names it.
//!
//! Regulation (EU) 2024/2847 (the CRA) asks every product with digital elements placed on the EU
//! market to meet the essential requirements of Annex I, to pass a conformity assessment chosen
//! by its category, and to carry an EU declaration of conformity. This crate encodes those rules
//! so that the compiler and a validator check them:
//!
//! - [`catalogue`]: requirements (`I.1`, `I.2.a` … `I.2.m`, `II.1` … `II.8`), categories of
//!   Annex III and IV, milestone dates, all versioned;
//! - [`scope`]: is a product in scope (Art. 2, 3);
//! - [`conformity`]: which procedures a product may use (Art. 32);
//! - [`evidence`] and [`claim`]: how components show they address a requirement;
//! - [`support`]: support period and retention dates (Art. 13(8)–(13));
//! - [`report_clocks`]: Art. 14 reporting deadlines;
//! - [`declaration`], [`annex`]: the document and the Annex II, V, VI and VII views;
//! - [`validate`](Declaration::validate), [`read`], `schema` (feature `schema`): checking,
//!   reading back, JSON Schema.
//!
//! ```
//! use cra_core::catalogue::{Category, RequirementId};
//! use cra_core::conformity::{allowed_procedures, AssessmentFacts, ProcedureKind};
//!
//! let lock: Category = "III.I.17".parse().unwrap(); // smart door lock
//! let ruling = allowed_procedures(&AssessmentFacts { category: lock, ..Default::default() });
//! // No harmonised standard covers the requirements yet: Module A is not available (Art. 32(2)).
//! assert!(ruling.allowed.iter().all(|a| a.procedure != ProcedureKind::ModuleA));
//! assert_eq!(ruling.reference, "Art. 32(2)");
//! assert_eq!("access_control".parse::<RequirementId>().unwrap().as_str(), "I.2.d");
//! ```
//!
//! What the model does not decide for you: whether a product's core functionality falls into a
//! category, whether supply is commercial, whether a requirement applies to your risks. It records
//! those judgements and checks what follows from them.
//!
//! ## Feature flags
//! - `syntax`: the `#[cra(...)]` attribute grammar (`cra-grammar`'s, which `cra-derive` compiles
//!   alone), re-exported for the build-time generator.
//! - `build`: the build-time generator that `cra-build` runs (`cra_core::build`).
//! - `schema`: the JSON Schema of declaration documents (`cra_core::schema`, with schemars). Off by
//!   default: products do not need it, and it costs compile time in every build.
//! - `render`: the documents people read (EU declaration of conformity, Annex II, VI and VII,
//!   compliance report) in Markdown and HTML from overridable templates (`cra_core::render`,
//!   with MiniJinja). Off by default; `cargo cra render` turns it on.

// The shapes of every string ID of the model, written once in cra-grammar (which needs them
// for the requirement IDs it holds); named here before the modules, which use them.
macro_rules! string_id {
    ($($input:tt)*) => { cra_grammar::__string_id!($($input)*); };
}
macro_rules! string_schema {
    ($($input:tt)*) => { cra_grammar::__string_schema!($($input)*); };
}

pub mod annex;
#[cfg(feature = "build")]
pub mod build;
pub mod catalogue;
#[cfg(feature = "attestation")]
pub mod cdxa;
pub mod ce_marking;
pub mod claim;
pub mod conformity;
pub mod declaration;
pub mod diff;
pub mod evidence;
pub mod gaps;
pub mod known_vulnerabilities;
#[cfg(feature = "oscal")]
pub mod oscal;
pub mod read;
pub mod registry;
#[cfg(feature = "render")]
pub mod render;
pub mod report_clocks;
pub mod roles;
#[cfg(feature = "schema")]
pub mod schema;
pub mod scope;
#[cfg(feature = "sign")]
pub mod sign;
pub mod support;
// The grammar shared by cra-derive and the generator lives in cra-grammar; this module adds
// what turns its items into the model's values. Hidden, and outside the stability promise of
// docs/api.md.
#[cfg(feature = "syntax")]
#[doc(hidden)]
pub mod syntax;
pub mod testing;
pub mod validate;
mod validation_code;
#[cfg(any(feature = "build", feature = "vuln"))]
pub mod vuln;
pub mod write;

// What the generator and the vulnerability-record reader share, below both: located errors,
// digests, TOML dates.
#[cfg(any(feature = "build", feature = "vuln", feature = "oscal", feature = "sign", feature = "attestation"))]
mod digest;
#[cfg(any(feature = "build", feature = "vuln"))]
mod located;
#[cfg(any(feature = "build", feature = "vuln"))]
mod toml_date;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz;

use cra_grammar::suggest;

pub use catalogue::{Category, RequirementId};
pub use claim::Claim;
pub use declaration::Declaration;

/// The declaration macros live in `cra-component`, the crate product code links; they are
/// here too so that code written against cra-core keeps working.
pub use cra_component::{declaration_str, embed_declaration};
