//! How much of the kernel one guest may hold: objects, programs, links,
//! buffers and map memory, counted while their handles live; the pins
//! it makes, counted for the whole run (a pin outlives its handle and
//! the guest); and the
//! store-level limits an embedder applies (linear memory, a deadline, the
//! grace period after a termination request).
//!
//! Reaching a limit is `out-of-memory` with a message naming the limit and
//! the `wasm-bpf run --limit` setting that raises it.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::{BpfError, BpfResult, ErrorCode};

/// The limits of one guest. `Default` gives the documented defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Objects open at once.
    pub objects: u64,
    /// Programs loaded at once (over all objects).
    pub programs: u64,
    /// Links held at once.
    pub links: u64,
    /// Ring, perf and user ring buffers open at once.
    pub buffers: u64,
    /// Kernel and process symbol tables (`wasi:bpf/symbols`) loaded at
    /// once: each holds the host's parse of `/proc/kallsyms` or of a
    /// process's ELF files.
    pub symbol_tables: u64,
    /// Pins made in bpffs over the whole run (`wasi:bpf/pins` and maps
    /// that load pins): each keeps its map, program or link in the kernel
    /// after the guest, so one made and removed still counts.
    pub pins: u64,
    /// Bytes of kernel memory for maps, as the kernel charges them
    /// (elements with their headers, hash buckets, per-CPU copies, ring
    /// pages: [`crate::map_memory`]), and perf buffer memory, over all
    /// objects.
    pub map_memory: u64,
    /// The most bytes one ring-buffer poll returns.
    pub poll_bytes: u32,
    /// The guest's linear memory, in bytes (applied by the embedder with
    /// wasmtime's `StoreLimits`; `wasm-bpf run` does).
    pub memory: u64,
    /// Wall-clock time the guest may run before it is interrupted (applied
    /// by the embedder; `wasm-bpf run` does); `None`: no deadline.
    pub deadline: Option<Duration>,
    /// How long a guest that listens for termination requests
    /// (`wasi:bpf/termination`) may take to end after one, before it is
    /// interrupted (applied by the embedder; `wasm-bpf run` does).
    pub grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            objects: 64,
            programs: 256,
            links: 1024,
            buffers: 64,
            // A profiler holds the kernel's table and a process's per
            // process it prints: libbpf-tools' syms_cache holds them all.
            symbol_tables: 64,
            // Tools pin a few maps and links each (bpftool's folder per
            // tool); enough for an object's maps pinned by name.
            pins: 64,
            // What the kernel charges for maps (map_memory.rs): enough for
            // libbpf-tools' largest (stack-trace maps of ~17 MiB) several
            // times over, far from what hurts a node.
            map_memory: 128 << 20,
            poll_bytes: 64 << 20,
            // A guest's linear memory: room for a full poll batch and a
            // Python or JavaScript component's heap.
            memory: 256 << 20,
            deadline: None,
            // Time for a tool to print its summary; Kubernetes gives a pod
            // 30 s, of which an agent needs its share for every guest.
            grace: Duration::from_secs(5),
        }
    }
}

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Objects,
    Programs,
    Links,
    Buffers,
    SymbolTables,
    Pins,
    MapMemory,
}

impl Counted {
    const ALL: [Counted; 7] = [
        Counted::Objects,
        Counted::Programs,
        Counted::Links,
        Counted::Buffers,
        Counted::SymbolTables,
        Counted::Pins,
        Counted::MapMemory,
    ];

