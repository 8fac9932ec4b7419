//! `wasi:bpf/symbols`: kernel and process symbol tables, loaded through
//! the calls that check the guest's capability and limit
//! (`crate::calls`).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::symbols::{
    self, HostKernelSymbols, HostProcessSymbols, KernelSymbol, KernelSymbols, ProcessAddress, ProcessSymbol,
    ProcessSymbols,
};
use crate::error::HostError;
use crate::{kernel_symbols as kernel, process_symbols as process};
use crate::view::BpfCtxView;

impl symbols::Host for BpfCtxView<'_> {}

impl HostKernelSymbols for BpfCtxView<'_> {
    fn load(&mut self) -> Result<Resource<KernelSymbols>, HostError> {
        self.load_kernel_symbols()
    }

    fn resolve(&mut self, table: Resource<KernelSymbols>, addresses: Vec<u64>) -> Result<Vec<Option<KernelSymbol>>, HostError> {
        let resolved = self.table.get(&table)?.resolve_all(&addresses)?;
        Ok(resolved.into_iter().map(|symbol| symbol.map(KernelSymbol::from)).collect())
    }

    fn lookup(&mut self, table: Resource<KernelSymbols>, name: String) -> wasmtime::Result<Option<KernelSymbol>> {
        Ok(self.table.get(&table)?.lookup(&name).map(KernelSymbol::from))
    }

    fn drop(&mut self, rep: Resource<KernelSymbols>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl HostProcessSymbols for BpfCtxView<'_> {
    fn load(&mut self, pid: u32) -> Result<Resource<ProcessSymbols>, HostError> {
        self.load_process_symbols(pid)
    }

    fn pid(&mut self, table: Resource<ProcessSymbols>) -> wasmtime::Result<u32> {
        Ok(self.table.get(&table)?.pid())
    }

    fn resolve(
        &mut self,
        table: Resource<ProcessSymbols>,
        addresses: Vec<u64>,
    ) -> Result<Vec<Option<ProcessAddress>>, HostError> {
        let resolved = self.table.get(&table)?.resolve(addresses)?;
        Ok(resolved.into_iter().map(|address| address.map(ProcessAddress::from)).collect())
    }

    fn drop(&mut self, rep: Resource<ProcessSymbols>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl From<kernel::KernelSymbol> for KernelSymbol {
    fn from(symbol: kernel::KernelSymbol) -> Self {
        KernelSymbol { name: symbol.name, address: symbol.address, module: symbol.module }
    }
}

impl From<process::ProcessAddress> for ProcessAddress {
    fn from(address: process::ProcessAddress) -> Self {
        ProcessAddress {
            file: address.file,
            file_offset: address.file_offset,
            build_id: address.build_id,
            symbol: address.symbol.map(|symbol| ProcessSymbol {
                name: symbol.name,
                address: symbol.address,
                size: symbol.size,
                offset: symbol.offset,
            }),
        }
    }
}
