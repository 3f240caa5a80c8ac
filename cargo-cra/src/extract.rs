//! `cargo cra extract`: read the declaration from a binary's link section without running it.

use std::path::Path;

use object::{Object, ObjectSection};

/// The section names `cra_core::embed_declaration!()` uses on ELF, Mach-O and PE.
const SECTIONS: [&str; 3] = [".cra_declaration", "__cra_decl", ".cradecl"];

/// The embedded declaration of `binary`.
pub fn extract(binary: &Path) -> Result<String, String> {
    let bytes = std::fs::read(binary).map_err(|e| format!("cannot read `{}`: {e}", binary.display()))?;
    let file = object::File::parse(&*bytes)
        .map_err(|e| format!("`{}` is not an executable or object file this tool reads: {e}", binary.display()))?;
    let section = file.sections().find(|s| s.name().is_ok_and(|n| SECTIONS.contains(&n))).ok_or_else(|| {
        format!(
            "`{}` has no embedded cra-rs declaration; build it with `cra_core::embed_declaration!()` called from `main`",
            binary.display()
        )
    })?;
    let data = section.data().map_err(|e| format!("cannot read the declaration section: {e}"))?;
    let text = std::str::from_utf8(data).map_err(|_| "the declaration section is not UTF-8".to_owned())?;
    Ok(text.trim_end_matches('\0').to_owned())
}
