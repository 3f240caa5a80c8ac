#![no_main]
//! Fuzz target `record`: see `cra_core::fuzz::record`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::record(data));
