//! BPF_PROG_TEST_RUN: a loaded program run on input the guest gives,
//! without attaching it (libbpf-rs's `Program::test_run`).

use crate::error::{BpfError, BpfResult};
use crate::program::{find, BpfProgram};

/// The most data or context one run returns: a frame, a context.
const MAX_OUT_BYTES: u32 = 16 << 20;
/// The most runs of one call: the kernel loops without looking at the
/// guest's deadline, so a call must stay short.
const MAX_REPEAT: u32 = 1_000_000;

/// What a test run feeds the program.
#[derive(Clone, Debug, Default)]
pub struct TestRunInput {
    pub data: Vec<u8>,
    pub data_out_size: u32,
    pub context: Vec<u8>,
    pub context_out_size: u32,
    pub repeat: u32,
    /// `BPF_F_TEST_XDP_LIVE_FRAMES`: XDP frames go out for real.
    pub live_frames: bool,
    /// `BPF_F_TEST_RUN_ON_CPU` on this CPU.
    pub cpu: Option<u32>,
}

/// `BPF_F_TEST_RUN_ON_CPU` and `BPF_F_TEST_XDP_LIVE_FRAMES` (uapi/linux/bpf.h).
const BPF_F_TEST_RUN_ON_CPU: u32 = 1;
const BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 2;

impl TestRunInput {
    /// The kernel's `flags` and `cpu` for this run.
    fn kernel_flags_and_cpu(&self) -> (u32, u32) {
        let live = if self.live_frames { BPF_F_TEST_XDP_LIVE_FRAMES } else { 0 };
        match self.cpu {
            Some(cpu) => (live | BPF_F_TEST_RUN_ON_CPU, cpu),
            None => (live, 0),
        }
    }
}

/// What it gave back.
#[derive(Clone, Debug)]
pub struct TestRunOutput {
    pub return_value: u32,
    pub data: Vec<u8>,
    pub context: Vec<u8>,
    pub duration_ns: u64,
}

impl BpfProgram {
    pub fn test_run(&self, input: TestRunInput) -> BpfResult<TestRunOutput> {
        if input.data_out_size > MAX_OUT_BYTES || input.context_out_size > MAX_OUT_BYTES {
            return Err(BpfError::invalid_argument(format!(
                "test-run: out sizes are limited to {MAX_OUT_BYTES} bytes"
            )));
        }
        if input.repeat > MAX_REPEAT {
            return Err(BpfError::invalid_argument(format!(
                "test-run: at most {MAX_REPEAT} runs per call"
            )));
        }
        let name = self.name().to_string();
        self.object().with("program", |loaded| {
            let prog = find(&loaded.object, &name)?;
            // 0 and 1 both mean once; the kernel takes 0 from every program
            // type but refuses any count, even 1, for syscall and raw
            // tracepoint programs.
            let repeat = if input.repeat <= 1 { 0 } else { input.repeat };
            let mut context = input.context.clone();
            let mut data_out = vec![0u8; input.data_out_size as usize];
            let mut context_out = vec![0u8; input.context_out_size as usize];
            let (flags, cpu) = input.kernel_flags_and_cpu();
            let run = libbpf_rs::ProgramInput {
                context_in: (!context.is_empty()).then_some(context.as_mut_slice()),
                context_out: (!context_out.is_empty()).then_some(context_out.as_mut_slice()),
                data_in: (!input.data.is_empty()).then_some(input.data.as_slice()),
                data_out: (!data_out.is_empty()).then_some(data_out.as_mut_slice()),
                cpu,
                flags,
                repeat,
                ..Default::default()
            };
            let output = prog.test_run(run).map_err(|e| {
                let error = BpfError::from_libbpf(&e, format_args!("test-run of program '{name}'"));
                if error.errno != Some(libc::ENOSPC) {
                    return error;
                }
                // The kernel's answer when the data or context out is too small.
                let message = format!(
                    "test-run of program '{name}': data-out-size {} or context-out-size {} is smaller than \
                     what the program left",
                    input.data_out_size, input.context_out_size
                );
                BpfError { code: crate::error::ErrorCode::InvalidArgument, message, ..error }
            })?;
            Ok(TestRunOutput {
                return_value: output.return_value,
                data: output.data.map(|d| d.to_vec()).unwrap_or_default(),
                context: output.context.map(|c| c.to_vec()).unwrap_or_default(),
                duration_ns: u64::try_from(output.duration.as_nanos()).unwrap_or(u64::MAX),
            })
        })
    }
}
