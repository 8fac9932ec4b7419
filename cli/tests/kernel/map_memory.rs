//! The host's count of a map's kernel memory (wasi_bpf_host::map_memory)
//! against the kernel's own figure: the `memlock` of the map's fdinfo,
//! for maps created here of each type the count models. The count may
//! be higher (it is of a full map) but never lower.

use std::os::fd::{AsFd, AsRawFd};

use libbpf_rs::libbpf_sys;
use libbpf_rs::{MapHandle, MapType};
use wasi_bpf_host::map_memory::{kernel_charge, MapShape};

/// The kernel's charge for the map behind `map`.
fn memlock(map: &MapHandle) -> u64 {
    let fdinfo = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", map.as_fd().as_raw_fd())).unwrap();
    let line = fdinfo.lines().find_map(|l| l.strip_prefix("memlock:")).expect("memlock in fdinfo");
    line.trim().parse().unwrap()
}

#[test]
fn the_count_covers_what_the_kernel_charges() {
    let cpus = wasi_bpf_host::map::possible_cpus().unwrap() as u64;
    let shapes = [
        (MapType::Hash, 1, 1, 1024, 0),
        (MapType::Hash, 8, 8, 8192, 0),
        (MapType::Hash, 64, 256, 1000, 0),
        (MapType::Hash, 8, 8, 8192, libbpf_sys::BPF_F_NO_PREALLOC),
        (MapType::PercpuHash, 8, 8, 1024, 0),
        (MapType::LruHash, 8, 8, 1024, 0),
        (MapType::LruPercpuHash, 8, 8, 1024, 0),
        (MapType::Array, 4, 8, 1024, 0),
        (MapType::Array, 4, 13, 1000, 0),
        (MapType::Array, 4, 8, 1024, libbpf_sys::BPF_F_MMAPABLE),
        (MapType::PercpuArray, 4, 8, 1024, 0),
        (MapType::RingBuf, 0, 0, 1 << 16, 0),
        (MapType::Queue, 0, 8, 1024, 0),
        (MapType::StackTrace, 4, 1016, 1024, 0),
        (MapType::BloomFilter, 0, 8, 1024, 0),
        (MapType::PerfEventArray, 4, 4, 2, 0),
    ];
    for (map_type, key_size, value_size, max_entries, flags) in shapes {
        let opts = libbpf_sys::bpf_map_create_opts {
            sz: std::mem::size_of::<libbpf_sys::bpf_map_create_opts>() as _,
            map_flags: flags,
            ..Default::default()
        };
        let map = MapHandle::create(map_type, Some("memlock_test"), key_size, value_size, max_entries, &opts).unwrap();
        let kernel = memlock(&map);
        let shape = MapShape { map_type, key_size, value_size, max_entries, flags, extra: 0 };
        let counted = kernel_charge(&shape, cpus);
        let what = format!("{map_type:?} key {key_size} value {value_size} entries {max_entries} flags {flags:#x}");
        assert!(counted >= kernel, "{what}: counted {counted} < the kernel's {kernel}");
        // Close to it where the kernel charges a full map from the start.
        if flags & libbpf_sys::BPF_F_NO_PREALLOC == 0 {
            assert!(counted <= kernel + kernel / 8 + 4096, "{what}: counted {counted}, the kernel {kernel}");
        }
    }
}
