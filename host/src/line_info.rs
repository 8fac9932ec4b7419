//! A loaded program's line info (which source line each instruction came
//! from) and the layout of its machine code: what `bpftool prog dump`
//! and libbpf's `bpf_prog_linfo` read from `BPF_OBJ_GET_INFO_BY_FD`.
//!
//! The machine code's addresses are kernel addresses: they go only to a
//! guest allowed `kernel-symbols`, which reads every kernel address from
//! `/proc/kallsyms` anyway (the caller decides; see `calls::object`).

use libbpf_rs::libbpf_sys::{bpf_line_info, bpf_prog_info};

use crate::error::{BpfError, BpfResult};
use crate::kernel_info::prog_info;
use crate::program::{find, BpfProgram};

/// The most lines a program can have: one per instruction, and the
/// verifier takes at most a million instructions.
const MAX_LINES: u32 = 1 << 20;

/// The most functions a program can have (the kernel's `BPF_MAX_SUBPROGS`).
const MAX_FUNCTIONS: u32 = 256;

/// A program's line info, as `bpf_prog_info` gives it.
#[derive(Clone, Debug, Default)]
pub struct ProgramLineInfo {
    pub lines: Vec<bpf_line_info>,
    pub jited_line_count: u32,
    pub jited_func_lengths: Vec<u32>,
    pub jited_addresses: Option<JitedAddresses>,
}

/// Kernel addresses of a program's machine code.
#[derive(Clone, Debug, Default)]
pub struct JitedAddresses {
    pub functions: Vec<u64>,
    pub lines: Vec<u64>,
}

impl BpfProgram {
    /// The program's line info; the machine code's addresses only if
    /// `with_addresses`.
    pub fn line_info(&self, with_addresses: bool) -> BpfResult<ProgramLineInfo> {
        let name = self.name().to_string();
        self.object().with("program", |loaded| {
            let prog = find(&loaded.object, &name)?;
            // SAFETY: bpf_prog_info is plain data; zeroed is valid.
            let mut counts: bpf_prog_info = unsafe { std::mem::zeroed() };
            // SAFETY: `counts` asks for no arrays: the kernel gives counts.
            unsafe { prog_info(&prog, &name, &mut counts) }?;
            let bounded = |count: u32, most: u32, what: &str| {
                if count > most {
                    return Err(BpfError::invalid_state(format!(
                        "program '{name}': the kernel reports {count} {what}, more than {most}"
                    )));
                }
                Ok(count as usize)
            };
            let lines = bounded(counts.nr_line_info, MAX_LINES, "lines")?;
            let jited_lines = bounded(counts.nr_jited_line_info, MAX_LINES, "machine-code lines")?;
            let functions = bounded(counts.nr_jited_ksyms.max(counts.nr_jited_func_lens), MAX_FUNCTIONS, "functions")?;

            let mut out = ProgramLineInfo {
                lines: vec![bpf_line_info::default(); lines],
                jited_line_count: counts.nr_jited_line_info,
                jited_func_lengths: vec![0; functions],
                jited_addresses: None,
            };
            let mut addresses = JitedAddresses { functions: vec![0; functions], lines: vec![0; jited_lines] };
            // SAFETY: as above.
            let mut info: bpf_prog_info = unsafe { std::mem::zeroed() };
            info.nr_line_info = lines as u32;
            info.line_info_rec_size = std::mem::size_of::<bpf_line_info>() as u32;
            info.line_info = out.lines.as_mut_ptr() as u64;
            info.nr_jited_func_lens = functions as u32;
            info.jited_func_lens = out.jited_func_lengths.as_mut_ptr() as u64;
            info.nr_jited_ksyms = functions as u32;
            info.jited_ksyms = addresses.functions.as_mut_ptr() as u64;
            info.nr_jited_line_info = jited_lines as u32;
            info.jited_line_info_rec_size = std::mem::size_of::<u64>() as u32;
            info.jited_line_info = addresses.lines.as_mut_ptr() as u64;
            // SAFETY: each array asked for points to a vector of exactly
            // its count of records of the kernel's size.
            unsafe { prog_info(&prog, &name, &mut info) }?;
            // A program does not change once loaded: the counts are the
            // first call's.
            if with_addresses {
                out.jited_addresses = Some(addresses);
            }
            Ok(out)
        })
    }
}
