//! The measurements, as both sides report them.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The kernel fills the buffer first; only consuming is timed.
    Drain,
    /// The kernel produces while the consumer polls.
    Stream,
}

/// One run through a ring or perf buffer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BufferRun {
    pub records: u64,
    pub ns: f64,
    /// What the BPF side emitted and failed to emit (plus perf's lost samples).
    pub produced: u64,
    pub dropped: u64,
}

impl BufferRun {
    pub fn records_per_sec(&self) -> f64 {
        self.records as f64 * 1e9 / self.ns.max(1.0)
    }
}

/// Nanoseconds per operation (per entry for keys and batch lookups).
#[derive(Clone, Debug, Default, Serialize)]
pub struct MapRun {
    pub hash_update: f64,
    pub hash_lookup: f64,
    pub hash_keys: f64,
    pub hash_batch_lookup: f64,
    pub hash_delete: f64,
    pub array_update: f64,
    pub array_lookup: f64,
    pub percpu_lookup: f64,
}

impl MapRun {
    /// (name, ns per op) for every operation.
    pub fn rows(&self) -> [(&'static str, f64); 8] {
        [
            ("hash update", self.hash_update),
            ("hash lookup", self.hash_lookup),
            ("hash key iteration (per key)", self.hash_keys),
            ("hash batch lookup (per entry)", self.hash_batch_lookup),
            ("hash delete", self.hash_delete),
            ("array update", self.array_update),
            ("array lookup", self.array_lookup),
            ("per-CPU array lookup", self.percpu_lookup),
        ]
    }

    /// Reads the guest's `result` line fields.
    pub fn from_fields(f: &std::collections::HashMap<String, String>) -> anyhow::Result<MapRun> {
        let get = |k: &str| -> anyhow::Result<f64> {
            Ok(f.get(k).ok_or_else(|| anyhow::anyhow!("guest result lacks {k}"))?.parse()?)
        };
        Ok(MapRun {
            hash_update: get("hash_update")?,
            hash_lookup: get("hash_lookup")?,
            hash_keys: get("hash_keys")?,
            hash_batch_lookup: get("hash_batch_lookup")?,
            hash_delete: get("hash_delete")?,
            array_update: get("array_update")?,
            array_lookup: get("array_lookup")?,
            percpu_lookup: get("percpu_lookup")?,
        })
    }
}
