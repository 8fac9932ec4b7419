//! The kernel's symbol table for guests (`wasi:bpf/symbols`): a parse of
//! `/proc/kallsyms` answering address -> symbol and name -> symbol the
//! way libbpf-tools' `ksyms__map_addr` and `ksyms__get_symbol` do, so a
//! port prints what the native tool prints.
//!
//! One parse is shared by every table loaded within [`SHARED_FOR`] of it
//! while some table holds it: `/proc/kallsyms` is some 200,000 lines, and
//! guests loading it in a loop must cost the host one copy, not one per
//! handle; past that age a load reads the file again (modules and BPF
//! programs come and go).

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::limits::Claim;

const KALLSYMS: &str = "/proc/kallsyms";

/// How long a parse of `/proc/kallsyms` serves later loads.
const SHARED_FOR: Duration = Duration::from_secs(10);

/// The most addresses one `resolve` takes (as a process table's).
pub const MAX_ADDRESSES: usize = crate::process_symbols::MAX_ADDRESSES;

/// A symbol of the kernel or of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelSymbol {
    pub name: String,
    pub address: u64,
    /// None for vmlinux.
    pub module: Option<String>,
}

/// A guest's handle on the kernel's symbol table.
pub struct KernelSymbols {
    table: Arc<Kallsyms>,
    _claim: Claim,
}

impl KernelSymbols {
    /// The table as `/proc/kallsyms` reads now (or as a table still held
    /// by some guest read it), counted by `claim` while it lives.
    pub fn load(claim: Claim) -> BpfResult<Self> {
        static SHARED: Mutex<Option<(Instant, Weak<Kallsyms>)>> = Mutex::new(None);
        let mut shared = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let recent = shared.as_ref().filter(|(read, _)| read.elapsed() < SHARED_FOR).and_then(|(_, t)| t.upgrade());
        let table = match recent {
            Some(table) => table,
            None => {
                let table = Arc::new(Kallsyms::read()?);
                *shared = Some((Instant::now(), Arc::downgrade(&table)));
                table
            }
        };
        Ok(KernelSymbols { table, _claim: claim })
    }

    /// The symbol of each of `addresses`, in order (at most
    /// [`MAX_ADDRESSES`]).
    pub fn resolve_all(&self, addresses: &[u64]) -> BpfResult<Vec<Option<KernelSymbol>>> {
        if addresses.len() > MAX_ADDRESSES {
            return Err(BpfError::invalid_argument(format!(
                "{} addresses in one resolve, over the host's limit of {MAX_ADDRESSES}",
                addresses.len()
            )));
        }
        Ok(addresses.iter().map(|&address| self.resolve(address)).collect())
    }

    /// The symbol `address` falls in: the last of the highest address at
    /// or below it.
    pub fn resolve(&self, address: u64) -> Option<KernelSymbol> {
        let symbols = &self.table.symbols;
        let after = symbols.partition_point(|s| s.address <= address);
        after.checked_sub(1).map(|i| self.table.symbol(i))
    }

    /// The symbol named `name` at the lowest address.
    pub fn lookup(&self, name: &str) -> Option<KernelSymbol> {
        let table = &self.table;
        let first = table.by_name.partition_point(|&i| &*table.symbols[i as usize].name < name);
        let &i = table.by_name.get(first)?;
        (&*table.symbols[i as usize].name == name).then(|| table.symbol(i as usize))
    }
}

struct Entry {
    address: u64,
    name: Box<str>,
    /// Index into `Kallsyms::modules`, or `u32::MAX` for vmlinux.
    module: u32,
}

struct Kallsyms {
    /// By address; of equal addresses, in the file's order.
    symbols: Vec<Entry>,
    /// Indexes of `symbols` by name; of equal names, by address.
    by_name: Vec<u32>,
    modules: Vec<Box<str>>,
}

