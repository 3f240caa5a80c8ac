//! Helpers for a product's own tests: the consistency of the build-time declaration with the
//! run-time registry, and snapshots of generated documents.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::declaration::Component;
use crate::registry::{DescriptorExt, components};

/// What a product test found: the message a failing test prints, saying what differs and how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Mismatch(String);

impl Mismatch {
    /// The message: what differs and how to fix it.
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// Checks that the components in a declaration (as the build-time generator found them in the
/// source) are exactly the components registered in this program (as the compiler built them),
/// by name and crate, and that each depends on the same components. A difference means a
/// component the scanner cannot see (made by a macro), a crate that is not linked, or a
/// `depends_on` path the generator resolved otherwise than the compiler (which resolved the
/// registry's, through each type's `CraComponent::NAME`).
pub fn registry_matches_declaration(declaration_json: &str) -> Result<(), Mismatch> {
    let registered: Vec<Component> = components().into_iter().map(DescriptorExt::to_component).collect();
    program_matches_declaration(declaration_json, &registered, Program::Registry)
}

/// The same check for a bare-metal image, whose components are the records of its
/// `.cra_components` section (`cra_component::record`): what `cargo cra verify <elf>
/// <declaration.json>` runs, since the firmware's own registry cannot run on the host.
pub fn image_matches_declaration(declaration_json: &str, component_section: &[u8]) -> Result<(), Mismatch> {
    let recorded = crate::registry::image_components(component_section).map_err(|e| Mismatch(e.to_string()))?;
    program_matches_declaration(declaration_json, &recorded, Program::Image)
}

/// Where the compiled components were read.
#[derive(Clone, Copy)]
enum Program {
    /// This program's run-time registry.
    Registry,
    /// A firmware image's component section.
    Image,
}

impl Program {
    fn name(self) -> &'static str {
        match self {
            Program::Registry => "the run-time registry",
            Program::Image => "the image's component records",
        }
    }

    /// Why a component of the source may be missing from the program, and the fix.
    fn missing_hint(self) -> &'static str {
        match self {
            Program::Registry => {
                "only in the declaration (found in the source, not linked into this program): {}\n    usual fix: a library crate that nothing references is not linked; add `use the_crate as _;` to the binary"
            }
            Program::Image => {
                "only in the declaration (found in the source, not in the image): {}\n    usual fix: a library crate that nothing references is not linked; add `use the_crate as _;` to the firmware"
            }
        }
    }
}

fn program_matches_declaration(declaration_json: &str, program: &[Component], from: Program) -> Result<(), Mismatch> {
    let declaration = crate::read::declaration_from_json(declaration_json).map_err(|e| Mismatch(e.to_string()))?.value;
    let key = |c: &Component| (c.name.clone(), c.crate_name.clone().unwrap_or_default());
    let declared: BTreeSet<(String, String)> = declaration.components.iter().map(key).collect();
    let compiled: BTreeSet<(String, String)> = program.iter().map(key).collect();
    if declared == compiled {
        return depends_on_match(&declaration, program, from);
    }
    let list = |set: Vec<&(String, String)>| {
        set.iter().map(|(name, krate)| format!("`{name}` (crate `{krate}`)")).collect::<Vec<_>>().join(", ")
    };
    let mut message = format!("the build-time declaration and {} differ", from.name());
    let only_declared: Vec<_> = declared.difference(&compiled).collect();
    if !only_declared.is_empty() {
        let _ = write!(message, "\n  {}", from.missing_hint().replacen("{}", &list(only_declared), 1));
    }
    let only_compiled: Vec<_> = compiled.difference(&declared).collect();
    if !only_compiled.is_empty() {
        let _ = write!(
            message,
            "\n  only in {} (compiled in, not found by the generator): {}\n    usual cause: a component made by a macro, or a module the generator could not follow (see its `cra:` build warnings); declare it where the generator can read it",
            from.name(),
            list(only_compiled)
        );
    }
    Err(Mismatch(message))
}

