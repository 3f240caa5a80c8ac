#![no_main]
//! Fuzz target `clocks`: see `cra_core::fuzz::clocks`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cra_core::fuzz::clocks(data));
