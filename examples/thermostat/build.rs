//! Writes the CRA declaration, gap report and SBOM of the firmware on every build and, for the
//! bare-metal target, hands the linker the board's memory map and the script that keeps the
//! CRA sections.
use std::path::PathBuf;

fn main() {
    cra_build::main();
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("none") {
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("Cargo sets OUT_DIR"));
        for script in ["memory.x", "cra.x"] {
            std::fs::copy(script, out.join(script)).unwrap_or_else(|e| panic!("{script}: {e}"));
            println!("cargo:rerun-if-changed={script}");
        }
        println!("cargo:rustc-link-search={}", out.display());
        // cortex-m-rt's script, then ours, which inserts the CRA sections into it.
        println!("cargo:rustc-link-arg-bins=-Tlink.x");
        println!("cargo:rustc-link-arg-bins=-Tcra.x");
    }
}
