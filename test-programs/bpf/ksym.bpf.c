// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A kernel variable read straight through its address (a typed __ksym):
 * kernel memory, with no helper called. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

extern const struct task_struct init_task __ksym;

__u32 init_pid = 0;

SEC("tp/syscalls/sys_enter_getppid")
int adv_ksym(void *ctx)
{
	init_pid = init_task.pid;
	return 0;
}
