// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A task iterator that writes one struct task_info per process (its
 * group leader), skipping kernel threads unless asked for them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tasks.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PF_KTHREAD 0x00200000

const volatile bool show_kthreads = false;

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct task_info info = {};

	if (!task || task->pid != task->tgid)
		return 0;
	if (!show_kthreads && (task->flags & PF_KTHREAD))
		return 0;
	info.pid = task->tgid;
	info.ppid = BPF_CORE_READ(task, real_parent, tgid);
	info.uid = task->cred->uid.val;
	info.threads = task->signal->nr_threads;
	__builtin_memcpy(info.comm, task->comm, sizeof(info.comm));
	bpf_seq_write(ctx->meta->seq, &info, sizeof(info));
	return 0;
}
