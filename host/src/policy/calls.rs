//! The helpers and kfuncs a program calls, read from its instructions,
//! and their names (from the kernel's own BTF).
//!
//! At load the instructions judged are the ones libbpf hands the kernel:
//! after `bpf_object__prepare`, each program's array holds its own code
//! and every subprogram and callback it can reach (libbpf appends them),
//! with kfunc calls resolved to the kernel's BTF ids. Nothing the ELF file
//! says about its sections changes what is judged.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use libbpf_rs::btf::types::{Enum, Func};
use libbpf_rs::btf::Btf;
use libbpf_rs::libbpf_sys::bpf_insn;

/// `BPF_JMP | BPF_CALL`, the opcode of every call instruction.
const CALL: u8 = 0x05 | 0x80;
/// Source register values of calls that are not helper calls: a call of
/// another function of the program (BPF_PSEUDO_CALL) or of a kernel
/// function (BPF_PSEUDO_KFUNC_CALL).
const PSEUDO_CALL: u8 = 1;
const PSEUDO_KFUNC_CALL: u8 = 2;

/// `BPF_LD | BPF_IMM | BPF_DW`: a 64-bit immediate load, two
/// instructions long, whose source register says what the number names.
const LOAD_IMM64: u8 = 0x18;
const PSEUDO_MAP_FD: u8 = 1;
const PSEUDO_MAP_VALUE: u8 = 2;
const PSEUDO_BTF_ID: u8 = 3;
const PSEUDO_FUNC: u8 = 4;

/// What a 64-bit immediate load of a program names, when it names more
/// than a number or a function of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reference {
    /// A map (or its value) by file descriptor of the loading process:
    /// the host's fd table. libbpf writes its own maps' fds here; anything
    /// else would name whatever the host has open under that number.
    MapFd(i32),
    /// A kernel variable by BTF id (a typed `__ksym`), in vmlinux.
    KernelVariable,
    /// Any other form (maps by index into the fd array, a module's BTF by
    /// fd, kinds newer than this host).
    Unjudged(u8),
}

/// The references the 64-bit immediate loads of `insns` make, each once.
pub fn references(insns: &[bpf_insn]) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    let mut at = 0;
    while at < insns.len() {
        let insn = &insns[at];
        if insn.code != LOAD_IMM64 {
            at += 1;
            continue;
        }
        // The second half holds the upper 32 bits (and, for BTF ids, the
        // fd of the module whose BTF the id is in: 0 for vmlinux).
        let second_imm = insns.get(at + 1).map_or(0, |next| next.imm);
        let reference = match insn.src_reg() {
            0 | PSEUDO_FUNC => None,
            PSEUDO_MAP_FD | PSEUDO_MAP_VALUE => Some(Reference::MapFd(insn.imm)),
            PSEUDO_BTF_ID if second_imm == 0 => Some(Reference::KernelVariable),
            other => Some(Reference::Unjudged(other)),
        };
        if let Some(reference) = reference.filter(|r| seen.insert(*r)) {
            found.push(reference);
        }
        at += 2;
    }
    found
}

/// One thing a program calls in the kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Call {
    /// A helper, by its number (`BPF_FUNC_*`).
    Helper(u32),
    /// A kfunc, by its type id in the kernel's BTF; `module` when the id
    /// is in a kernel module's BTF instead (the call's `off` names it).
    Kfunc { btf_id: u32, module: bool },
}

/// Where libbpf's markers of dead instructions start: it turns the load
/// of a map it did not create (autocreate off) and the call of a weak
/// kfunc the kernel lacks into calls of helper ids from here on
/// (`POISON_LDIMM64_MAP_BASE`, `POISON_CALL_KFUNC_BASE`). No helper has
/// such an id: the verifier rejects a program that can reach one, so
/// they call nothing.
const LIBBPF_POISON_BASE: u32 = 2_001_000_000;