impl Kallsyms {
    fn read() -> BpfResult<Self> {
        let text = std::fs::read_to_string(KALLSYMS)
            .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), format_args!("reading {KALLSYMS}")))?;
        Self::parse(&text)
    }

    fn parse(text: &str) -> BpfResult<Self> {
        let mut modules: Vec<Box<str>> = Vec::new();
        let mut symbols = Vec::new();
        for (number, line) in text.lines().enumerate() {
            // ADDRESS TYPE NAME [\t[MODULE]]
            let mut fields = line.split_ascii_whitespace();
            let (Some(address), Some(_type), Some(name)) = (fields.next(), fields.next(), fields.next()) else {
                return Err(malformed(number, line));
            };
            let address = u64::from_str_radix(address, 16).map_err(|_| malformed(number, line))?;
            let module = match fields.next().and_then(|m| m.strip_prefix('[')?.strip_suffix(']')) {
                None => u32::MAX,
                Some(module) => match modules.iter().rposition(|m| &**m == module) {
                    Some(i) => i as u32,
                    None => {
                        modules.push(module.into());
                        (modules.len() - 1) as u32
                    }
                },
            };
            symbols.push(Entry { address, name: name.into(), module });
        }
        if symbols.iter().all(|s| s.address == 0) {
            return Err(BpfError::new(
                ErrorCode::Unsupported,
                format!("{KALLSYMS} shows every address as 0: the kernel hides them (kernel.kptr_restrict)"),
            ));
        }
        // Stable: equal addresses keep the file's order.
        symbols.sort_by_key(|s| s.address);
        let mut by_name: Vec<u32> = (0..symbols.len() as u32).collect();
        by_name.sort_by(|&a, &b| symbols[a as usize].name.cmp(&symbols[b as usize].name));
        Ok(Kallsyms { symbols, by_name, modules })
    }

    fn symbol(&self, i: usize) -> KernelSymbol {
        let entry = &self.symbols[i];
        KernelSymbol {
            name: entry.name.to_string(),
            address: entry.address,
            module: self.modules.get(entry.module as usize).map(|m| m.to_string()),
        }
    }
}

fn malformed(number: usize, line: &str) -> BpfError {
    BpfError::new(ErrorCode::OsError, format!("{KALLSYMS} line {}: unexpected '{line}'", number + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
ffffffff81000000 T _stext
ffffffff81000000 T _text
ffffffff81001000 t do_thing
ffffffff81002000 t helper
ffffffff81003000 t helper
ffffffffc0001000 t nft_do_chain\t[nf_tables]
";

    fn table() -> KernelSymbols {
        let usage = crate::limits::Usage::new(Default::default());
        let claim = usage.claim(crate::limits::Counted::SymbolTables, 1).unwrap();
        KernelSymbols { table: Arc::new(Kallsyms::parse(TEXT).unwrap()), _claim: claim }
    }

    #[test]
    fn resolves_like_ksyms_map_addr() {
        let table = table();
        assert_eq!(table.resolve(0xffffffff80ffffff), None);
        // Of two symbols at one address, the last listed.
        assert_eq!(table.resolve(0xffffffff81000010).unwrap().name, "_text");
        assert_eq!(table.resolve(0xffffffff81001fff).unwrap().name, "do_thing");
        let module = table.resolve(0xffffffffc0001234).unwrap();
        assert_eq!((module.name.as_str(), module.module.as_deref()), ("nft_do_chain", Some("nf_tables")));
    }

    #[test]
    fn looks_up_the_lowest_of_a_name() {
        let table = table();
        assert_eq!(table.lookup("helper").unwrap().address, 0xffffffff81002000);
        assert_eq!(table.lookup("help"), None);
        assert_eq!(table.lookup("zzz"), None);
        assert_eq!(table.lookup("do_thing").unwrap().module, None);
    }

    #[test]
    fn refuses_hidden_addresses() {
        let hidden = "0000000000000000 T _stext\n0000000000000000 t do_thing\n";
        let error = Kallsyms::parse(hidden).err().unwrap();
        assert!(error.to_string().contains("kptr_restrict"), "{error}");
    }
}
