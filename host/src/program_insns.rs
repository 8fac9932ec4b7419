//! A program's instructions as libbpf holds them (`bpf_program__insns`),
//! before and after load. After load libbpf has put file descriptors of
//! the host into 64-bit loads; those are replaced by what the guest can
//! know (a map's index in its object) before the bytes leave the host.

use libbpf_rs::libbpf_sys;
use libbpf_rs::{AsRawLibbpf, OpenObject};

use crate::error::{BpfError, BpfResult};

/// `BPF_LD | BPF_IMM | BPF_DW`: the first half of a 64-bit load.
const LD_IMM64: u8 = 0x18;
// The kernel's `src_reg` marks of a 64-bit load (include/uapi/linux/bpf.h).
const PSEUDO_MAP_FD: u8 = 1;
const PSEUDO_MAP_VALUE: u8 = 2;
const PSEUDO_BTF_ID: u8 = 3;
const PSEUDO_MAP_IDX: u8 = 5;
const PSEUDO_MAP_IDX_VALUE: u8 = 6;
const INSN_SIZE: usize = 8;

/// The instructions of program `name` of an object not loaded yet: as
/// libbpf read them from the ELF file, with no descriptor in them.
pub(crate) fn open_program_insns(open: &OpenObject, name: &str) -> BpfResult<Vec<u8>> {
    let program = open.progs().find(|p| p.name() == name).ok_or_else(|| not_found(name))?;
    Ok(insn_bytes(program.as_libbpf_object().as_ptr()))
}

/// The instructions libbpf loaded for program `name` of `object`, with
/// map descriptors replaced by map indexes and module BTF descriptors by
/// 0 (see `program.insns` in bpf-object.wit).
pub(crate) fn loaded_program_insns(object: &libbpf_rs::Object, name: &str) -> BpfResult<Vec<u8>> {
    let program = object.progs().find(|p| p.name() == name).ok_or_else(|| not_found(name))?;
    let mut bytes = insn_bytes(program.as_libbpf_object().as_ptr());
    let map_fds = map_fds(object.as_libbpf_object().as_ptr());
    hide_descriptors(&mut bytes, &map_fds);
    Ok(bytes)
}

fn not_found(name: &str) -> BpfError {
    BpfError::not_found(format_args!("program '{name}'"))
}

/// A copy of libbpf's instructions of `prog`.
fn insn_bytes(prog: *mut libbpf_sys::bpf_program) -> Vec<u8> {
    // SAFETY: a live program of a live object; libbpf's array holds
    // `insn_cnt` instructions (never NULL, per its header).
    unsafe {
        let count = libbpf_sys::bpf_program__insn_cnt(prog) as usize;
        let insns = libbpf_sys::bpf_program__insns(prog).cast::<u8>();
        std::slice::from_raw_parts(insns, count * INSN_SIZE).to_vec()
    }
}

/// The descriptor of each map of `object`, in libbpf's order (-1 for a
/// map not created).
fn map_fds(object: *mut libbpf_sys::bpf_object) -> Vec<i32> {
    let mut fds = Vec::new();
    // SAFETY: a live object; libbpf walks its own array of maps.
    unsafe {
        let mut map = libbpf_sys::bpf_object__next_map(object, std::ptr::null());
        while !map.is_null() {
            fds.push(libbpf_sys::bpf_map__fd(map));
            map = libbpf_sys::bpf_object__next_map(object, map);
        }
    }
    fds
}

/// Rewrites the 64-bit loads of `insns` that hold a host descriptor:
/// a map's becomes its index in `map_fds` (-1 for a descriptor of no map
/// of the object), marked as an index; a module BTF's becomes 0.
fn hide_descriptors(insns: &mut [u8], map_fds: &[i32]) {
    let mut at = 0;
    while at + 2 * INSN_SIZE <= insns.len() {
        let insn = &mut insns[at..at + 2 * INSN_SIZE];
        if insn[0] != LD_IMM64 {
            at += INSN_SIZE;
            continue;
        }
        // `dst_reg:4, src_reg:4` in a little-endian host's bit order.
        let src_reg = insn[1] >> 4;
        let index_mark = match src_reg {
            PSEUDO_MAP_FD => Some(PSEUDO_MAP_IDX),
            PSEUDO_MAP_VALUE => Some(PSEUDO_MAP_IDX_VALUE),
            _ => None,
        };
        if let Some(mark) = index_mark {
            let fd = i32::from_ne_bytes(insn[4..8].try_into().expect("4 bytes"));
            let index = map_fds.iter().position(|&m| m >= 0 && m == fd).map_or(-1, |i| i as i32);
            insn[1] = (insn[1] & 0x0f) | (mark << 4);
            insn[4..8].copy_from_slice(&index.to_ne_bytes());
        } else if src_reg == PSEUDO_BTF_ID {
            // The second half's immediate: the module BTF's descriptor.
            insn[12..16].copy_from_slice(&0i32.to_ne_bytes());
        }
        at += 2 * INSN_SIZE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld_imm64(src_reg: u8, imm: i32, next_imm: i32) -> Vec<u8> {
        let mut insn = vec![LD_IMM64, 1 | (src_reg << 4), 0, 0];
        insn.extend(imm.to_ne_bytes());
        insn.extend([0, 0, 0, 0]);
        insn.extend(next_imm.to_ne_bytes());
        insn
    }

    #[test]
    fn map_descriptors_become_indexes_and_btf_descriptors_zero() {
        let exit = [0x95u8, 0, 0, 0, 0, 0, 0, 0];
        let mut insns = [ld_imm64(PSEUDO_MAP_FD, 41, 0), ld_imm64(PSEUDO_MAP_VALUE, 40, 0), ld_imm64(PSEUDO_BTF_ID, 7, 42)]
            .concat();
        insns.extend(exit);
        hide_descriptors(&mut insns, &[40, -1, 41]);
        assert_eq!(
            insns,
            [ld_imm64(PSEUDO_MAP_IDX, 2, 0), ld_imm64(PSEUDO_MAP_IDX_VALUE, 0, 0), ld_imm64(PSEUDO_BTF_ID, 7, 0), exit.to_vec()]
                .concat()
        );
    }

    #[test]
    fn a_descriptor_of_no_map_of_the_object_becomes_minus_one() {
        let mut insns = ld_imm64(PSEUDO_MAP_FD, 9, 0);
        hide_descriptors(&mut insns, &[3]);
        assert_eq!(insns, ld_imm64(PSEUDO_MAP_IDX, -1, 0));
    }
}
