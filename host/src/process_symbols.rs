//! Other processes' symbols for guests (`wasi:bpf/symbols`): where an
//! address of a process comes from (the file mapped there and the
//! offset in it) and the symbol of that file's symbol tables it falls
//! in, what libbpf-tools' `syms__map_addr_dso` gives a profiler.
//!
//! blazesym, libbpf's symbolizer, does the reading: the process's maps
//! and its files through `/proc/PID/map_files` (so files of other mount
//! namespaces and deleted files are found), ELF symbol tables, build IDs
//! and the vDSO. It reads the maps on every call, so a table follows
//! `dlopen`; it keeps the files it parsed. Its caches are not `Send`
//! (wasmtime's resource table needs that), so each table's symbolizer
//! lives on a thread of its own, which ends when the table is dropped.

use std::path::Path;
use std::sync::mpsc;

use blazesym::normalize::{Normalizer, UserMeta};
use blazesym::symbolize::source::{Process, Source};
use blazesym::symbolize::{Input, Symbolized, Symbolizer};
use blazesym::Pid;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::limits::Claim;

/// A symbol of a file a process maps, as an address finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessSymbol {
    pub name: String,
    /// The symbol's address in its file (the ELF symbol's value).
    pub address: u64,
    pub size: u64,
    /// How far into the symbol the address is.
    pub offset: u64,
}

/// Where an address of a process comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessAddress {
    pub file: String,
    pub file_offset: u64,
    pub build_id: Vec<u8>,
    pub symbol: Option<ProcessSymbol>,
}

/// A guest's handle on one process's symbols.
pub struct ProcessSymbols {
    pid: u32,
    requests: mpsc::Sender<Request>,
    _claim: Claim,
}

/// Addresses to resolve, and where the answer goes.
type Request = (Vec<u64>, mpsc::Sender<BpfResult<Vec<Option<ProcessAddress>>>>);

impl ProcessSymbols {
    /// The symbols of process `pid`, counted by `claim` while they live.
    pub fn load(pid: u32, claim: Claim) -> BpfResult<Self> {
        // blazesym reads pid 0 as "this process": the host's own layout
        // is not the guest's to see.
        if pid == 0 {
            return Err(BpfError::invalid_argument("process 0: not a process whose symbols a guest may read"));
        }
        if !Path::new(&format!("/proc/{pid}")).exists() {
            return Err(BpfError::not_found(format_args!("process {pid}")));
        }
        let (requests, received) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name(format!("symbols of {pid}"))
            .spawn(move || {
                let resolver = Resolver::new(pid);
                for (addresses, reply) in received {
                    // A guest that went away no longer waits for it.
                    let _ = reply.send(resolver.resolve(&addresses));
                }
            })
            .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EAGAIN), "starting a symbolizer thread"))?;
        Ok(ProcessSymbols { pid, requests, _claim: claim })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Where each of `addresses` comes from, in order.
    pub fn resolve(&self, addresses: &[u64]) -> BpfResult<Vec<Option<ProcessAddress>>> {
        let (reply, answer) = mpsc::channel();
        let gone = || BpfError::new(ErrorCode::OsError, format!("process {}: the symbolizer thread ended", self.pid));
        self.requests.send((addresses.to_vec(), reply)).map_err(|_| gone())?;
        answer.recv().map_err(|_| gone())?
    }
}

/// blazesym's state for one process, on its thread.
struct Resolver {
    pid: u32,
    normalizer: Normalizer,
    symbolizer: Symbolizer,
}

impl Resolver {
    fn new(pid: u32) -> Self {
        let normalizer = Normalizer::builder().enable_build_ids(true).build();
        // No demangling and no DWARF (not built in): names as the symbol
        // table spells them, as native libbpf-tools print.
        let symbolizer = Symbolizer::builder().enable_code_info(false).enable_inlined_fns(false).build();
        Resolver { pid, normalizer, symbolizer }
    }

