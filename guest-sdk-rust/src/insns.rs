//! BPF instructions as `bpf_program__insns` gives them: libbpf-rs's
//! `OpenProgram::insns` / `Program::insns` return `libbpf_sys::bpf_insn`s,
//! and [`bpf_insn`] is that struct for guests (no libbpf-sys here).

/// One BPF instruction (`struct bpf_insn`, 8 bytes): `dst_reg` and
/// `src_reg` share a byte, as in the kernel's bitfields.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct bpf_insn {
    pub code: u8,
    regs: u8,
    pub off: i16,
    pub imm: i32,
}

impl bpf_insn {
    pub fn dst_reg(&self) -> u8 {
        self.regs & 0x0f
    }

    pub fn set_dst_reg(&mut self, reg: u8) {
        self.regs = (self.regs & 0xf0) | (reg & 0x0f);
    }

    /// In a 64-bit load after load, `BPF_PSEUDO_MAP_IDX` (5) or
    /// `BPF_PSEUDO_MAP_IDX_VALUE` (6) where libbpf holds a map fd: `imm`
    /// is then the map's index in its object (a guest has no fds).
    pub fn src_reg(&self) -> u8 {
        self.regs >> 4
    }

    pub fn set_src_reg(&mut self, reg: u8) {
        self.regs = (self.regs & 0x0f) | (reg << 4);
    }
}

/// The host's instruction bytes as instructions.
pub(crate) fn from_bytes(bytes: &[u8]) -> Vec<bpf_insn> {
    bytes.chunks_exact(std::mem::size_of::<bpf_insn>()).map(bytemuck::pod_read_unaligned).collect()
}
