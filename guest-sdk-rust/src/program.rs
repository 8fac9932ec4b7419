//! Programs and links (libbpf-rs's `Program` and `Link`).

use crate::bindings::wasi::bpf::bpf_object as raw;
use crate::error::{Error, Result};

pub use raw::{PerfEvent, ProgramKernelInfo, XdpMode};
pub use crate::bindings::wasi::bpf::types::ProgramType;

/// A program of a loaded object.
pub struct Program {
    raw: raw::Program,
}

/// What `Program::test_run` feeds the program (libbpf-rs's
/// `ProgramInput`, with sizes in place of output buffers).
#[derive(Clone, Debug, Default)]
pub struct ProgramInput {
    /// The data the program sees (a frame for xdp, tc, socket filters).
    pub data_in: Vec<u8>,
    /// Room for the data after the run (0: not returned).
    pub data_out_size: u32,
    /// The program's context, or empty for the kernel's default.
    pub context_in: Vec<u8>,
    /// Room for the context after the run (0: not returned).
    pub context_out_size: u32,
    /// The kernel's `BPF_F_TEST_*` flags: `BPF_F_TEST_RUN_ON_CPU` (1) and
    /// `BPF_F_TEST_XDP_LIVE_FRAMES` (2); others are `invalid-argument`.
    pub flags: u32,
    /// The CPU, with `BPF_F_TEST_RUN_ON_CPU`.
    pub cpu: u32,
    /// How many runs (0 counts as 1, at most 1 000 000).
    pub repeat: u32,
}

/// What a test run gave back (libbpf-rs's `ProgramOutput`).
#[derive(Clone, Debug)]
pub struct ProgramOutput {
    /// The program's return value.
    pub return_value: u32,
    /// The data after the run.
    pub data: Vec<u8>,
    /// The context after the run.
    pub context: Vec<u8>,
    /// The average duration of one run.
    pub duration: std::time::Duration,
}

/// Where a uprobe attaches (libbpf-rs's `UprobeOpts` plus the target).
#[derive(Clone, Debug, Default)]
pub struct UprobeOpts {
    /// Function to resolve in the binary; without it `offset` is from the
    /// start of the file.
    pub func_name: Option<String>,
    /// Byte offset (from the function when one is named).
    pub offset: u64,
    /// Only this process (`None`: every process).
    pub pid: Option<i32>,
    /// Fire on return instead of entry.
    pub retprobe: bool,
}

impl Program {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    pub fn section(&self) -> String {
        self.raw.section()
    }

    pub fn prog_type(&self) -> ProgramType {
        self.raw.program_type()
    }

    pub fn attach_tracepoint(&self, category: &str, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_tracepoint(category, name)?))
    }

    pub fn attach_raw_tracepoint(&self, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_raw_tracepoint(name)?))
    }

    /// Attaches an XDP program to network interface `interface`.
    pub fn attach_xdp(&self, interface: &str, mode: XdpMode) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_xdp(interface, mode)?))
    }

    /// Attaches to a cgroup v2 directory (absolute, or relative to the
    /// host's cgroup v2 mount).
    pub fn attach_cgroup(&self, path: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_cgroup(path)?))
    }

    /// Attaches a socket filter to every packet of `interface`.
    pub fn attach_socket_filter(&self, interface: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_socket_filter(interface)?))
    }

    /// Attaches a perf_event program to `event` on process `pid` (-1:
    /// every process) and CPU `cpu` (-1: every CPU): the host opens the
    /// event (libbpf-rs's `attach_perf_event` takes the fd a native tool
    /// opened itself; a guest describes the event instead). The link owns
    /// the event.
    pub fn attach_perf_event(&self, event: PerfEvent, pid: i32, cpu: i32) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_perf_event(event, pid, cpu)?))
    }

    /// The kernel's id, tag and run statistics of the program.
    pub fn kernel_info(&self) -> Result<ProgramKernelInfo> {
        Ok(self.raw.kernel_info()?)
    }

    pub(crate) fn from_raw(raw: raw::Program) -> Self {
        Program { raw }
    }

    /// The raw `wasi:bpf` handle.
    pub fn as_raw(&self) -> &raw::Program {
        &self.raw
    }

    /// Attaches where the section name says.
    pub fn attach(&self) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach()?))
    }

    pub fn attach_kprobe(&self, retprobe: bool, function: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe(function, retprobe)?))
    }

    /// Attaches to `binary` (a path on the host).
    pub fn attach_uprobe(&self, binary: &str, opts: &UprobeOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_uprobe(&uprobe_target(binary, opts))?))
    }

    /// Runs the program on `input` without attaching it
    /// (`BPF_PROG_TEST_RUN`).
    pub fn test_run(&self, input: &ProgramInput) -> Result<ProgramOutput> {
        Ok(ProgramOutput::from_raw(self.raw.test_run(&input.to_raw()?)?))
    }
}