    fn resolve(&self, addresses: &[u64]) -> BpfResult<Vec<Option<ProcessAddress>>> {
        let pid = Pid::from(self.pid);
        let normalized =
            self.normalizer.normalize_user_addrs(pid, addresses).map_err(|e| self.error(&e, "reading the maps"))?;
        let mut process = Process::new(pid);
        // Symbol tables only: perf maps are files a process writes, and
        // debug files are looked up in host paths the guest may not name.
        process.debug_syms = false;
        process.perf_map = false;
        let symbols = self
            .symbolizer
            .symbolize(&Source::Process(process), Input::AbsAddr(addresses))
            .map_err(|e| self.error(&e, "reading the symbols"))?;
        let resolved = normalized.outputs.iter().zip(symbols).map(|(&(file_offset, meta), symbol)| {
            let (file, build_id) = match normalized.meta.get(meta)? {
                UserMeta::Elf(elf) => (
                    elf.path.to_string_lossy().into_owned(),
                    elf.build_id.as_deref().map(<[u8]>::to_vec).unwrap_or_default(),
                ),
                // Symbolized on the spot: the vDSO.
                UserMeta::Sym(sym) => (
                    sym.module.as_deref().map_or_else(|| "[vdso]".to_string(), |m| m.to_string_lossy().into_owned()),
                    Vec::new(),
                ),
                _ => return None,
            };
            let symbol = match symbol {
                Symbolized::Sym(sym) => Some(ProcessSymbol {
                    name: sym.name.into_owned(),
                    address: sym.addr,
                    size: sym.size.unwrap_or(0) as u64,
                    offset: sym.offset as u64,
                }),
                Symbolized::Unknown(_) => None,
            };
            Some(ProcessAddress { file, file_offset, build_id, symbol })
        });
        Ok(resolved.collect())
    }

    fn error(&self, error: &blazesym::Error, doing: &str) -> BpfError {
        let pid = self.pid;
        match error.kind() {
            blazesym::ErrorKind::NotFound => BpfError::not_found(format_args!("process {pid}")),
            blazesym::ErrorKind::PermissionDenied => {
                BpfError::new(ErrorCode::PermissionDenied, format!("process {pid}: {doing}: {error}"))
            }
            _ => BpfError::new(ErrorCode::OsError, format!("process {pid}: {doing}: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> Claim {
        let usage = crate::limits::Usage::new(Default::default());
        usage.claim(crate::limits::Counted::SymbolTables, 1).unwrap()
    }

    #[inline(never)]
    fn a_function_of_this_test() -> u64 {
        std::hint::black_box(a_function_of_this_test as *const () as u64)
    }

    #[test]
    fn resolves_a_function_of_a_process() {
        let symbols = ProcessSymbols::load(std::process::id(), claim()).unwrap();
        let address = a_function_of_this_test() + 1;
        let heap = Box::new(0u64);
        let resolved = symbols.resolve(&[address, &*heap as *const u64 as u64]).unwrap();
        let found = resolved[0].as_ref().expect("a file backs the test's code");
        assert_eq!(found.file, std::fs::canonicalize(std::env::current_exe().unwrap()).unwrap().to_string_lossy());
        let symbol = found.symbol.as_ref().expect("a symbol");
        assert!(symbol.name.contains("a_function_of_this_test"), "{symbol:?}");
        assert_eq!(symbol.offset, 1);
        assert_eq!(resolved[1], None, "the heap is no file's");
    }

    #[test]
    fn refuses_pid_0_and_missing_processes() {
        let zero = ProcessSymbols::load(0, claim()).err().unwrap();
        assert_eq!(zero.code, ErrorCode::InvalidArgument);
        let missing = ProcessSymbols::load(u32::MAX - 1, claim()).err().unwrap();
        assert_eq!(missing.code, ErrorCode::NotFound);
        assert!(missing.to_string().contains(&format!("process {}", u32::MAX - 1)), "{missing}");
    }
}
