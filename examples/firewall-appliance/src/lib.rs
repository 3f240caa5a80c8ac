//! Bastion FW-5000: a firewall and intrusion prevention appliance, an important product of
//! Class II (Annex III point 2), assessed with Module H.

pub mod filter;
pub mod ids;
pub mod management;
pub mod platform;
