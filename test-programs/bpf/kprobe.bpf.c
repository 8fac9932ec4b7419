// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The target thread's getpgid calls through kprobes on the syscall's
 * kernel function: one auto-attached by section name, and a kprobe and a
 * kretprobe without a target, which the guest attaches with
 * attach-kprobe-with-options (each with a BPF cookie). */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 calls = 0;

SEC("kprobe/__x64_sys_getpgid")
int wbt_kprobe(void *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&calls, 1);
	return 0;
}

/* Attached explicitly: entries and the pids asked for, returns and what
 * the kernel returned, and the cookie each attach gave. */
__u64 entries = 0;
__u64 arg_sum = 0;
__u64 returns = 0;
__s64 ret_sum = 0;
__u64 entry_cookie = 0;
__u64 return_cookie = 0;

SEC("kprobe")
int wbt_kprobe_explicit(struct pt_regs *ctx)
{
	/* __x64_sys_getpgid(const struct pt_regs *regs): the syscall's own
	 * arguments are in the registers it saved. */
	struct pt_regs *regs = (struct pt_regs *)PT_REGS_PARM1(ctx);
	__u64 pid = 0;

	if (!is_target())
		return 0;
	bpf_probe_read_kernel(&pid, sizeof(pid), &regs->di);
	entry_cookie = bpf_get_attach_cookie(ctx);
	__sync_fetch_and_add(&entries, 1);
	__sync_fetch_and_add(&arg_sum, pid);
	return 0;
}

SEC("kretprobe")
int wbt_kretprobe(struct pt_regs *ctx)
{
	if (!is_target())
		return 0;
	return_cookie = bpf_get_attach_cookie(ctx);
	__sync_fetch_and_add(&returns, 1);
	__sync_fetch_and_add(&ret_sum, (long)PT_REGS_RC(ctx));
	return 0;
}
