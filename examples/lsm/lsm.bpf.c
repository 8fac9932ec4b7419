// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A BPF LSM program on path_rmdir: refuses (EPERM) to remove directories
 * named `target_name` and reports each refusal. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define EPERM 1
#define NAME_LEN 64
#define TASK_COMM_LEN 16

/* The directory name to protect, set before load. */
const volatile char target_name[NAME_LEN] = {};

struct event {
	__u32 pid;
	char comm[TASK_COMM_LEN];
	char name[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct event _event = {0};

SEC("lsm/path_rmdir")
int BPF_PROG(deny_rmdir, const struct path *dir, struct dentry *dentry, int ret)
{
	char name[NAME_LEN] = {};

	/* Another LSM already refused. */
	if (ret)
		return ret;
	if (bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(dentry, d_name.name)) < 0)
		return 0;
	for (int i = 0; i < NAME_LEN; i++) {
		if (name[i] != target_name[i])
			return 0;
		if (!name[i])
			break;
	}
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		__builtin_memcpy(e->name, name, sizeof(e->name));
		bpf_ringbuf_submit(e, 0);
	}
	return -EPERM;
}
