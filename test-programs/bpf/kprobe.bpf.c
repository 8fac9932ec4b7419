// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts the target thread's getpgid calls through a kprobe on the
 * syscall's kernel function (auto-attached by section name). */
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
