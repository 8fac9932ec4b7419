// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Extensions (freplace) and their target, loaded in two copies of this
 * object: wbt_decide, an XDP program whose verdict its global function
 * wbt_verdict gives (XDP_PASS); wbt_replace_verdict, an extension that
 * replaces it (XDP_TX) and counts its runs; wbt_replace_reading, an
 * extension that reads kernel memory, which the policy judges as an XDP
 * program's call. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 replaced_runs = 0;
__u64 read_word = 0;

/* Global and not inlined: the kernel replaces only such functions. */
__noinline int wbt_verdict(struct xdp_md *ctx)
{
	return ctx ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int wbt_decide(struct xdp_md *ctx)
{
	return wbt_verdict(ctx);
}

SEC("freplace/wbt_verdict")
int wbt_replace_verdict(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&replaced_runs, 1);
	return XDP_TX;
}

/* A program of another type: no extension loaded for wbt_decide may
 * replace its functions. */
SEC("socket")
int wbt_filter(struct __sk_buff *skb)
{
	return 0;
}

SEC("freplace/wbt_verdict")
int wbt_replace_reading(struct xdp_md *ctx)
{
	bpf_probe_read_kernel(&read_word, sizeof(read_word), ctx);
	return XDP_PASS;
}
