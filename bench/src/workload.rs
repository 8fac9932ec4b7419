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

    /// The run with the median throughput.
    pub fn median(mut runs: Vec<BufferRun>) -> BufferRun {
        runs.sort_by(|a, b| a.records_per_sec().total_cmp(&b.records_per_sec()));
        runs.swap_remove(runs.len() / 2)
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
    pub hash_batch_update: f64,
    pub hash_batch_delete: f64,
    pub array_update: f64,
    pub array_lookup: f64,
    pub percpu_lookup: f64,
    /// A call that makes no syscall (possible CPUs): the boundary's price.
    pub empty_call: f64,
}

impl MapRun {
    /// (name, ns per op) for every operation.
    pub fn rows(&self) -> [(&'static str, f64); 11] {
        [
            ("call without a syscall (possible CPUs)", self.empty_call),
            ("hash update", self.hash_update),
            ("hash lookup", self.hash_lookup),
            ("hash key iteration (per key)", self.hash_keys),
            ("hash batch lookup (per entry)", self.hash_batch_lookup),
            ("hash delete", self.hash_delete),
            ("hash batch update (per entry)", self.hash_batch_update),
            ("hash batch delete (per entry)", self.hash_batch_delete),
            ("array update", self.array_update),
            ("array lookup", self.array_lookup),
            ("per-CPU array lookup", self.percpu_lookup),
        ]
    }

    /// Each operation's median over `runs`.
    pub fn median(runs: &[MapRun]) -> MapRun {
        let median = |pick: fn(&MapRun) -> f64| {
            let mut v: Vec<f64> = runs.iter().map(pick).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        MapRun {
            hash_update: median(|r| r.hash_update),
            hash_lookup: median(|r| r.hash_lookup),
            hash_keys: median(|r| r.hash_keys),
            hash_batch_lookup: median(|r| r.hash_batch_lookup),
            hash_delete: median(|r| r.hash_delete),
            hash_batch_update: median(|r| r.hash_batch_update),
            hash_batch_delete: median(|r| r.hash_batch_delete),
            array_update: median(|r| r.array_update),
            array_lookup: median(|r| r.array_lookup),
            percpu_lookup: median(|r| r.percpu_lookup),
            empty_call: median(|r| r.empty_call),
        }
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
            hash_batch_update: get("hash_batch_update")?,
            hash_batch_delete: get("hash_batch_delete")?,
            array_update: get("array_update")?,
            array_lookup: get("array_lookup")?,
            percpu_lookup: get("percpu_lookup")?,
            empty_call: get("empty_call")?,
        })
    }
}
