//! Kernel and process symbols in the WASI 0.3 flavour
//! (`wasi:bpf/symbols@0.3.0-draft`): the same tables as
//! [`crate::symbols`], plain (not async) calls, with the same records.

use super::bindings::wasi::bpf::symbols;
use crate::error::Result;

pub use crate::symbols::{KernelSymbol, ProcessAddress, ProcessSymbol};

/// The kernel's symbol table, as `/proc/kallsyms` read at [`load`].
///
/// [`load`]: KernelSymbols::load
pub struct KernelSymbols(symbols::KernelSymbols);

impl KernelSymbols {
    pub fn load() -> Result<Self> {
        Ok(KernelSymbols(symbols::KernelSymbols::load()?))
    }

    /// The symbol `address` falls in (the highest at or below it).
    pub fn resolve(&self, address: u64) -> Option<KernelSymbol> {
        self.0.resolve(&[address]).ok()?.pop().flatten()
    }

    /// The symbol of each of `addresses`, in one call to the host (at
    /// most 65536: `InvalidArgument` beyond).
    pub fn resolve_all(&self, addresses: &[u64]) -> Result<Vec<Option<KernelSymbol>>> {
        Ok(self.0.resolve(addresses)?)
    }

    /// The symbol named `name` (the lowest of several).
    pub fn lookup(&self, name: &str) -> Option<KernelSymbol> {
        self.0.lookup(name)
    }
}

/// One process's symbols.
pub struct ProcessSymbols(symbols::ProcessSymbols);

impl ProcessSymbols {
    /// The symbols of process `pid` (`not-found` when there is none).
    pub fn load(pid: u32) -> Result<Self> {
        Ok(ProcessSymbols(symbols::ProcessSymbols::load(pid)?))
    }

    pub fn pid(&self) -> u32 {
        self.0.pid()
    }

    /// Where each of `addresses` comes from, against the process's maps
    /// as they are now (`None` where no file backs an address).
    pub fn resolve(&self, addresses: &[u64]) -> Result<Vec<Option<ProcessAddress>>> {
        Ok(self.0.resolve(addresses)?)
    }
}
