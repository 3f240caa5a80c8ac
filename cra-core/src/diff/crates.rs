//! The shipped crates that changed between two CycloneDX SBOMs, and which of them carry the
//! product's cryptography or network access: a change there touches how the product protects
//! data (Annex I Part I(2)(e)–(f)) or what it exposes (Part I(2)(h)–(j)), so adding or removing
//! one hints at a substantial modification (Art. 3(30)); a new version of one is marked but not
//! hinted (updates are the point of vulnerability handling, Part II(2)).
//!
//! Which crates those are is this module's list, by crate name, not a guess from the name: the
//! widely used implementations of cryptographic primitives and TLS, and of network protocols,
//! sockets and radio stacks. A crate not listed is not marked; the list is meant to grow.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Change, SUBSTANTIAL_HINT};

/// What a crate does that matters for the product's security.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CrateRole {
    /// Cryptographic primitives, protocols or TLS.
    Cryptography,
    /// Network protocols, sockets, network or radio stacks, HTTP clients and servers.
    Network,
}

/// Cryptographic primitives and TLS.
const CRYPTOGRAPHY: &[&str] = &[
    "aes",
    "aes-gcm",
    "aes-gcm-siv",
    "argon2",
    "aws-lc-rs",
    "aws-lc-sys",
    "blake2",
    "blake3",
    "boring",
    "boring-sys",
    "ccm",
    "chacha20",
    "chacha20poly1305",
    "cmac",
    "crypto-bigint",
    "curve25519-dalek",
    "ecdsa",
    "ed25519",
    "ed25519-dalek",
    "elliptic-curve",
    "hkdf",
    "hmac",
    "k256",
    "md-5",
    "native-tls",
    "openssl",
    "openssl-sys",
    "orion",
    "p256",
    "p384",
    "p521",
    "pbkdf2",
    "rand",
    "rand_core",
    "ring",
    "rsa",
    "rustls",
    "rustls-webpki",
    "scrypt",
    "sha1",
    "sha2",
    "sha3",
    "snow",
    "webpki",
    "x25519-dalek",
];

/// Network protocols, sockets, stacks and radio.
const NETWORK: &[&str] = &[
    "actix-web",
    "axum",
    "bluer",
    "btleplug",
    "coap-lite",
    "curl",
    "embassy-net",
    "esp-wifi",
    "h2",
    "h3",
    "hickory-proto",
    "hickory-resolver",
    "hyper",
    "isahc",
    "lapin",
    "lettre",
    "libp2p",
    "paho-mqtt",
    "quinn",
    "reqwest",
    "rocket",
    "rumqttc",
    "russh",
    "smoltcp",
    "socket2",
    "ssh2",
    "tokio-tungstenite",
    "tonic",
    "trust-dns-resolver",
    "tungstenite",
    "ureq",
    "warp",
];

/// The role of crate `name`, when it is listed.
pub fn crate_role(name: &str) -> Option<CrateRole> {
    if CRYPTOGRAPHY.contains(&name) {
        Some(CrateRole::Cryptography)
    } else if NETWORK.contains(&name) {
        Some(CrateRole::Network)
    } else {
        None
    }
}

/// Crates added, removed and changed in version between two CycloneDX SBOMs (by name), each
/// marked with its role; adding or removing a cryptographic or network crate hints.
pub fn sboms(old: &serde_json::Value, new: &serde_json::Value) -> Vec<Change> {
    let crates = |sbom: &serde_json::Value| -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for component in sbom["components"].as_array().into_iter().flatten() {
            if let (Some(name), Some(version)) = (component["name"].as_str(), component["version"].as_str()) {
                map.entry(name.to_owned()).or_default().insert(version.to_owned());
            }
        }
        map
    };
    let (before, after) = (crates(old), crates(new));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let joined = |v: Option<&BTreeSet<String>>| v.map(|v| v.iter().cloned().collect::<Vec<_>>().join(", "));
    names
        .into_iter()
        .filter(|n| before.get(*n) != after.get(*n))
        .map(|n| {
            let role = crate_role(n);
            let added_or_removed = before.contains_key(n) != after.contains_key(n);
            let mut change = super::change("crate", n.clone(), joined(before.get(n)), joined(after.get(n)), false);
            change.role = role;
            change.hint = (role.is_some() && added_or_removed).then_some(SUBSTANTIAL_HINT);
            change
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lists_are_sorted_and_apart() {
        for list in [super::CRYPTOGRAPHY, super::NETWORK] {
            assert!(list.is_sorted(), "{list:?}");
        }
        assert!(super::CRYPTOGRAPHY.iter().all(|c| !super::NETWORK.contains(c)));
    }
}
