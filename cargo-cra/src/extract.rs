//! `cargo cra extract`: read the declaration from a binary's link section without running it,
//! and, from a bare-metal image, the records of the components compiled in.

use std::path::Path;

use object::{Object, ObjectSection};

/// The section names `cra_component::embed_declaration!()` uses on ELF, Mach-O and PE.
const SECTIONS: [&str; 3] = [".cra_declaration", "__cra_decl", ".cradecl"];

/// What a binary holds of cra-rs.
pub struct Image {
    /// The embedded declaration, if any.
    pub declaration: Option<String>,
    /// The bytes of the component section (bare-metal images), if any.
    pub components: Option<Vec<u8>>,
    /// Whether it is an ELF executable for no operating system (no program interpreter, an
    /// embedded architecture): a firmware, whose components are records in the image.
    pub bare_metal: bool,
}

/// Reads the cra-rs sections of `binary`.
pub fn read_image(binary: &Path) -> Result<Image, String> {
    let bytes = std::fs::read(binary).map_err(|e| format!("cannot read `{}`: {e}", binary.display()))?;
    let file = object::File::parse(&*bytes)
        .map_err(|e| format!("`{}` is not an executable or object file this tool reads: {e}", binary.display()))?;
    let section_data = |names: &[&str]| -> Result<Option<Vec<u8>>, String> {
        let Some(section) = file.sections().find(|s| s.name().is_ok_and(|n| names.contains(&n))) else {
            return Ok(None);
        };
        let data =
            section.data().map_err(|e| format!("`{}`: cannot read section `{}`: {e}", binary.display(), names[0]))?;
        Ok(Some(data.to_vec()))
    };
    let declaration = match section_data(&SECTIONS)? {
        Some(data) => Some(
            String::from_utf8(data)
                .map_err(|_| format!("`{}`: the declaration section is not UTF-8", binary.display()))?
                .trim_end_matches('\0')
                .to_owned(),
        ),
        None => None,
    };
    let components = section_data(&[cra_core::registry::COMPONENT_SECTION])?;
    let bare_metal = file.format() == object::BinaryFormat::Elf
        && matches!(
            file.architecture(),
            object::Architecture::Arm
                | object::Architecture::Riscv32
                | object::Architecture::Avr
                | object::Architecture::Xtensa
        )
        && file.section_by_name(".interp").is_none()
        && file.section_by_name(".dynamic").is_none();
    Ok(Image { declaration, components, bare_metal })
}

/// The embedded declaration of `binary`.
pub fn extract(binary: &Path) -> Result<String, String> {
    read_image(binary)?.declaration.ok_or_else(|| {
        format!(
            "`{}` has no embedded cra-rs declaration: call `cra_component::embed_declaration!()` from `main` and keep its result reachable; a firmware's linker script must place the `.cra_declaration` section (docs/build.md, \"Firmware\")",
            binary.display()
        )
    })
}