/// An attachment. Dropping it detaches the program.
#[must_use = "dropping a Link detaches the program"]
pub struct Link {
    raw: raw::Link,
    /// Where [`Link::pin`] pinned it, or the path [`Link::open`] opened.
    pin_path: Option<String>,
}

impl Link {
    /// Detaches now (dropping does the same).
    pub fn detach(self) {
        self.raw.detach();
    }

    pub(crate) fn from_raw(raw: raw::Link) -> Self {
        Link { raw, pin_path: None }
    }

    /// The raw `wasi:bpf/bpf-object.link` handle, for the raw bindings.
    pub fn as_raw(&self) -> &raw::Link {
        &self.raw
    }

    pub(crate) fn set_pin_path(&mut self, path: Option<String>) {
        self.pin_path = path;
    }

    /// Where the link is pinned (libbpf-rs' `Link::pin_path`).
    pub fn pin_path(&self) -> Option<&str> {
        self.pin_path.as_deref()
    }
}

pub(crate) fn uprobe_target(binary: &str, opts: &UprobeOpts) -> raw::UprobeTarget {
    raw::UprobeTarget {
        binary: binary.to_string(),
        symbol: opts.func_name.clone(),
        offset: opts.offset,
        pid: opts.pid,
        retprobe: opts.retprobe,
    }
}

/// `BPF_F_TEST_RUN_ON_CPU` and `BPF_F_TEST_XDP_LIVE_FRAMES`.
const BPF_F_TEST_RUN_ON_CPU: u32 = 1;
const BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 2;

impl ProgramInput {
    /// The WIT input: libbpf's `flags` bits become the WIT's typed fields.
    pub(crate) fn to_raw(&self) -> Result<raw::TestRunInput> {
        let unknown = self.flags & !(BPF_F_TEST_RUN_ON_CPU | BPF_F_TEST_XDP_LIVE_FRAMES);
        if unknown != 0 {
            return Err(Error::invalid_argument(format!("test-run flags {unknown:#x} are not BPF_F_TEST_* bits wasi:bpf names")));
        }
        let flags = if self.flags & BPF_F_TEST_XDP_LIVE_FRAMES != 0 {
            raw::TestRunFlags::LIVE_FRAMES
        } else {
            raw::TestRunFlags::empty()
        };
        Ok(raw::TestRunInput {
            data: self.data_in.clone(),
            data_out_size: self.data_out_size,
            context: self.context_in.clone(),
            context_out_size: self.context_out_size,
            repeat: self.repeat,
            flags,
            cpu: (self.flags & BPF_F_TEST_RUN_ON_CPU != 0).then_some(self.cpu),
        })
    }
}

impl ProgramOutput {
    pub(crate) fn from_raw(out: raw::TestRunOutput) -> Self {
        ProgramOutput {
            return_value: out.return_value,
            data: out.data,
            context: out.context,
            duration: std::time::Duration::from_nanos(out.duration_ns),
        }
    }
}
