// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The freplace cases' object, loaded twice: once with `decide` only, an
 * XDP program whose verdict comes from the global function wbc_verdict
 * (XDP_PASS), then with `replace_verdict` only, an extension that
 * replaces wbc_verdict of the first copy's `decide` (XDP_TX) and counts
 * its runs. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 replaced_runs = 0;

/* Global and not inlined: the kernel replaces only such functions, which
 * BTF describes. */
__noinline int wbc_verdict(struct xdp_md *ctx)
{
	return ctx ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int decide(struct xdp_md *ctx)
{
	return wbc_verdict(ctx);
}

SEC("freplace/wbc_verdict")
int replace_verdict(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&replaced_runs, 1);
	return XDP_TX;
}
