// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Iterators: one over the elements of `squares` (filled from user space),
 * one over tasks, each printing a line per object with bpf_seq_printf. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} squares SEC(".maps");

SEC("iter/bpf_map_elem")
int dump_squares(struct bpf_iter__bpf_map_elem *ctx)
{
	__u32 *key = ctx->key;
	__u64 *value = ctx->value;
	if (!key || !value)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%u squared is %llu\n", *key, *value);
	return 0;
}

/* One line per thread: "TGID TID COMM". */
SEC("iter/task")
int list_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	if (!task)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d %d %s\n", task->tgid, task->pid, task->comm);
	return 0;
}

/* One line per cgroup the walk visits: "ID LEVEL" (the id is the inode
 * number of the cgroup's folder). */
SEC("iter/cgroup")
int list_cgroups(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgroup = ctx->cgroup;
	if (!cgroup)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%llu %d\n", cgroup->kn->id, cgroup->level);
	return 0;
}
