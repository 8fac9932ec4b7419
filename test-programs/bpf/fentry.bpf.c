// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fentry and fexit on the getpgid syscall's kernel function: the target
 * thread's calls, the pids it asked for, and what the kernel returned.
 * Kernels that refuse BTF trampolines (EPERM) refuse the whole object at
 * load. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 entries = 0;
__u64 arg_sum = 0;
__u64 exits = 0;
__s64 ret_sum = 0;
/* The BPF cookie of fexit's attach (attach-trace-with-options). */
__u64 exit_cookie = 0;

SEC("fentry/__x64_sys_getpgid")
int BPF_PROG(wbt_fentry, const struct pt_regs *regs)
{
	if (!is_target())
		return 0;
	__sync_fetch_and_add(&entries, 1);
	__sync_fetch_and_add(&arg_sum, regs->di);
	return 0;
}

SEC("fexit/__x64_sys_getpgid")
int BPF_PROG(wbt_fexit, const struct pt_regs *regs, long ret)
{
	if (!is_target())
		return 0;
	__sync_fetch_and_add(&exits, 1);
	__sync_fetch_and_add(&ret_sum, ret);
	exit_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}
