#![no_main]
//! Fuzz target `metadata`: see `cra_core::fuzz::metadata`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::metadata(data));
