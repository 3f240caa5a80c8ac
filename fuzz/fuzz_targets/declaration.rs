#![no_main]
//! Fuzz target `declaration`: see `cra_core::fuzz::declaration`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::declaration(data));
