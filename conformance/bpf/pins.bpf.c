// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Pins in bpffs (wasi:bpf/pins): a counter of the test's getpgid() calls
 * of a magic pid, which a pinned link keeps counting after its guest
 * exits and a pinned map keeps for the next guest; and a map declared
 * LIBBPF_PIN_BY_NAME, which load pins under /sys/fs/bpf or reuses; and a
 * program off by default whose helper the default policy refuses. Also
 * the C pins test guest's object (test-programs/c/Makefile). */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The getpgid() argument the pins kernel test's calls pass (no such
 * process): count_getpgid counts only these. */
#define GETPGID_MAGIC 999999929

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* No program uses it: a guest turns its autocreate off where it may not
 * pin under /sys/fs/bpf. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} wbt_pin_by_name SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	__u32 key = 0;
	__u64 *n;

	if ((int)ctx->args[0] != GETPGID_MAGIC)
		return 0;
	n = bpf_map_lookup_elem(&counts, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

/* Off unless a guest turns it on. Its helper needs `send-signal`, which
 * the policy judges once prepare has relocated the programs: after the
 * maps were created and pinned. A load refused there must leave no pin. */
SEC("?tracepoint/syscalls/sys_enter_getpgid")
int signal_getpgid(void *ctx)
{
	bpf_send_signal(0);
	return 0;
}
