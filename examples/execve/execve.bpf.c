// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Reports every execve(2) on the machine with its first arguments, read
 * from the caller's memory at syscall entry. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "execve.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Only report this user's execs; (u32)-1 reports everyone's. */
const volatile __u32 targ_uid = (__u32)-1;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Puts struct event in the BTF the skeleton is generated from. */
struct event _event = {0};

SEC("tp/syscalls/sys_enter_execve")
int handle_execve(struct trace_event_raw_sys_enter *ctx)
{
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	if (targ_uid != (__u32)-1 && uid != targ_uid)
		return 0;

	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = uid;
	e->argc = 0;
	e->truncated = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	const char *const *argv = (const char *const *)ctx->args[1];
	for (int i = 0; i < MAX_ARGS; i++) {
		const char *arg = NULL;
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			goto done;
		if (bpf_probe_read_user_str(e->args[i], ARG_LEN, arg) < 0)
			e->args[i][0] = '\0';
		e->argc++;
	}
	const char *more = NULL;
	if (!bpf_probe_read_user(&more, sizeof(more), &argv[MAX_ARGS]) && more)
		e->truncated = 1;
done:
	bpf_ringbuf_submit(e, 0);
	return 0;
}
