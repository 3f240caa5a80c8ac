//! LockHub LH-200: a smart door lock hub, an important product of Class I (Annex III point 17).
//!
//! Its components declare their CRA claims next to their code; `build.rs` turns them into the
//! product's conformity declaration on every build.

pub mod lock;
pub mod pairing;
pub mod process;
pub mod update;

#[cfg(feature = "cloud")]
pub mod cloud;

pub use lock_ble::BleStack;
