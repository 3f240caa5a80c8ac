//! Ledger Desktop entry point.

use ledger_desktop::storage::LedgerStore;

fn main() {
    let declaration = cra_core::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let store = LedgerStore::default();
    println!("Ledger Desktop: {} entries", store.entries.len());
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn build_time_components_equal_the_run_time_registry() {
        cra_core::testing::registry_matches_declaration(cra_core::declaration_str!()).unwrap();
    }

    #[test]
    fn declaration_matches_the_snapshot() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("expected/ledger-desktop.declaration.json");
        cra_core::testing::snapshot(&path, cra_core::declaration_str!()).unwrap();
    }
}
