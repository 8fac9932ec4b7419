// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Entry and return probes on uprobed_add and uprobed_sub of the target
 * program: the entry probe keeps the arguments per thread, the return
 * probe sends them with the result. BPF_KPROBE / BPF_KRETPROBE read a
 * uprobe's arguments the same way (Debian 12's libbpf has no BPF_UPROBE). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "uprobe.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct call_args {
	__s32 a;
	__s32 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct call_args);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct event _event = {0};

/* Calls of the two functions by one thread never nest, so the thread id
 * plus the function tells entry and return apart. */
static __u64 call_key(__u32 func)
{
	return (bpf_get_current_pid_tgid() << 1) | func;
}

static int on_entry(__u32 func, int a, int b)
{
	__u64 key = call_key(func);
	struct call_args args = { .a = a, .b = b };

	bpf_map_update_elem(&calls, &key, &args, BPF_ANY);
	return 0;
}

static int on_return(__u32 func, int ret)
{
	__u64 key = call_key(func);
	struct call_args *args = bpf_map_lookup_elem(&calls, &key);
	struct event *e;

	if (!args)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = bpf_get_current_pid_tgid() >> 32;
		e->func = func;
		e->a = args->a;
		e->b = args->b;
		e->ret = ret;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&calls, &key);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(add_entry, int a, int b)
{
	return on_entry(FUNC_ADD, a, b);
}

SEC("uretprobe")
int BPF_KRETPROBE(add_return, int ret)
{
	return on_return(FUNC_ADD, ret);
}

SEC("uprobe")
int BPF_KPROBE(sub_entry, int a, int b)
{
	return on_entry(FUNC_SUB, a, b);
}

SEC("uretprobe")
int BPF_KRETPROBE(sub_return, int ret)
{
	return on_return(FUNC_SUB, ret);
}
