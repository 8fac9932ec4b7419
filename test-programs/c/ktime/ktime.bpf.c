// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Stamps the first STAMPS getpgid() calls of thread `target_tid` with
 * bpf_ktime_get_ns(), the kernel's monotonic clock. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ktime.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

__u64 stamps[STAMPS] = {};
__u32 count = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int stamp_getpgid(void *ctx)
{
	__u32 i = count;

	if ((__u32)bpf_get_current_pid_tgid() != target_tid || i >= STAMPS)
		return 0;
	stamps[i] = bpf_ktime_get_ns();
	count = i + 1;
	return 0;
}
