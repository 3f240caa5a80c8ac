//! The bytes a component leaves in a bare-metal image, and how they are read back: one format,
//! written by [`record`] at compile time and read by [`records`] (`cargo cra extract`).
//!
//! A record is plain bytes, with no pointers the linker would have to relocate, so a reader
//! needs the section's contents only, not the image's symbol table or load address:
//!
//! ```text
//! MAGIC name NUL version NUL module_path NUL (depends_on US)* NUL data NUL
//! ```
//!
//! `MAGIC` is `CRA\x01` (the last byte is the format's version), NUL is `0x00`, US is `0x1f`.
//! None of the fields can hold either byte: names, versions and module paths are Rust
//! identifiers and semver strings, and `data` is JSON, which escapes control characters.
//! Records follow each other; a linker may put zero bytes between them (alignment), which the
//! reader skips.

/// The ELF section that holds the component records of a bare-metal image.
pub const COMPONENT_SECTION: &str = ".cra_components";

/// The ELF section that holds the embedded declaration ([`embed_declaration!`](crate::embed_declaration)).
pub const DECLARATION_SECTION: &str = ".cra_declaration";

/// The first bytes of every record; the last one is the format's version.
pub const MAGIC: &[u8; 4] = b"CRA\x01";

const NUL: u8 = 0;
const US: u8 = 0x1f;

use crate::ComponentDescriptor;

/// The length of the record of `descriptor`, in bytes (the array type of the static).
pub const fn record_len(descriptor: &ComponentDescriptor) -> usize {
    let mut len = MAGIC.len()
        + descriptor.name.len()
        + 1
        + descriptor.version.len()
        + 1
        + descriptor.module_path.len()
        + 1
        + 1
        + descriptor.data.len()
        + 1;
    let mut i = 0;
    while i < descriptor.depends_on.len() {
        len += descriptor.depends_on[i].len() + 1;
        i += 1;
    }
    len
}

/// The record of `descriptor`, at compile time. `N` must be [`record_len`]`(descriptor)`; any
/// other length fails to compile (a panic in a constant).
pub const fn record<const N: usize>(descriptor: &ComponentDescriptor) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = copy(&mut out, 0, MAGIC);
    at = copy(&mut out, at, descriptor.name.as_bytes());
    at = copy(&mut out, at, &[NUL]);
    at = copy(&mut out, at, descriptor.version.as_bytes());
    at = copy(&mut out, at, &[NUL]);
    at = copy(&mut out, at, descriptor.module_path.as_bytes());
    at = copy(&mut out, at, &[NUL]);
    let mut i = 0;
    while i < descriptor.depends_on.len() {
        at = copy(&mut out, at, descriptor.depends_on[i].as_bytes());
        at = copy(&mut out, at, &[US]);
        i += 1;
    }
    at = copy(&mut out, at, &[NUL]);
    at = copy(&mut out, at, descriptor.data.as_bytes());
    at = copy(&mut out, at, &[NUL]);
    assert!(at == N, "the record's length is not record_len(descriptor)");
    out
}

/// Copies `bytes` into `out` at `at`; returns the position after them.
const fn copy<const N: usize>(out: &mut [u8; N], at: usize, bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        out[at + i] = bytes[i];
        i += 1;
    }
    at + bytes.len()
}

/// A component record read back from an image: the descriptor's fields, borrowed from the
/// section's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// The component's name.
    pub name: &'a str,
    /// Its version.
    pub version: &'a str,
    /// The module that declares it.
    pub module_path: &'a str,
    /// The names of the components it builds on, each followed by `0x1f`; see
    /// [`Record::depends_on`].
    depends_on: &'a str,
    /// `cra_core::registry::ComponentData` as JSON.
    pub data: &'a str,
}

impl<'a> Record<'a> {
    /// The crate that declares the component.
    pub fn crate_name(&self) -> &'a str {
        crate::crate_of(self.module_path)
    }

    /// The names of the components it builds on, in the order written.
    pub fn depends_on(&self) -> impl Iterator<Item = &'a str> {
        self.depends_on.split('\u{1f}').filter(|name| !name.is_empty())
    }
}

