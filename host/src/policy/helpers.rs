//! The BPF helpers a program calls, read from its instructions before
//! load, and their names (from the kernel's own BTF: `enum bpf_func_id`).

use std::collections::{HashMap, HashSet};
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
/// `BPF_LD | BPF_IMM | BPF_DW`, and its source register value for the
/// address of a function of the program (BPF_PSEUDO_FUNC: a callback).
const LOAD_IMM64: u8 = 0x18;
const PSEUDO_FUNC: u8 = 4;

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
    // Linear in the instructions whatever the object holds (a guest's
    // object may call a million different "helpers").
    let mut seen = HashSet::new();
    for insn in insns {
        if insn.code != CALL || matches!(insn.src_reg(), PSEUDO_CALL | PSEUDO_KFUNC_CALL) {
            continue;
        }
        let call = HelperCall { id: insn.imm as u32 };
        if seen.insert(call) {
            calls.push(call);
        }
    }
    calls
}

/// Whether `insns` call subprograms (BPF_PSEUDO_CALL) or pass one as a
/// callback (a BPF_PSEUDO_FUNC address, as to `bpf_loop`): functions of
/// the object's `.text` section, which libbpf appends to the program at
/// load.
pub fn calls_subprograms(insns: &[bpf_insn]) -> bool {
    insns.iter().any(|insn| match insn.code {
        CALL => insn.src_reg() == PSEUDO_CALL,
        LOAD_IMM64 => insn.src_reg() == PSEUDO_FUNC,
        _ => false,
    })
}

/// The helpers the subprograms of the BPF object `elf` call (the functions
/// in its `.text` section, which libbpf appends to each program that calls
/// them when it loads the object, after the programs' own instructions
/// were read). Empty for a file that is no BPF object or has no `.text`.
pub fn subprogram_helper_calls(elf: &[u8]) -> Vec<HelperCall> {
    let Some(file) = crate::elf::Elf::new(elf).filter(|f| f.machine() == crate::elf::EM_BPF) else {
        return Vec::new();
    };
    let Some(text) = file.section(".text").and_then(|s| file.data_of(&s)) else {
        return Vec::new();
    };
    helper_calls(&decode_insns(text, file.is_big_endian()))
}

/// The instructions in `bytes`, 8 bytes each as an object file of that
/// byte order holds them (a trailing partial instruction is left out).
pub fn decode_insns(bytes: &[u8], big_endian: bool) -> Vec<bpf_insn> {
    bytes
        .chunks_exact(8)
        .map(|b| {
            let (off, imm) = ([b[2], b[3]], [b[4], b[5], b[6], b[7]]);
            let mut insn = bpf_insn {
                code: b[0],
                off: if big_endian { i16::from_be_bytes(off) } else { i16::from_le_bytes(off) },
                imm: if big_endian { i32::from_be_bytes(imm) } else { i32::from_le_bytes(imm) },
                ..Default::default()
            };
            // The registers' nibbles: dst first in the byte's low bits on
            // little-endian, in its high bits on big-endian.
            let (dst, src) = if big_endian { (b[1] >> 4, b[1] & 0xf) } else { (b[1] & 0xf, b[1] >> 4) };
            insn.set_dst_reg(dst);
            insn.set_src_reg(src);
            insn
        })
        .collect()
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
    fn subprograms_in_text_are_scanned() {
        // call bpf_send_signal (109); call subprogram; exit.
        let insns: &[u8] = &[
            0x85, 0x00, 0, 0, 109, 0, 0, 0, // call 109
            0x85, 0x10, 0, 0, 0xff, 0xff, 0xff, 0xff, // call -1 (src_reg 1)
            0x95, 0, 0, 0, 0, 0, 0, 0, // exit
        ];
        let decoded = decode_insns(insns, false);
        assert_eq!(decoded.len(), 3);
        assert!(calls_subprograms(&decoded) && !calls_subprograms(&decoded[..1]));
        // r2 = callback (ld_imm64, src_reg 4), as for bpf_loop.
        let callback = decode_insns(&[0x18, 0x42, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], false);
        assert!(calls_subprograms(&callback));
        let elf = crate::elf::tests::build(&[(".text", insns), ("tp/sched/sched_process_exec", &[0; 8])]);
        assert_eq!(subprogram_helper_calls(&elf), vec![HelperCall { id: 109 }]);
        assert!(subprogram_helper_calls(&elf[..100]).is_empty());
        let big: Vec<u8> =
            insns.chunks(8).flat_map(|i| [i[0], i[1].rotate_left(4), i[3], i[2], i[7], i[6], i[5], i[4]]).collect();
        assert_eq!(helper_calls(&decode_insns(&big, true)), vec![HelperCall { id: 109 }]);
    }

    #[test]
    fn names_come_from_the_kernel() {
        assert_eq!(helper_name(1), Some("bpf_map_lookup_elem"));
        assert_eq!(helper_name(36), Some("bpf_probe_write_user"));
    }
}
