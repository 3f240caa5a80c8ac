//! `cargo cra export --format oscal`: the declaration (a file, or a binary embedding it) as an
//! OSCAL component definition, with the CRA catalog its controls come from, for governance,
//! risk and compliance tools. A draft is exported, marked as one, and said on the standard error.

use std::fmt::Write as _;
use std::path::Path;

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// OSCAL 1.1: `cra-catalog.json` and `<product>.component-definition.json`.
    Oscal,
}

/// Writes the files into `out` (each whole or not at all) and lists them.
pub fn export(declaration_path: &Path, format: ExportFormat, out: &Path) -> Result<String, String> {
    let ExportFormat::Oscal = format;
    let text = crate::declaration_file::read_declaration(declaration_path)?;
    let declaration = crate::declaration_file::parse_declaration(declaration_path, &text)?;
    if declaration.conformity_status() == cra_core::declaration::ConformityStatus::Draft {
        eprintln!(
            "note: {} is a draft: the component definition is marked as one and states no conformity (Art. 28(1))",
            declaration_path.display()
        );
    }
    let files = [
        (cra_core::oscal::CATALOG_FILE.to_owned(), cra_core::oscal::catalog()),
        (
            format!(
                "{}.component-definition.json",
                declaration.product.name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-")
            ),
            cra_core::oscal::component_definition(&declaration),
        ),
    ];
    let mut listed = String::new();
    for (name, value) in files {
        let path = out.join(name);
        cra_core::write::file(&path, cra_core::write::json_text(&value).as_bytes())
            .map_err(|e| format!("{e}: {}", e.source))?;
        let _ = writeln!(listed, "{}", path.display());
    }
    Ok(listed)
}