    /// The setting's name in `--limit NAME=VALUE` and policy files.
    pub fn name(self) -> &'static str {
        match self {
            Counted::Objects => "objects",
            Counted::Programs => "programs",
            Counted::Links => "links",
            Counted::Buffers => "buffers",
            Counted::SymbolTables => "symbol-tables",
            Counted::Pins => "pins",
            Counted::MapMemory => "map-memory",
        }
    }

    fn index(self) -> usize {
        Counted::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

impl Limits {
    fn of(&self, counted: Counted) -> u64 {
        match counted {
            Counted::Objects => self.objects,
            Counted::Programs => self.programs,
            Counted::Links => self.links,
            Counted::Buffers => self.buffers,
            Counted::SymbolTables => self.symbol_tables,
            Counted::Pins => self.pins,
            Counted::MapMemory => self.map_memory,
        }
    }

    /// Sets limit `name` (as in `--limit`) from `value`: a count, a size
    /// with an optional `KiB` / `MiB` / `GiB` suffix, or a duration with
    /// `ms` / `s` / `m` / `h` (`none` for no deadline).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let bad = |what: &str| format!("--limit {name}={value}: {what}");
        match name {
            "objects" => self.objects = value.parse().map_err(|_| bad("expected a count"))?,
            "programs" => self.programs = value.parse().map_err(|_| bad("expected a count"))?,
            "links" => self.links = value.parse().map_err(|_| bad("expected a count"))?,
            "buffers" => self.buffers = value.parse().map_err(|_| bad("expected a count"))?,
            "symbol-tables" => self.symbol_tables = value.parse().map_err(|_| bad("expected a count"))?,
            "pins" => self.pins = value.parse().map_err(|_| bad("expected a count"))?,
            "map-memory" => self.map_memory = parse_size(value).ok_or_else(|| bad("expected a size"))?,
            "poll-bytes" => {
                let bytes = parse_size(value).filter(|b| (1..=u64::from(u32::MAX)).contains(b));
                self.poll_bytes = bytes.ok_or_else(|| bad("expected a size from 1 byte to 4 GiB"))? as u32;
            }
            "memory" => self.memory = parse_size(value).ok_or_else(|| bad("expected a size"))?,
            "deadline" => self.deadline = parse_deadline(value).ok_or_else(|| bad("expected a duration or none"))?,
            "grace" => self.grace = parse_deadline(value).flatten().ok_or_else(|| bad("expected a duration"))?,
            _ => {
                return Err(format!(
                    "unknown limit '{name}' (known: objects, programs, links, buffers, symbol-tables, pins, \
                     map-memory, poll-bytes, memory, deadline, grace)"
                ))
            }
        }
        Ok(())
    }
}

/// `4096`, `64KiB`, `16MiB`, `1GiB` (also `K`, `M`, `G`, `KB`...: powers of 1024).
fn parse_size(value: &str) -> Option<u64> {
    let value = value.trim();
    let digits = value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len());
    let number: u64 = value[..digits].parse().ok()?;
    let shift = match value[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    number.checked_mul(1 << shift)
}

/// `500ms`, `30s`, `10m`, `2h`, or `none` (`None`).
fn parse_deadline(value: &str) -> Option<Option<Duration>> {
    if value == "none" {
        return Some(None);
    }
    let digits = value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len());
    let number: u64 = value[..digits].parse().ok()?;
    let duration = match &value[digits..] {
        "ms" => Duration::from_millis(number),
        "s" | "" => Duration::from_secs(number),
        "m" => Duration::from_secs(number.checked_mul(60)?),
        "h" => Duration::from_secs(number.checked_mul(3600)?),
        _ => return None,
    };
    Some(Some(duration))
}

impl FromStr for Limits {
    type Err = String;

    /// `NAME=VALUE[,NAME=VALUE...]` over the defaults.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut limits = Limits::default();
        for setting in s.split(',').filter(|s| !s.is_empty()) {
            let (name, value) = setting.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got '{setting}'"))?;
            limits.set(name.trim(), value.trim())?;
        }
        Ok(limits)
    }
}

/// What one guest holds now, against its [`Limits`].
#[derive(Clone)]
pub struct Usage {
    limits: Arc<Limits>,
    held: Arc<[AtomicU64; Counted::ALL.len()]>,
}

