// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One program for every probe usdt.c attaches: records who fired which
 * probe (its BPF cookie) with all of its arguments, decoded by libbpf's
 * usdt.bpf.h from the probe's argument specs, one ring buffer record per
 * firing. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>
#include "usdt.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* 1-based index of the argument to read as a string (0: none). */
const volatile int string_arg = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("usdt")
int handle_probe(struct pt_regs *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->probe = (__u32)bpf_usdt_cookie(ctx);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	int n = bpf_usdt_arg_cnt(ctx);
	e->nargs = n < 0 ? 0 : n > MAX_ARGS ? MAX_ARGS : n;
	e->str[0] = '\0';
	for (int i = 0; i < MAX_ARGS; i++) {
		long value = 0;
		if (i >= (int)e->nargs)
			break;
		bpf_usdt_arg(ctx, i, &value);
		e->args[i] = value;
		if (i + 1 == string_arg)
			bpf_probe_read_user_str(e->str, sizeof(e->str), (const void *)value);
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}
