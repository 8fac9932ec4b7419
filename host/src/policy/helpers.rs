//! The BPF helpers a program calls, read from its instructions before
//! load, and their names (from the kernel's own BTF: `enum bpf_func_id`).

use std::collections::HashMap;
use std::sync::OnceLock;

use libbpf_rs::btf::{types::Enum, Btf};
use libbpf_rs::libbpf_sys::bpf_insn;

/// `BPF_JMP | BPF_CALL`, the opcode of every call instruction.
const CALL: u8 = 0x05 | 0x80;
/// Source register values of calls that are not helper calls: a call of
/// another function of the program (BPF_PSEUDO_CALL) or of a kernel
/// function (BPF_PSEUDO_KFUNC_CALL).
const PSEUDO_CALL: u8 = 1;
const PSEUDO_KFUNC_CALL: u8 = 2;

/// One call instruction of a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HelperCall {
    /// The helper's number (`BPF_FUNC_*`).
    pub id: u32,
}

/// The helpers `insns` call, each once, in order of first call. Calls of
/// subprograms and kfuncs are not helper calls.
pub fn helper_calls(insns: &[bpf_insn]) -> Vec<HelperCall> {
    let mut calls: Vec<HelperCall> = Vec::new();
    for insn in insns {
        if insn.code != CALL || matches!(insn.src_reg(), PSEUDO_CALL | PSEUDO_KFUNC_CALL) {
            continue;
        }
        let call = HelperCall { id: insn.imm as u32 };
        if !calls.contains(&call) {
            calls.push(call);
        }
    }
    calls
}

/// The name of helper `id` (`bpf_map_lookup_elem`), if this kernel knows it.
pub fn helper_name(id: u32) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<u32, String>> = OnceLock::new();
    NAMES.get_or_init(kernel_helper_names).get(&id).map(String::as_str)
}

fn kernel_helper_names() -> HashMap<u32, String> {
    let Ok(btf) = Btf::from_vmlinux() else {
        return HashMap::new();
    };
    let Some(ids) = btf.type_by_name::<Enum<'_>>("bpf_func_id") else {
        return HashMap::new();
    };
    ids.iter()
        .filter_map(|member| {
            let name = member.name?.to_str()?.strip_prefix("BPF_FUNC_")?;
            Some((member.value as u32, format!("bpf_{name}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(src_reg: u8, imm: i32) -> bpf_insn {
        let mut insn = bpf_insn { code: CALL, imm, ..Default::default() };
        insn.set_src_reg(src_reg);
        insn
    }

    #[test]
    fn only_helper_calls_count_once_each() {
        let exit = bpf_insn { code: 0x95, ..Default::default() };
        let insns = [call(0, 1), call(PSEUDO_CALL, 4), call(0, 36), call(PSEUDO_KFUNC_CALL, 99), call(0, 1), exit];
        assert_eq!(helper_calls(&insns), vec![HelperCall { id: 1 }, HelperCall { id: 36 }]);
    }

    #[test]
    fn names_come_from_the_kernel() {
        assert_eq!(helper_name(1), Some("bpf_map_lookup_elem"));
        assert_eq!(helper_name(36), Some("bpf_probe_write_user"));
    }
}
