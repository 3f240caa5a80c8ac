//! LockHub firmware entry point (host simulation).

use door_lock_hub::lock::LockControl;

fn main() {
    // The embedded declaration: readable here, and by `cargo cra extract` without running us.
    let declaration = cra_component::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let mut lock = LockControl::default();
    lock.apply(true, 1);
    println!("LockHub LH-200: {}", lock.state_report());
}

/// The default build matches its snapshot; a build with `cloud` declares one more component.
#[cfg(all(test, not(feature = "cloud")))]
mod tests {
    cra_core::declaration_tests!("expected/door-lock-hub.declaration.json");
}

#[cfg(all(test, feature = "cloud"))]
mod tests {
    cra_core::declaration_tests!();

    #[test]
    fn the_cloud_feature_adds_the_cloud_component() {
        assert!(cra_component::declaration_str!().contains("\"name\": \"cloud-sync\""));
    }
}
