//! Fuzz target `rollup`: see `tests/hostile/harness.rs` for what it drives.
#![no_main]

#[path = "../../tests/hostile/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::run("rollup", data);
});
