//! Kernel and process symbols (`wasi:bpf/symbols`): kernel addresses
//! (stack traces, instruction pointers) to `symbol+offset` and kernel
//! symbol names to addresses, and the files and symbols behind other
//! processes' addresses, for tools that print stacks as profile and
//! offcputime do. The host reads `/proc/kallsyms` and the processes' maps
//! and ELF symbol tables; a guest needs `--allow kernel-symbols` /
//! `--allow process-symbols` (`permission-denied` otherwise).
//!
//! ```no_run
//! use wasi_bpf::symbols::{KernelSymbols, ProcessSymbols};
//!
//! let ksyms = KernelSymbols::load()?;
//! if let Some(symbol) = ksyms.resolve(0xffff_ffff_8100_0000) {
//!     println!("{}+{:#x}", symbol.name, 0xffff_ffff_8100_0000 - symbol.address);
//! }
//! let syms = ProcessSymbols::load(1)?;
//! for address in syms.resolve(&[0x5555_5555_4000])?.into_iter().flatten() {
//!     println!("{} {:?}", address.file, address.symbol.map(|s| s.name));
//! }
//! # Ok::<(), wasi_bpf::Error>(())
//! ```

use crate::bindings::wasi::bpf::symbols;
use crate::error::Result;

/// A kernel symbol: its name, address and module (`None` for vmlinux).
pub use crate::bindings::wasi::bpf::symbols::KernelSymbol;
/// A symbol of a file a process maps: name, address and size in the
/// file, and how far into it the address asked about is.
pub use crate::bindings::wasi::bpf::symbols::ProcessSymbol;
/// Where an address of a process comes from: file, offset in it, build
/// ID and symbol.
pub use crate::bindings::wasi::bpf::symbols::ProcessAddress;

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
