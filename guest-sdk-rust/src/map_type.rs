//! libbpf-rs's questions about a map type (`MapType::is_percpu` and
//! friends); `is_supported` asks the kernel, in [`probe`](crate::probe).

use crate::map::MapType;

impl MapType {
    /// Whether a value has one slot per possible CPU.
    pub fn is_percpu(&self) -> bool {
        matches!(
            self,
            MapType::PercpuArray | MapType::PercpuHash | MapType::LruPercpuHash | MapType::PercpuCgroupStorage
        )
    }

    /// Whether the map is one of the hash maps.
    pub fn is_hash_map(&self) -> bool {
        matches!(self, MapType::Hash | MapType::PercpuHash | MapType::LruHash | MapType::LruPercpuHash)
    }

    /// Whether the map is a bloom filter.
    pub fn is_bloom_filter(&self) -> bool {
        matches!(self, MapType::BloomFilter)
    }
}

impl From<u32> for MapType {
    /// The kernel's `enum bpf_map_type` number (libbpf-rs's
    /// `MapType::from(u32)`); a number without a case is `Other`.
    fn from(value: u32) -> Self {
        const KNOWN: [MapType; 34] = [
            MapType::Unspecified, MapType::Hash, MapType::Array, MapType::ProgArray, MapType::PerfEventArray,
            MapType::PercpuHash, MapType::PercpuArray, MapType::StackTrace, MapType::CgroupArray, MapType::LruHash,
            MapType::LruPercpuHash, MapType::LpmTrie, MapType::ArrayOfMaps, MapType::HashOfMaps, MapType::Devmap,
            MapType::Sockmap, MapType::Cpumap, MapType::Xskmap, MapType::Sockhash, MapType::CgroupStorage,
            MapType::ReuseportSockarray, MapType::PercpuCgroupStorage, MapType::Queue, MapType::Stack,
            MapType::SkStorage, MapType::DevmapHash, MapType::StructOps, MapType::Ringbuf, MapType::InodeStorage,
            MapType::TaskStorage, MapType::BloomFilter, MapType::UserRingbuf, MapType::CgrpStorage, MapType::Arena,
        ];
        KNOWN.get(value as usize).copied().unwrap_or(MapType::Other(value))
    }
}
