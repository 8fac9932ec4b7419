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

use std::sync::mpsc;
use std::time::Duration;

use blazesym::normalize::{NormalizeOpts, Normalizer, UserMeta};
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

/// The most addresses one `resolve` takes: a stack is at most 127 frames,
/// and the host's answer grows with the list, outside the guest's memory.
pub const MAX_ADDRESSES: usize = 1 << 16;

/// How long one `resolve` may take: a file on a stalled file system, or a
/// target holding its memory map's lock, must not hold the guest forever.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(10);

/// A guest's handle on one process's symbols.
pub struct ProcessSymbols {
    pid: u32,
    requests: mpsc::Sender<Request>,
}

/// Addresses to resolve, and where the answer goes.
type Request = (Vec<u64>, mpsc::Sender<BpfResult<Vec<Option<ProcessAddress>>>>);

impl ProcessSymbols {
    /// The symbols of process `pid` (any of its threads' ids), counted by
    /// `claim` while its thread lives: a table whose thread is stuck
    /// keeps counting after the guest dropped it.
    pub fn load(pid: u32, claim: Claim) -> BpfResult<Self> {
        // blazesym reads pid 0 as "this process".
        if pid == 0 {
            return Err(BpfError::invalid_argument("process 0: not a process whose symbols a guest may read"));
        }
        // The host's own layout (where its code and libraries are) is not
        // the guest's to see, whichever of its threads is named.
        if tgid(pid)? == std::process::id() {
            return Err(BpfError::new(
                ErrorCode::PermissionDenied,
                format!("process {pid} is the host's own: a guest may not read its symbols"),
            ));
        }
        let (requests, received) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name(format!("symbols of {pid}"))
            .spawn(move || {
                let _claim = claim;
                let resolver = Resolver::new(pid);
                for (addresses, reply) in received {
                    // A guest that went away no longer waits for it.
                    let _ = reply.send(resolver.resolve(&addresses));
                }
            })
            .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EAGAIN), "starting a symbolizer thread"))?;
        Ok(ProcessSymbols { pid, requests })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Where each of `addresses` comes from, in order.
    pub fn resolve(&self, addresses: Vec<u64>) -> BpfResult<Vec<Option<ProcessAddress>>> {
        let pid = self.pid;
        if addresses.len() > MAX_ADDRESSES {
            return Err(BpfError::invalid_argument(format!(
                "process {pid}: {} addresses in one resolve, over the host's limit of {MAX_ADDRESSES}",
                addresses.len()
            )));
        }
        let (reply, answer) = mpsc::channel();
        let gone = || BpfError::new(ErrorCode::OsError, format!("process {pid}: the symbolizer thread ended"));
        self.requests.send((addresses, reply)).map_err(|_| gone())?;
        match answer.recv_timeout(RESOLVE_TIMEOUT) {
            Ok(answer) => answer,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(BpfError::new(
                ErrorCode::Busy,
                format!("process {pid}: resolving took over {} s (its files or memory map are not answering)", RESOLVE_TIMEOUT.as_secs()),
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(gone()),
        }
    }
}

/// The thread-group id of task `pid` (`not-found` naming it when there is
/// no such task).
fn tgid(pid: u32) -> BpfResult<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|_| BpfError::not_found(format_args!("process {pid}")))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Tgid:")?.trim().parse().ok())
        .ok_or_else(|| BpfError::new(ErrorCode::OsError, format!("/proc/{pid}/status has no Tgid line")))
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
        // Through /proc/PID/map_files: the file the process maps, whatever
        // its path names in the host's mount namespace now (a path the
        // process's owner could have replaced by a FIFO or a symlink).
        let opts = NormalizeOpts { map_files: true, ..Default::default() };
        let normalized = self
            .normalizer
            .normalize_user_addrs_opts(pid, addresses, &opts)
            .map_err(|e| self.error(&e, "reading the maps"))?;
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
                // The map_files link reads as the process's own path.
                UserMeta::Elf(elf) => (
                    std::fs::read_link(&elf.path).unwrap_or_else(|_| elf.path.clone()).to_string_lossy().into_owned(),
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

    #[test]
    fn refuses_the_hosts_own_process_by_any_of_its_threads() {
        let own = ProcessSymbols::load(std::process::id(), claim()).err().unwrap();
        assert_eq!(own.code, ErrorCode::PermissionDenied);
        // SAFETY: gettid has no preconditions.
        let thread = unsafe { libc::gettid() } as u32;
        assert_eq!(ProcessSymbols::load(thread, claim()).err().unwrap().code, ErrorCode::PermissionDenied);
    }

    #[test]
    fn resolves_the_code_of_another_process_and_caps_the_list() {
        // The first executable mapping of a `sleep`: its own file.
        let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let pid = child.id();
        let sleep = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap();
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
        let text = maps
            .lines()
            .find(|l| l.split_whitespace().nth(1).is_some_and(|p| p.contains('x')) && l.ends_with(&*sleep.to_string_lossy()))
            .map(|l| u64::from_str_radix(l.split('-').next().unwrap(), 16).unwrap());
        let symbols = ProcessSymbols::load(pid, claim()).unwrap();
        if let Some(text) = text {
            let resolved = symbols.resolve(vec![text, 8]).unwrap();
            assert_eq!(resolved[0].as_ref().map(|a| a.file.as_str()), Some(&*sleep.to_string_lossy()));
            assert_eq!(resolved[1], None, "address 8 is no file's");
        }
        let too_many = symbols.resolve(vec![0; MAX_ADDRESSES + 1]).err().unwrap();
        assert_eq!(too_many.code, ErrorCode::InvalidArgument);
        let _ = child.kill();
        let _ = child.wait();
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
