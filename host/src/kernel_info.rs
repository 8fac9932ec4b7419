//! What the kernel says of a loaded program or map: ids and tags that
//! bpftool shows, run statistics, and the BTF names of a map's key and
//! value types.

use std::os::fd::{AsFd, AsRawFd};

use libbpf_rs::btf::{Btf, BtfKind, BtfType};
use libbpf_rs::{libbpf_sys, AsRawLibbpf, MapCore, ProgramMut};

use crate::error::{BpfError, BpfResult};
use crate::map::BpfMap;
use crate::program::{find, BpfProgram};

/// A loaded program, as `bpf_prog_info` describes it.
#[derive(Clone, Debug)]
pub struct ProgramKernelInfo {
    pub id: u32,
    pub tag: [u8; 8],
    pub run_count: u64,
    pub run_time_ns: u64,
    pub verified_instructions: u32,
}

/// A map, as `bpf_map_info` and the object's BTF describe it.
#[derive(Clone, Debug)]
pub struct MapKernelInfo {
    pub id: u32,
    pub key_type: Option<String>,
    pub value_type: Option<String>,
}

impl BpfProgram {
    pub fn kernel_info(&self) -> BpfResult<ProgramKernelInfo> {
        let name = self.name().to_string();
        self.object().with("program", |loaded| {
            let prog = find(&loaded.object, &name)?;
            // SAFETY: bpf_prog_info is plain data; zeroed is valid.
            let mut info: libbpf_sys::bpf_prog_info = unsafe { std::mem::zeroed() };
            // SAFETY: `info` asks for no arrays.
            unsafe { prog_info(&prog, &name, &mut info) }?;
            Ok(ProgramKernelInfo {
                id: info.id,
                tag: info.tag,
                run_count: info.run_cnt,
                run_time_ns: info.run_time_ns,
                verified_instructions: info.verified_insns,
            })
        })
    }
}

/// Fills `info` from the kernel (`BPF_OBJ_GET_INFO_BY_FD` on `prog`).
///
/// # Safety
/// Every array `info` asks for (a count and a pointer) must point to
/// room for that many records of the kernel's size.
pub(crate) unsafe fn prog_info(prog: &ProgramMut<'_>, name: &str, info: &mut libbpf_sys::bpf_prog_info) -> BpfResult<()> {
    let mut len = std::mem::size_of::<libbpf_sys::bpf_prog_info>() as u32;
    // SAFETY: `info` has `len` bytes and its arrays room (the caller's
    // promise); the fd is the program's.
    let ret = unsafe { libbpf_sys::bpf_prog_get_info_by_fd(prog.as_fd().as_raw_fd(), info, &mut len) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, format_args!("program '{name}' info")));
    }
    Ok(())
}

impl BpfMap {
    pub fn kernel_info(&self) -> BpfResult<MapKernelInfo> {
        let name = self.name().to_string();
        let info = self
            .with_handle(|m| m.info())?
            .map_err(|e| BpfError::from_libbpf(&e, format_args!("map '{name}' info")))?
            .info;
        // The type names come from the object's BTF, whose ids the kernel
        // reports (0: no type). A map opened from a pin has no object here.
        let Some(object) = self.object_ref() else {
            return Ok(MapKernelInfo { id: info.id, key_type: None, value_type: None });
        };
        let (key_type, value_type) = object.with("map", |loaded| {
            // SAFETY: the object is alive while `loaded` is borrowed, and
            // `btf` is dropped before this closure returns.
            let raw = unsafe { loaded.object.as_libbpf_object().as_ref() };
            let btf = Btf::from_bpf_object(raw).map_err(|e| BpfError::from_libbpf(&e, "reading the object's BTF"))?;
            let type_name = |id: u32| -> Option<String> {
                let btf = btf.as_ref()?;
                let ty = btf.type_by_id::<BtfType<'_>>(id.into())?;
                let name = ty.name().map(|n| n.to_string_lossy().into_owned()).filter(|n| !n.is_empty())?;
                // Spelled as in C, so that `struct x` and a typedef `x` differ.
                let tag = match ty.kind() {
                    BtfKind::Struct => "struct ",
                    BtfKind::Union => "union ",
                    BtfKind::Enum | BtfKind::Enum64 => "enum ",
                    _ => "",
                };
                Some(format!("{tag}{name}"))
            };
            let key = (info.btf_key_type_id != 0).then(|| type_name(info.btf_key_type_id)).flatten();
            let value = (info.btf_value_type_id != 0).then(|| type_name(info.btf_value_type_id)).flatten();
            Ok((key, value))
        })?;
        Ok(MapKernelInfo { id: info.id, key_type, value_type })
    }
}
