//! # cra-component: what a product's own code links
//!
//! `#[derive(CraComponent)]` (crate `cra-derive`) turns a type into a component of a product
//! with digital elements under the Cyber Resilience Act (Regulation (EU) 2024/2847). Its output
//! names this crate only: a [`CraComponent`] impl and one constant [`ComponentDescriptor`],
//! registered so that a test can hold the program against the declaration the build wrote.
//! [`embed_declaration!`] puts that declaration into the binary for `cargo cra extract`.
//!
//! The crate is `#![no_std]`, needs no `alloc` and, on bare metal, no dependency at all: the
//! model of the regulation (`cra-core`: serde, dates, licences, validation) is for the build
//! script, the `cargo cra` command and the product's tests, never for the firmware or service
//! itself (docs/api.md, "Two crates, the way `log` and its loggers are two").
//!
//! ## Registration, by target
//! - **Hosted targets** (Linux, macOS, Windows, the BSDs …): through `inventory`, whose
//!   constructors the program loader runs; [`registered`] lists the components, and
//!   `cra_core::testing::registry_matches_declaration` compares them with the declaration.
//! - **Bare metal** (`target_os = "none"`, e.g. `thumbv7em-none-eabihf`,
//!   `riscv32imc-unknown-none-elf`): no loader runs constructors, so each component is one
//!   record of plain bytes in the link section [`COMPONENT_SECTION`] (see [`record`]), which
//!   `cargo cra extract` reads from the firmware ELF and `cargo cra verify` holds against the
//!   declaration. The linker script must keep the section (`KEEP`, docs/build.md, "Firmware").
//!
//! ```
//! // What the derive generates for `#[derive(CraComponent)] struct Storage;`, by hand:
//! struct Storage;
//! impl cra_component::CraComponent for Storage {
//!     const NAME: &'static str = "Storage";
//! }
//! cra_component::__register! {
//!     cra_component::ComponentDescriptor {
//!         name: "Storage",
//!         version: "1.0.0",
//!         module_path: module_path!(),
//!         data: r#"{"description":"Keeps the keys"}"#,
//!         depends_on: &[],
//!     }
//! }
//! # #[cfg(not(target_os = "none"))]
//! assert!(cra_component::registered().any(|c| c.name == "Storage"));
//! ```
#![no_std]

pub mod record;

pub use record::{COMPONENT_SECTION, DECLARATION_SECTION};

/// A type that is a component of a product with digital elements, implemented by
/// `#[derive(CraComponent)]`.
///
/// A generic type is one component: its description does not depend on its type parameters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CRA component",
    label = "named in `depends_on`, but not a component",
    note = "add `#[derive(CraComponent)]` to `{Self}`, or remove it from `depends_on(...)`"
)]
pub trait CraComponent {
    /// The component's name, unique in the product.
    const NAME: &'static str;

    /// The component's registered description (hosted targets; on bare metal the registration
    /// is a link-section record, read from the image, not from the running program).
    #[cfg(not(target_os = "none"))]
    fn descriptor() -> Option<&'static ComponentDescriptor> {
        registered().find(|c| c.name == Self::NAME)
    }

    /// Hosted targets only: on bare metal a call is a compile error that says where the
    /// component's record is read instead (see [`HostedTargetOnly`]).
    #[cfg(target_os = "none")]
    fn descriptor() -> Option<&'static ComponentDescriptor>
    where
        Self: HostedTargetOnly,
    {
        None
    }
}

/// What only a hosted target has: a registry of components filled when the program starts.
///
/// On bare metal, [`registered`] and [`CraComponent::descriptor`] require this trait, which
/// nothing implements there and nothing outside this crate can implement (it is sealed), so a
/// firmware that asks for its components at run time gets this compile error naming the call,
/// instead of the items being missing or, worse, an empty list at run time.
#[cfg(target_os = "none")]
#[diagnostic::on_unimplemented(
    message = "the registry of components exists on hosted targets only; on bare metal components are records in the image",
    label = "needs the run-time registry of a hosted target",
    note = "on bare metal each component is a record in the `.cra_components` section of the firmware image: read them with `cargo cra extract <elf>` and compare with `cargo cra verify <elf> <declaration.json>`",
    note = "or ask in a host test of this crate (`cargo test` on the host), where `cra_core::declaration_tests!` checks the registry against the declaration"
)]
pub trait HostedTargetOnly: sealed::Sealed {}

#[cfg(target_os = "none")]
mod sealed {
    /// Keeps [`super::HostedTargetOnly`] unimplemented outside this crate.
    pub trait Sealed {}
}

