//! BastionOS entry point (host simulation).

use firewall_appliance::filter::PacketFilter;

fn main() {
    let declaration = cra_core::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let filter = PacketFilter::default();
    println!("Bastion FW-5000: {} rules active", filter.rules);
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
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("expected/firewall-appliance.declaration.json");
        cra_core::testing::snapshot(&path, cra_core::declaration_str!()).unwrap();
    }
}