impl Usage {
    pub fn new(limits: Limits) -> Self {
        Usage { limits: Arc::new(limits), held: Arc::new(Default::default()) }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Takes `amount` of `counted`, until the returned claim is dropped.
    pub fn claim(&self, counted: Counted, amount: u64) -> BpfResult<Claim> {
        let limit = self.limits.of(counted);
        let held = &self.held[counted.index()];
        let taken = held.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
            now.checked_add(amount).filter(|total| *total <= limit)
        });
        match taken {
            Ok(_) => Ok(Claim { held: self.held.clone(), index: counted.index(), amount }),
            Err(now) => Err(BpfError::new(
                ErrorCode::OutOfMemory,
                format!(
                    "the guest's limit of {limit} {} is reached ({now} {}, {amount} more asked); \
                     wasm-bpf run --limit {}=N raises it",
                    Unit(counted),
                    if counted == Counted::Pins { "made in this run" } else { "held" },
                    counted.name()
                ),
            )),
        }
    }

    /// What the guest holds of `counted` now.
    pub fn held(&self, counted: Counted) -> u64 {
        self.held[counted.index()].load(Ordering::SeqCst)
    }
}

/// A share of a limit, given back when dropped, or never ([`Claim::keep`]).
pub struct Claim {
    held: Arc<[AtomicU64; Counted::ALL.len()]>,
    index: usize,
    amount: u64,
}

impl Claim {
    /// Counts the share for the rest of the run: a pin made stays
    /// counted, whatever becomes of it.
    pub fn keep(self) {
        std::mem::forget(self);
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.held[self.index].fetch_sub(self.amount, Ordering::SeqCst);
    }
}

/// The shares of the guest's limits an object keeps in the kernel: its
/// own, and those of maps of no object its maps or programs took. Its
/// extensions' objects keep the whole set of the objects they extend,
/// whose programs (and so maps) the kernel keeps for them: shares added
/// later count for those holders too. It holds only claims, never another
/// set, so holders make no cycle.
#[derive(Default)]
pub struct ClaimSet(Mutex<Vec<Arc<[Claim]>>>);

impl ClaimSet {
    /// Holds `claims` for as long as the set lives; each set of claims once.
    pub fn hold(&self, claims: &Arc<[Claim]>) {
        let mut held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !claims.is_empty() && !held.iter().any(|h| Arc::ptr_eq(h, claims)) {
            held.push(claims.clone());
        }
    }
}

/// The unit a limit counts in, for messages.
struct Unit(Counted);

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Counted::MapMemory => f.write_str("bytes of map memory"),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse() {
        let limits: Limits =
            "objects=2,map-memory=16MiB,poll-bytes=64KiB,deadline=1500ms,memory=1G,grace=2s".parse().unwrap();
        assert_eq!(limits.objects, 2);
        assert_eq!(limits.map_memory, 16 << 20);
        assert_eq!(limits.poll_bytes, 64 << 10);
        assert_eq!(limits.deadline, Some(Duration::from_millis(1500)));
        assert_eq!(limits.memory, 1 << 30);
        assert_eq!(limits.grace, Duration::from_secs(2));
        assert!("grace=none".parse::<Limits>().is_err());
        assert!("links=many".parse::<Limits>().is_err());
        assert!("speed=3".parse::<Limits>().is_err());
        assert_eq!("pins=3".parse::<Limits>().unwrap().pins, 3);
        assert_eq!(Limits::default().pins, 64);
    }

    #[test]
    fn claims_count_until_dropped() {
        let usage = Usage::new(Limits { links: 2, ..Limits::default() });
        let a = usage.claim(Counted::Links, 1).unwrap();
        let _b = usage.claim(Counted::Links, 1).unwrap();
        let err = usage.claim(Counted::Links, 1).err().unwrap();
        assert_eq!(err.code, ErrorCode::OutOfMemory);
        assert!(err.message.contains("--limit links="), "{}", err.message);
        drop(a);
        assert!(usage.claim(Counted::Links, 1).is_ok());
        assert_eq!(usage.held(Counted::Links), 1);
    }

    #[test]
    fn kept_claims_count_for_the_run() {
        let usage = Usage::new(Limits { pins: 2, ..Limits::default() });
        usage.claim(Counted::Pins, 1).unwrap().keep();
        drop(usage.claim(Counted::Pins, 1).unwrap());
        usage.claim(Counted::Pins, 1).unwrap().keep();
        let err = usage.claim(Counted::Pins, 1).err().unwrap();
        assert_eq!(err.code, ErrorCode::OutOfMemory);
        assert_eq!(
            err.message,
            "the guest's limit of 2 pins is reached (2 made in this run, 1 more asked); wasm-bpf run --limit pins=N raises it"
        );
    }
}