/// A component as constant data, registered by the derive.
///
/// Kept lean on purpose: each field the derive fills costs compile time in every product, so the
/// description, claims and interfaces travel as one JSON string, written by the derive with the
/// serde types of `cra_core::registry::ComponentData` that read it back.
#[derive(Debug)]
pub struct ComponentDescriptor {
    /// Name, unique in the product.
    pub name: &'static str,
    /// Version (the crate's by default).
    pub version: &'static str,
    /// The module that declares it, e.g. `lockhub::actuator`; its first segment is the crate.
    pub module_path: &'static str,
    /// `cra_core::registry::ComponentData` as JSON.
    pub data: &'static str,
    /// Names of the components it builds on.
    pub depends_on: &'static [&'static str],
}

impl ComponentDescriptor {
    /// The crate that declares the component (the first segment of its module path).
    pub fn crate_name(&self) -> &'static str {
        crate_of(self.module_path)
    }
}

/// The first segment of a module path: its crate.
pub(crate) fn crate_of(module_path: &str) -> &str {
    match module_path.split("::").next() {
        Some(first) => first,
        None => module_path,
    }
}

#[cfg(not(target_os = "none"))]
inventory::collect!(ComponentDescriptor);

/// Every component registered in this program, in no particular order (hosted targets).
/// `cra_core::registry::components` sorts them and drops duplicates.
#[cfg(not(target_os = "none"))]
pub fn registered() -> impl Iterator<Item = &'static ComponentDescriptor> {
    inventory::iter::<ComponentDescriptor>.into_iter()
}

/// Hosted targets only: on bare metal a call is a compile error that says where the components
/// are read instead (see [`HostedTargetOnly`]). The bound names a lifetime so that it is checked
/// where the function is called, not here.
#[cfg(target_os = "none")]
pub fn registered() -> impl Iterator<Item = &'static ComponentDescriptor>
where
    for<'a> &'a (): HostedTargetOnly,
{
    core::iter::empty()
}

/// Registers a component: what the derive's output calls. Not a public API.
#[cfg(not(target_os = "none"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($descriptor:expr) => {
        $crate::__private::inventory::submit! { $descriptor }
    };
}

/// Registers a component: what the derive's output calls. Not a public API. On bare metal the
/// descriptor becomes a byte record in the component section, kept by the linker script.
#[cfg(target_os = "none")]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($descriptor:expr) => {
        const _: () = {
            const __CRA_DESCRIPTOR: $crate::ComponentDescriptor = $descriptor;
            #[used]
            #[unsafe(link_section = ".cra_components")]
            static __CRA_COMPONENT: [u8; $crate::record::record_len(&__CRA_DESCRIPTOR)] =
                $crate::record::record(&__CRA_DESCRIPTOR);
        };
    };
}

/// The declaration the build-time generator wrote for this crate, as `&'static str`.
///
/// Needs `cra_build::main()` in the crate's `build.rs`.
#[macro_export]
macro_rules! declaration_str {
    () => {
        ::core::include_str!(::core::concat!(::core::env!("OUT_DIR"), "/cra/declaration.json"))
    };
}

/// Embeds the declaration the build-time generator wrote in a dedicated link section of the
/// binary, so that `cargo cra extract <binary>` can read it without running the program, and
/// returns it as `&'static str`.
///
/// The section is `.cra_declaration` (ELF, bare metal included), `__DATA,__cra_decl` (Mach-O)
/// or `.cradecl` (PE). Keep the returned string reachable (call the macro from `main`, e.g. for
/// a `--cra-declaration` flag or a debug command of a firmware): the linker drops sections
/// nothing references. A firmware's linker script places the section (docs/build.md,
/// "Firmware"). A link section is an unsafe attribute; a crate with `#![forbid(unsafe_code)]`
/// can use [`declaration_str!`].
#[macro_export]
macro_rules! embed_declaration {
    () => {{
        const __CRA_DECLARATION: &str = $crate::declaration_str!();
        #[used]
        #[cfg_attr(any(target_os = "macos", target_os = "ios"), unsafe(link_section = "__DATA,__cra_decl"))]
        #[cfg_attr(windows, unsafe(link_section = ".cradecl"))]
        #[cfg_attr(
            not(any(target_os = "macos", target_os = "ios", windows)),
            unsafe(link_section = ".cra_declaration")
        )]
        static __CRA_DECLARATION_SECTION: [u8; __CRA_DECLARATION.len()] = {
            let mut bytes = [0u8; __CRA_DECLARATION.len()];
            let source = __CRA_DECLARATION.as_bytes();
            let mut i = 0;
            while i < source.len() {
                bytes[i] = source[i];
                i += 1;
            }
            bytes
        };
        match ::core::str::from_utf8(&__CRA_DECLARATION_SECTION) {
            ::core::result::Result::Ok(text) => text,
            ::core::result::Result::Err(_) => __CRA_DECLARATION,
        }
    }};
}

/// What generated code names beyond the crate root: the registration's `inventory` (the derive's
/// output names [`CraComponent`], [`ComponentDescriptor`] and `__register!` at the root). Not a
/// public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    #[cfg(not(target_os = "none"))]
    pub use inventory;
}
