//! What the Rust linker guests (bin/linker.rs, bin/linker_async.rs)
//! print of the objects they link, as test-programs/c/linker prints it,
//! so that the kernel test compares both with native libbpf's.

use wasi_bpf::bpf_insn;

/// FNV-1a over `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// The line of one program's instructions: map indexes in 64-bit loads
/// marked as libbpf marks map fds (the C guest and the native test put
/// the index where the fd was).
pub fn insn_line(when: &str, name: &str, insns: &[bpf_insn]) -> String {
    let mut insns = insns.to_vec();
    let mut i = 0;
    while i + 1 < insns.len() {
        if insns[i].code == 0x18 {
            match insns[i].src_reg() {
                5 => insns[i].set_src_reg(1),
                6 => insns[i].set_src_reg(2),
                _ => {}
            }
            i += 1;
        }
        i += 1;
    }
    let bytes: &[u8] = wasi_bpf::bytemuck::cast_slice(&insns);
    format!("{when} {name}: {} insns, fnv1a {:016x}", insns.len(), fnv1a(bytes))
}
