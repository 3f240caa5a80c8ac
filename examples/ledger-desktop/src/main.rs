//! Ledger Desktop entry point.

use ledger_desktop::storage::LedgerStore;

fn main() {
    let declaration = cra_component::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let store = LedgerStore::default();
    println!("Ledger Desktop: {} entries", store.entries.len());
}

#[cfg(test)]
mod tests {
    cra_core::declaration_tests!("expected/ledger-desktop.declaration.json");
}
