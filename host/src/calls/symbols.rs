//! Kernel and process symbol tables: the calls that check the guest's
//! capability and count the table against its `symbol-tables` limit.

use wasmtime::component::Resource;

use crate::error::HostError;
use crate::kernel_symbols::KernelSymbols;
use crate::limits::Counted;
use crate::policy::Capability;
use crate::process_symbols::ProcessSymbols;
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    pub fn load_kernel_symbols(&mut self) -> Result<Resource<KernelSymbols>, HostError> {
        self.ctx.policy().check(Capability::KernelSymbols, "reading the kernel's symbols")?;
        let claim = self.ctx.usage().claim(Counted::SymbolTables, 1)?;
        Ok(self.table.push(KernelSymbols::load(claim)?)?)
    }

    pub fn load_process_symbols(&mut self, pid: u32) -> Result<Resource<ProcessSymbols>, HostError> {
        self.ctx.policy().check(Capability::ProcessSymbols, format_args!("reading the symbols of process {pid}"))?;
        let claim = self.ctx.usage().claim(Counted::SymbolTables, 1)?;
        Ok(self.table.push(ProcessSymbols::load(pid, claim)?)?)
    }
}
