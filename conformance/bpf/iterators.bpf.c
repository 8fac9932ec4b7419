// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Iterators (wasi:bpf/iterators): a task iterator printing a line per
 * thread it is given, "TGID TID", and a map for the refusal of another
 * object's map. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} iter_values SEC(".maps");

SEC("iter/task")
int list_threads(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d %d\n", task->tgid, task->pid);
	return 0;
}
