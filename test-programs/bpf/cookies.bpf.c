// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BPF cookies: events of the processes named `comm`, counted by the
 * cookie of the attachment that saw them (one tracepoint program attached
 * to two tracepoints tells them apart by it; a raw tracepoint program,
 * Linux 6.10, likewise), and samples of per-CPU perf events checked
 * against the cookie each CPU's event was attached with. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set before load: the processes whose events count. */
const volatile char comm[16] = {};
/* Set before load: a perf event on CPU n is attached with cookie
 * perf_cookie_base + n. */
const volatile __u64 perf_cookie_base = 0;

/* Samples whose cookie is their CPU's, and those whose cookie is not. */
__u64 samples = 0;
__u64 foreign_samples = 0;

/* Events by the cookie of the attachment that saw them. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __u64);
} hits SEC(".maps");

static void hit(void *ctx)
{
	__u64 cookie = bpf_get_attach_cookie(ctx), one = 1, *n;

	if (!comm_is(comm))
		return;
	n = bpf_map_lookup_elem(&hits, &cookie);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&hits, &cookie, &one, BPF_NOEXIST);
}

/* No target in the section: attached to each tracepoint with its cookie. */
SEC("tp")
int on_tracepoint(void *ctx)
{
	hit(ctx);
	return 0;
}

/* Off unless the tool turns it on: raw tracepoint programs may call
 * bpf_get_attach_cookie from Linux 6.10. */
SEC("?raw_tp")
int on_raw_tracepoint(void *ctx)
{
	hit(ctx);
	return 0;
}

SEC("perf_event")
int on_sample(void *ctx)
{
	if (bpf_get_attach_cookie(ctx) == perf_cookie_base + bpf_get_smp_processor_id())
		__sync_fetch_and_add(&samples, 1);
	else
		__sync_fetch_and_add(&foreign_samples, 1);
	return 0;
}
