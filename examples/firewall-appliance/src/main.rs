//! BastionOS entry point (host simulation).

use firewall_appliance::filter::PacketFilter;

fn main() {
    let declaration = cra_component::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let filter = PacketFilter::default();
    println!("Bastion FW-5000: {} rules active", filter.rules);
}

#[cfg(test)]
mod tests {
    cra_core::declaration_tests!("expected/firewall-appliance.declaration.json");
}
