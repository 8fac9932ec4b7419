// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Multi-probes: one uprobe.multi program and one uretprobe.multi program
 * on several functions of one process, and one kprobe.multi program on
 * kernel functions entered by the processes named `comm`, each counting
 * the calls it sees by the cookie of the site that fired. Every program
 * is off until the tool turns it on: uprobe.multi loads from Linux 6.6,
 * and kprobe.multi attaches only where the kernel has CONFIG_FPROBE. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set before load: the process whose calls the uprobes count. */
const volatile __u32 target_tgid = 0;
/* Set before load: the processes whose kernel entries the kprobes count. */
const volatile char comm[16] = {};

/* Calls by cookie; returns are counted under cookie | RETURN. */
#define RETURN 0x100000000ULL

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} hits SEC(".maps");

static void hit(__u64 cookie)
{
	__u64 one = 1, *n = bpf_map_lookup_elem(&hits, &cookie);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&hits, &cookie, &one, BPF_NOEXIST);
}

static bool in_target(void)
{
	return bpf_get_current_pid_tgid() >> 32 == target_tgid;
}

SEC("?uprobe.multi")
int multi_entry(void *ctx)
{
	if (in_target())
		hit(bpf_get_attach_cookie(ctx));
	return 0;
}

SEC("?uretprobe.multi")
int multi_return(void *ctx)
{
	if (in_target())
		hit(bpf_get_attach_cookie(ctx) | RETURN);
	return 0;
}

/* A plain uprobe: not a program a multi-probe link takes. */
SEC("?uprobe")
int single_entry(void *ctx)
{
	return 0;
}

SEC("?kprobe.multi")
int kernel_entry(void *ctx)
{
	if (comm_is(comm))
		hit(bpf_get_attach_cookie(ctx));
	return 0;
}
