//! How much kernel memory a map will hold at most, as the kernel charges
//! it (the `memlock` its fdinfo shows): elements with their headers, hash
//! buckets, per-CPU copies, the map's own struct. Counted before the map
//! exists, from what libbpf will ask for, so that `--limit map-memory`
//! bounds what the kernel allocates, not only what the guest stores.
//!
//! Where the kernel charges less until the map fills (hash maps without
//! preallocation, LPM tries, which it does not count at all) the count is
//! of a full map: a limit must hold at the map's worst, not its start.

use libbpf_rs::MapType;

/// The kernel's fixed costs of every map: its struct (`bpf_htab`,
/// `bpf_array`, ...) and the hash table's per-CPU lock counters, rounded
/// up over the 6.x kernels measured.
const MAP_STRUCT: u64 = 1024;
/// `struct htab_elem` before its key: list node, hash, pointers.
const HASH_ELEM_HEADER: u64 = 48;
/// `struct bucket`: a list head and a lock.
const HASH_BUCKET: u64 = 16;
/// What an element of a map the kernel allocates per insert costs beyond
/// its key and value (`llist` node, allocator header); also the guess for
/// map types whose element layout is not modelled here.
const ELEM_OVERHEAD: u64 = 64;
/// `struct stack_map_bucket` before the addresses.
const STACK_BUCKET_HEADER: u64 = 32;
const PAGE: u64 = 4096;
/// `BPF_F_NO_PREALLOC` and `BPF_F_MMAPABLE` of map flags.
const NO_PREALLOC: u32 = 1;
const MMAPABLE: u32 = 1 << 10;

/// One map as libbpf will create it.
#[derive(Clone, Copy, Debug)]
pub struct MapShape {
    pub map_type: MapType,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub flags: u32,
    /// `map_extra`: a bloom filter's hash count in its low 4 bits.
    pub extra: u64,
}

/// The bytes the kernel charges for `map` at most, on a machine with
/// `cpus` possible CPUs. Saturates instead of overflowing.
pub fn kernel_charge(map: &MapShape, cpus: u64) -> u64 {
    let entries = u64::from(map.max_entries);
    let key = round8(map.key_size);
    let value = round8(map.value_size);
    let per_cpu = |bytes: u64| bytes.saturating_mul(cpus);
    let body = match map.map_type {
        MapType::Hash | MapType::LruHash | MapType::HashOfMaps => {
            let elem = HASH_ELEM_HEADER + key + if map.map_type == MapType::HashOfMaps { 8 } else { value };
            // A preallocated hash keeps one spare element per CPU for
            // updates in place; one allocated per insert costs a header.
            let elem = if map.flags & NO_PREALLOC != 0 { elem + ELEM_OVERHEAD } else { elem };
            buckets(entries).saturating_add(elem.saturating_mul(entries.saturating_add(cpus)))
        }
        MapType::PercpuHash | MapType::LruPercpuHash => {
            // The element holds a pointer to its per-CPU values.
            let elem = HASH_ELEM_HEADER + key + 8;
            buckets(entries).saturating_add(entries.saturating_mul(elem.saturating_add(per_cpu(value))))
        }
        MapType::Array if map.flags & MMAPABLE != 0 => page_align(entries.saturating_mul(value)).saturating_add(PAGE),
        MapType::Array
        | MapType::ProgArray
        | MapType::PerfEventArray
        | MapType::CgroupArray
        | MapType::ArrayOfMaps => {
            // Arrays of fds hold a kernel pointer per entry.
            let slot = if map.map_type == MapType::Array { value } else { 8 };
            entries.saturating_mul(slot)
        }
        MapType::PercpuArray => entries.saturating_mul(per_cpu(value).saturating_add(8)),
        // The data pages, mapped twice, plus the consumer and producer
        // pages and the page array.
        MapType::RingBuf | MapType::UserRingBuf => {
            entries.saturating_add(entries / PAGE * 16).saturating_add(4 * PAGE)
        }
        MapType::Queue | MapType::Stack => entries.saturating_add(1).saturating_mul(u64::from(map.value_size)),
        MapType::StackTrace => {
            let slots = entries.checked_next_power_of_two().unwrap_or(u64::MAX);
            slots.saturating_mul(u64::from(map.value_size) + STACK_BUCKET_HEADER)
        }
        // A bit array of entries x hashes x 7/5 bits (the kernel's
        // sizing for a 1% false-positive rate), rounded up to a power of
        // two; 5 hashes unless map_extra says otherwise.
        MapType::BloomFilter => {
            let hashes = match map.extra & 0xf {
                0 => 5,
                n => n,
            };
            let bits = entries.saturating_mul(hashes).saturating_mul(7) / 5;
            bits.checked_next_power_of_two().unwrap_or(u64::MAX) / 8
        }
        _ => entries.saturating_mul(key + value + ELEM_OVERHEAD),
    };
    body.saturating_add(MAP_STRUCT)
}

fn round8(size: u32) -> u64 {
    u64::from(size).next_multiple_of(8)
}

fn page_align(bytes: u64) -> u64 {
    bytes.checked_next_multiple_of(PAGE).unwrap_or(u64::MAX)
}

/// A hash table's buckets: the entries rounded up to a power of two.
fn buckets(entries: u64) -> u64 {
    entries.checked_next_power_of_two().unwrap_or(u64::MAX).saturating_mul(HASH_BUCKET)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(map_type: MapType, key_size: u32, value_size: u32, max_entries: u32, flags: u32) -> u64 {
        kernel_charge(&MapShape { map_type, key_size, value_size, max_entries, flags, extra: 0 }, 2)
    }

    /// The numbers of the issue that found the old count: 2^25 entries of
    /// 1-byte keys and values, which the kernel charged 2.5 GiB for.
    #[test]
    fn a_hash_map_is_charged_for_its_elements_and_buckets() {
        let charged = charge(MapType::Hash, 1, 1, 1 << 25, 0);
        assert!(charged >= (5 << 30) / 2, "{charged}");
        assert!(charged < (5 << 30) / 2 + (1 << 20), "{charged}");
    }

    #[test]
    fn counts_saturate() {
        assert_eq!(charge(MapType::Hash, u32::MAX, u32::MAX, u32::MAX, 0), u64::MAX);
        assert_eq!(charge(MapType::PercpuArray, 4, u32::MAX, u32::MAX, 0), u64::MAX);
    }
}