/// The dependencies of each component, as the declaration lists them and as the program does
/// (the same set of components on both sides, checked before).
fn depends_on_match(declaration: &crate::Declaration, program: &[Component], from: Program) -> Result<(), Mismatch> {
    let sorted = |names: &[String]| {
        let set: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        set.into_iter().map(|n| format!("`{n}`")).collect::<Vec<_>>()
    };
    let mut differences = Vec::new();
    for component in &declaration.components {
        let compiled = program.iter().find(|r| r.name == component.name && r.crate_name == component.crate_name);
        let Some(compiled) = compiled else { continue };
        let (declared, compiled) = (sorted(&component.depends_on), sorted(&compiled.depends_on));
        if declared != compiled {
            let list = |names: Vec<String>| if names.is_empty() { "nothing".to_owned() } else { names.join(", ") };
            differences.push(format!(
                "\n  component `{}` (crate `{}`): the declaration says it depends on {}, the program says {}",
                component.name,
                component.crate_name.as_deref().unwrap_or_default(),
                list(declared),
                list(compiled)
            ));
        }
    }
    if differences.is_empty() {
        return Ok(());
    }
    Err(Mismatch(format!(
        "the build-time declaration and {} differ in `depends_on`:{}\n    usual cause: a `depends_on` path the generator resolved otherwise than the compiler; write the path in full (`depends_on(the_crate::Type)`) and report it",
        from.name(),
        differences.concat()
    )))
}

/// Compares `actual` with the file at `path`; with the environment variable `CRA_BLESS` set,
/// writes `actual` there first. The error says how to update the snapshot.
pub fn snapshot(path: &Path, actual: &str) -> Result<(), Mismatch> {
    snapshot_message(path, actual).map_err(Mismatch)
}

fn snapshot_message(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("CRA_BLESS").is_some() {
        crate::write::file(path, actual.as_bytes()).map_err(|e| format!("{e}: {}", e.source))?;
    }
    let expected = match std::fs::read_to_string(path) {
        Ok(expected) => expected,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "{}: no snapshot yet: run the tests with CRA_BLESS=1 to write it from the generated output, review it and commit it",
                path.display()
            ));
        }
        Err(e) => return Err(format!("{}: cannot read the snapshot: {e}", path.display())),
    };
    if expected == actual {
        return Ok(());
    }
    // Two declarations: say what changed, as `cargo cra diff` does (an edited evidence file is
    // a changed digest); otherwise name the first line that differs.
    let parse = |text: &str| crate::read::declaration_from_json(text).ok().map(|read| read.value);
    if let (Some(before), Some(after)) = (parse(&expected), parse(actual)) {
        let changes = crate::diff::declarations(&before, &after);
        if !changes.is_empty() {
            let listed: Vec<String> = changes.iter().map(|c| format!("  {c}")).collect();
            return Err(format!(
                "{} differs from the generated declaration:\n{}\nreview the change and run the tests with CRA_BLESS=1 to accept it",
                path.display(),
                listed.join("\n")
            ));
        }
    }
    let (line, was, now) = expected
        .lines()
        .map(Some)
        .chain(std::iter::repeat(None))
        .zip(actual.lines().map(Some).chain(std::iter::repeat(None)))
        .take(expected.lines().count().max(actual.lines().count()))
        .enumerate()
        .find(|(_, (was, now))| was != now)
        .map_or((0, None, None), |(i, (was, now))| (i + 1, was, now));
    Err(format!(
        "{} differs from the generated output at line {line}:\n  snapshot:  {}\n  generated: {}\nreview the change and run the tests with CRA_BLESS=1 to accept it",
        path.display(),
        was.unwrap_or("(end of file)").trim(),
        now.unwrap_or("(end of file)").trim(),
    ))
}

/// The tests every product wants, in its binary crate: the build-time declaration equals the
/// run-time registry, and (given a path relative to the crate) the declaration equals its
/// checked-in snapshot (`CRA_BLESS=1` updates it).
///
/// ```ignore
/// #[cfg(test)]
/// mod tests {
///     cra_core::declaration_tests!("expected/lockhub.declaration.json");
/// }
/// ```
#[macro_export]
macro_rules! declaration_tests {
    () => {
        #[test]
        fn build_time_components_equal_the_run_time_registry() {
            if let ::core::result::Result::Err(difference) =
                $crate::testing::registry_matches_declaration($crate::declaration_str!())
            {
                ::core::panic!("{difference}");
            }
        }
    };
    ($snapshot:expr) => {
        $crate::declaration_tests!();

        #[test]
        fn declaration_matches_the_snapshot() {
            let path = ::std::path::Path::new(::core::env!("CARGO_MANIFEST_DIR")).join($snapshot);
            if let ::core::result::Result::Err(difference) =
                $crate::testing::snapshot(&path, $crate::declaration_str!())
            {
                ::core::panic!("{difference}");
            }
        }
    };
}
