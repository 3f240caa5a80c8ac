#![no_main]
//! Fuzz target `grammar`: see `cra_core::fuzz::grammar`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::grammar(data));
