// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Multi-probes: one uprobe.multi program and one uretprobe.multi program
 * on several functions of one process, and one kprobe.multi program on
 * kernel functions entered by the processes named `comm`, each counting
 * the calls it sees by the cookie of the site that fired; and one
 * uprobe.session program, which counts entries and the returns they ask
 * for. Every program is off until the tool turns it on: uprobe.multi
 * loads from Linux 6.6, uprobe.session from 6.13, and kprobe.multi
 * attaches only where the kernel has CONFIG_FPROBE. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set before load: the process whose calls the uprobes count. */
const volatile __u32 target_tgid = 0;
/* Set before load: the processes whose kernel entries the kprobes count. */
const volatile char comm[16] = {};

/* Calls by cookie; returns are counted under cookie | RETURN, a
 * session's under cookie | SESSION (| RETURN). */
#define RETURN 0x100000000ULL
#define SESSION 0x200000000ULL

extern bool bpf_session_is_return(void) __ksym __weak;
extern __u64 *bpf_session_cookie(void) __ksym __weak;

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

/* On entry: counts the site's cookie, leaves it in the session's own
 * cookie, and returns 0 to be run at the return too; there: counts what
 * the entry left. Other processes' calls ask for no return. */
SEC("?uprobe.session")
int session_probe(void *ctx)
{
	__u64 *value = bpf_session_cookie();

	if (!in_target())
		return 1;
	if (bpf_session_is_return()) {
		hit(*value | SESSION | RETURN);
		return 0;
	}
	*value = bpf_get_attach_cookie(ctx);
	hit(*value | SESSION);
	return 0;
}
