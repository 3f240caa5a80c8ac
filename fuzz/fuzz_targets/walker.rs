#![no_main]
//! Fuzz target `walker`: see `cra_core::fuzz::walker`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::walker(data));