/// The helpers and kfuncs `insns` call, each once, in order of first
/// call. Calls of the program's own functions are neither, and neither
/// are libbpf's markers of dead code ([`LIBBPF_POISON_BASE`]).
pub fn calls(insns: &[bpf_insn]) -> Vec<Call> {
    let mut calls = Vec::new();
    // Linear in the instructions whatever the object holds (a guest's
    // object may call a million different "helpers").
    let mut seen = HashSet::new();
    for insn in insns.iter().filter(|insn| insn.code == CALL) {
        let call = match insn.src_reg() {
            PSEUDO_CALL => continue,
            0 if insn.imm as u32 >= LIBBPF_POISON_BASE => continue,
            PSEUDO_KFUNC_CALL => Call::Kfunc { btf_id: insn.imm as u32, module: insn.off != 0 },
            _ => Call::Helper(insn.imm as u32),
        };
        if seen.insert(call) {
            calls.push(call);
        }
    }
    calls
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

/// The helpers the code of the BPF object `elf` outside libbpf's programs
/// may call, for reports made without loading (`wasm-bpf inspect`): every
/// executable section is read, whatever its name, so that no layout of
/// the file hides code libbpf would append to a program.
pub fn executable_code_calls(elf: &[u8]) -> Vec<Call> {
    let Some((file, code)) = executable_sections(elf) else { return Vec::new() };
    let insns: Vec<bpf_insn> = code.into_iter().flat_map(|bytes| decode_insns(bytes, file.is_big_endian())).collect();
    calls(&insns)
}

/// How many instructions the executable sections of the BPF object
/// `elf` hold, whatever their names (0 for a file that is no BPF object).
pub fn executable_code_insns(elf: &[u8]) -> usize {
    executable_sections(elf).map_or(0, |(_, code)| code.iter().map(|bytes| bytes.len() / 8).sum())
}

/// The BPF object `elf` and the bytes of its executable sections, whatever
/// their names (libbpf takes programs and subprograms from these); `None`
/// for a file that is no BPF object.
fn executable_sections(elf: &[u8]) -> Option<(crate::elf::Elf<'_>, Vec<&[u8]>)> {
    let file = crate::elf::Elf::new(elf).filter(|f| f.machine() == crate::elf::EM_BPF)?;
    let code = file.sections().filter(|s| s.is_executable()).filter_map(|s| file.data_of(&s)).collect();
    Some((file, code))
}

/// Whether `insns` (as libbpf parsed them, before relocation) call
/// another function of the object or take one's address as a callback.
pub fn calls_other_functions(insns: &[bpf_insn]) -> bool {
    insns.iter().any(|insn| match insn.code {
        CALL => insn.src_reg() == PSEUDO_CALL,
        LOAD_IMM64 => insn.src_reg() == PSEUDO_FUNC,
        _ => false,
    })
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

/// The name of the kernel function with type id `btf_id` in the running
/// kernel's BTF, if it is one. The kernel's functions are read once: a
/// guest's object may name any number of ids.
pub fn kfunc_name(btf_id: u32) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<u32, String>> = OnceLock::new();
    NAMES.get_or_init(kernel_function_names).get(&btf_id).map(String::as_str)
}

fn kernel_function_names() -> HashMap<u32, String> {
    let Ok(btf) = Btf::from_vmlinux() else {
        return HashMap::new();
    };
    btf.type_by_kind::<Func<'_>>()
        .filter_map(|func| Some((u32::from(func.type_id()), func.name()?.to_str()?.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(src_reg: u8, imm: i32, off: i16) -> bpf_insn {
        let mut insn = bpf_insn { code: CALL, imm, off, ..Default::default() };
        insn.set_src_reg(src_reg);
        insn
    }

    #[test]
    fn helpers_and_kfuncs_count_once_each() {
        let exit = bpf_insn { code: 0x95, ..Default::default() };
        let insns =
            [call(0, 1, 0), call(PSEUDO_CALL, 4, 0), call(0, 36, 0), call(PSEUDO_KFUNC_CALL, 99, 0), call(0, 1, 0), exit];
        assert_eq!(
            calls(&insns),
            vec![Call::Helper(1), Call::Helper(36), Call::Kfunc { btf_id: 99, module: false }]
        );
        assert_eq!(calls(&[call(PSEUDO_KFUNC_CALL, 7, 2)]), vec![Call::Kfunc { btf_id: 7, module: true }]);
    }

    fn load_imm64(src_reg: u8, imm: i32, second_imm: i32) -> [bpf_insn; 2] {
        let mut first = bpf_insn { code: LOAD_IMM64, imm, ..Default::default() };
        first.set_src_reg(src_reg);
        [first, bpf_insn { imm: second_imm, ..Default::default() }]
    }

    #[test]
    fn immediate_loads_name_maps_symbols_or_numbers() {
        let insns: Vec<bpf_insn> = [
            load_imm64(0, 3, 0),
            load_imm64(PSEUDO_MAP_FD, 3, 0),
            load_imm64(PSEUDO_MAP_VALUE, 3, 0),
            load_imm64(PSEUDO_BTF_ID, 77, 0),
            load_imm64(PSEUDO_BTF_ID, 77, 9),
            load_imm64(PSEUDO_FUNC, 2, 0),
            load_imm64(5, 0, 0),
        ]
        .concat();
        assert_eq!(
            references(&insns),
            [
                Reference::MapFd(3),
                Reference::KernelVariable,
                Reference::Unjudged(PSEUDO_BTF_ID),
                Reference::Unjudged(5)
            ]
        );
    }

    #[test]
    fn every_executable_section_is_read_whatever_its_name() {
        // call bpf_send_signal (109); call subprogram; exit.
        let insns: &[u8] = &[
            0x85, 0x00, 0, 0, 109, 0, 0, 0, // call 109
            0x85, 0x10, 0, 0, 0xff, 0xff, 0xff, 0xff, // call -1 (src_reg 1)
            0x95, 0, 0, 0, 0, 0, 0, 0, // exit
        ];
        let decoded = decode_insns(insns, false);
        assert_eq!(decoded.len(), 3);
        let elf = crate::elf::tests::build(&[(".text", insns), ("tp/sched/sched_process_exec", &[0; 8])]);
        assert_eq!(executable_code_calls(&elf), vec![Call::Helper(109)]);
        assert!(executable_code_calls(&elf[..100]).is_empty());
        let big: Vec<u8> =
            insns.chunks(8).flat_map(|i| [i[0], i[1].rotate_left(4), i[3], i[2], i[7], i[6], i[5], i[4]]).collect();
        assert_eq!(calls(&decode_insns(&big, true)), vec![Call::Helper(109)]);
    }

    #[test]
    fn names_come_from_the_kernel() {
        assert_eq!(helper_name(1), Some("bpf_map_lookup_elem"));
        assert_eq!(helper_name(36), Some("bpf_probe_write_user"));
        let btf = Btf::from_vmlinux().unwrap();
        let func = btf.type_by_name::<Func<'_>>("bpf_rcu_read_lock").unwrap();
        assert_eq!(kfunc_name(func.type_id().into()), Some("bpf_rcu_read_lock"));
        assert_eq!(kfunc_name(u32::MAX), None);
    }
}
