//! LockHub firmware entry point (host simulation).

use door_lock_hub::lock::LockControl;

fn main() {
    // The embedded declaration: readable here, and by `cargo cra extract` without running us.
    let declaration = cra_core::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let mut lock = LockControl::default();
    lock.apply(true, 1);
    println!("LockHub LH-200: locked = {}", lock.locked);
}

#[cfg(test)]
mod tests {
    /// The components found in the source at build time are the components linked into the program.
    #[test]
    fn build_time_components_equal_the_run_time_registry() {
        cra_core::testing::registry_matches_declaration(cra_core::declaration_str!()).unwrap();
    }

    /// The declaration of the default build is the checked-in snapshot.
    #[test]
    #[cfg(not(feature = "cloud"))]
    fn declaration_matches_the_snapshot() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("expected/door-lock-hub.declaration.json");
        cra_core::testing::snapshot(&path, cra_core::declaration_str!()).unwrap();
    }
}
