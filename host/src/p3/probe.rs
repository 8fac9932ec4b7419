//! `wasi:bpf/probe@0.3.0-draft`: feature probes, answered by the domain's
//! [`crate::probe`] (names checked there).

use super::bindings::wasi::bpf::probe::{self, BtfKind};
use super::bindings::wasi::bpf::types::{MapType, ProgramType};
use super::convert::{btf_kind_number, map_type_number, program_type_number};
use crate::error::HostError;
use crate::probe as domain;
use crate::view::BpfCtxView;

impl probe::Host for BpfCtxView<'_> {
    fn tracepoint_exists(&mut self, category: String, name: String) -> Result<bool, HostError> {
        Ok(domain::tracepoint_exists(&category, &name)?)
    }

    fn kernel_function_exists(&mut self, name: String) -> Result<bool, HostError> {
        Ok(domain::kernel_function_exists(&name)?)
    }

    fn btf_type_exists(&mut self, kind: BtfKind, name: String) -> Result<bool, HostError> {
        Ok(domain::btf_type_exists(btf_kind_number(kind), &name)?)
    }

    fn btf_member_exists(&mut self, type_name: String, member: String) -> Result<bool, HostError> {
        Ok(domain::btf_member_exists(&type_name, &member)?)
    }

    fn program_type_supported(&mut self, type_: ProgramType) -> Result<bool, HostError> {
        Ok(domain::program_type_supported(program_type_number(type_))?)
    }

    fn map_type_supported(&mut self, type_: MapType) -> Result<bool, HostError> {
        Ok(domain::map_type_supported(map_type_number(type_))?)
    }

    fn helper_supported(&mut self, program_type: ProgramType, helper: u32) -> Result<bool, HostError> {
        Ok(domain::helper_supported(program_type_number(program_type), helper)?)
    }

    fn fentry_can_attach(&mut self, function: String) -> Result<bool, HostError> {
        Ok(domain::fentry_can_attach(&function)?)
    }
}