/// What is wrong with a component section: the byte offset in the section, and what was
/// expected there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordError {
    /// Offset in the section.
    pub offset: usize,
    /// What was expected.
    pub expected: &'static str,
}

impl core::fmt::Display for RecordError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "component section, byte {}: expected {}", self.offset, self.expected)
    }
}

impl core::error::Error for RecordError {}

/// The records of a component section, in the order the linker placed them.
pub fn records(section: &[u8]) -> Records<'_> {
    Records { section, at: 0 }
}

/// Iterator over the records of a section ([`records`]); stops after the first error.
#[derive(Debug, Clone)]
pub struct Records<'a> {
    section: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    /// The next field ending in NUL, as text.
    fn field(&mut self, expected: &'static str) -> Result<&'a str, RecordError> {
        let error = RecordError { offset: self.at, expected };
        let rest = self.section.get(self.at..).ok_or(error)?;
        let end = rest.iter().position(|&b| b == NUL).ok_or(error)?;
        let text = core::str::from_utf8(&rest[..end]).map_err(|_| error)?;
        self.at += end + 1;
        Ok(text)
    }

    fn next_record(&mut self) -> Result<Record<'a>, RecordError> {
        if self.section.get(self.at..self.at + MAGIC.len()) != Some(&MAGIC[..]) {
            return Err(RecordError { offset: self.at, expected: "a record (`CRA\\x01`)" });
        }
        self.at += MAGIC.len();
        Ok(Record {
            name: self.field("the component's name ending in NUL")?,
            version: self.field("its version ending in NUL")?,
            module_path: self.field("its module path ending in NUL")?,
            depends_on: self.field("its dependencies ending in NUL")?,
            data: self.field("its data (JSON) ending in NUL")?,
        })
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.section.get(self.at) == Some(&NUL) {
            self.at += 1;
        }
        if self.at >= self.section.len() {
            return None;
        }
        let record = self.next_record();
        if record.is_err() {
            self.at = self.section.len();
        }
        Some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORAGE: ComponentDescriptor = ComponentDescriptor {
        name: "Storage",
        version: "1.2.0",
        module_path: "thermostat::storage",
        data: r#"{"description":"Keeps the schedule"}"#,
        depends_on: &["Flash", "Crypto"],
    };
    const SENSOR: ComponentDescriptor = ComponentDescriptor {
        name: "Sensor",
        version: "0.3.0",
        module_path: "sensor_driver",
        data: "{}",
        depends_on: &[],
    };

    #[test]
    fn records_written_at_compile_time_read_back_with_padding_between_them() {
        const LEN_A: usize = record_len(&STORAGE);
        const LEN_B: usize = record_len(&SENSOR);
        const A: [u8; LEN_A] = record(&STORAGE);
        const B: [u8; LEN_B] = record(&SENSOR);
        let mut section = [0u8; LEN_A + 3 + LEN_B];
        section[..LEN_A].copy_from_slice(&A);
        section[LEN_A + 3..].copy_from_slice(&B);
        let mut read = records(&section);
        let first = read.next().unwrap().unwrap();
        assert_eq!((first.name, first.version, first.crate_name()), ("Storage", "1.2.0", "thermostat"));
        assert_eq!(first.data, STORAGE.data);
        let mut deps = first.depends_on();
        assert_eq!((deps.next(), deps.next(), deps.next()), (Some("Flash"), Some("Crypto"), None));
        let second = read.next().unwrap().unwrap();
        assert_eq!((second.name, second.module_path, second.depends_on().next()), ("Sensor", "sensor_driver", None));
        assert!(read.next().is_none());
    }

    #[test]
    fn a_damaged_section_is_an_error_at_its_offset_then_the_end() {
        const A: [u8; record_len(&SENSOR)] = record(&SENSOR);
        let mut read = records(&A[..A.len() - 1]);
        let error = read.next().unwrap().unwrap_err();
        assert_eq!(error.expected, "its data (JSON) ending in NUL");
        assert!(read.next().is_none());
        let error = records(b"XYZ").next().unwrap().unwrap_err();
        assert_eq!((error.offset, error.expected), (0, "a record (`CRA\\x01`)"));
    }
}
