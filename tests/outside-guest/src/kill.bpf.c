// Counts kill() calls aimed at one pid, and sends signal 1's to a ring
// buffer and signal 2's to a perf buffer. It includes the kernel's UAPI
// headers rather than a generated vmlinux.h: <linux/bpf.h> needs
// <asm/types.h>, which only the multiarch include folder has.
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* The syscalls tracepoints' context (tracefs' format of sys_enter_kill):
 * the common fields, the syscall number, then its arguments. */
struct sys_enter {
	__u64 common;
	__s64 id;
	__u64 args[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

const volatile __s32 target_pid = 0;

__u64 calls = 0;
/* The count before the last call: the used result of an atomic add, which
 * clang-19 compiles only for BPF CPU v3 and later. */
__u64 before_last = 0;

SEC("tp/syscalls/sys_enter_kill")
int count_kill(struct sys_enter *ctx)
{
	if ((__s32)ctx->args[0] != target_pid)
		return 0;
	__u64 seq = __sync_fetch_and_add(&calls, STEP);
	before_last = seq;
	if (ctx->args[1] == 1)
		bpf_ringbuf_output(&ring, &seq, sizeof(seq), 0);
	else if (ctx->args[1] == 2)
		bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &seq, sizeof(seq));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
