// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* opensnoop's kernel side: openat() and openat2() calls, with their file
 * name and flags taken at entry and their result at exit, sent to user
 * space through a perf event array. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "opensnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Filters, set by user space before load; 0 (INVALID_UID) means any. */
const volatile pid_t targ_pid = 0;
const volatile pid_t targ_tgid = 0;
const volatile uid_t targ_uid = INVALID_UID;
const volatile bool targ_failed = false;

/* The arguments of each thread's open in progress, by pid_tgid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, struct args_t);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} events SEC(".maps");

static __always_inline bool trace_allowed(u32 tgid, u32 pid)
{
	if (targ_tgid && targ_tgid != tgid)
		return false;
	if (targ_pid && targ_pid != pid)
		return false;
	if (targ_uid != INVALID_UID && targ_uid != (u32)bpf_get_current_uid_gid())
		return false;
	return true;
}

static __always_inline int trace_enter(const char *fname, int flags)
{
	u64 id = bpf_get_current_pid_tgid();
	struct args_t args = {};

	if (!trace_allowed(id >> 32, (u32)id))
		return 0;
	args.fname = fname;
	args.flags = flags;
	bpf_map_update_elem(&start, &id, &args, BPF_ANY);
	return 0;
}

static __always_inline int trace_exit(struct trace_event_raw_sys_exit *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	struct event event = {};
	struct args_t *ap;
	int ret;

	ap = bpf_map_lookup_elem(&start, &id);
	if (!ap)
		return 0; /* filtered out, or entered before we attached */
	ret = ctx->ret;
	if (targ_failed && ret >= 0)
		goto cleanup;

	event.pid = id >> 32;
	event.uid = (u32)bpf_get_current_uid_gid();
	event.ret = ret;
	event.flags = ap->flags;
	bpf_get_current_comm(&event.comm, sizeof(event.comm));
	bpf_probe_read_user_str(&event.fname, sizeof(event.fname), ap->fname);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &event, sizeof(event));

cleanup:
	bpf_map_delete_elem(&start, &id);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	return trace_enter((const char *)ctx->args[1], (int)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int exit_openat(struct trace_event_raw_sys_exit *ctx)
{
	return trace_exit(ctx);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int enter_openat2(struct trace_event_raw_sys_enter *ctx)
{
	struct open_how how = {};

	/* openat2 passes its flags in a struct open_how in user memory. */
	bpf_probe_read_user(&how, sizeof(how), (void *)ctx->args[2]);
	return trace_enter((const char *)ctx->args[1], (int)how.flags);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int exit_openat2(struct trace_event_raw_sys_exit *ctx)
{
	return trace_exit(ctx);
}
