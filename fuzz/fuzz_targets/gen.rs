#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wasi_bpf_fuzz::gen(data));
