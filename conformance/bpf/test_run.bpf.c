// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs for the test-run and kernel-info cases, one per program type
 * the cases feed: reflect (XDP) changes the frame it is given, mark_cb (a
 * socket filter) reads and writes its struct __sk_buff, count_runs (XDP)
 * counts its runs in the global `runs`, add_args (raw_tp) returns the sum
 * of its first two arguments, and not_runnable is a tracepoint program,
 * a type the kernel cannot test-run. */
#include "common.h"

#ifndef ETH_ALEN
#define ETH_ALEN 6
#endif

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 runs = 0;

/* Swaps the frame's Ethernet addresses and sends it back (XDP_TX); a
 * frame too short for an Ethernet header is dropped. */
SEC("xdp")
int reflect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

/* cb[0] = mark + 1, cb[1] = priority * 2; the verdict is the mark. */
SEC("socket")
int mark_cb(struct __sk_buff *skb)
{
	skb->cb[0] = skb->mark + 1;
	skb->cb[1] = skb->priority * 2;
	return skb->mark;
}

SEC("xdp")
int count_runs(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&runs, 1);
	return XDP_PASS;
}

SEC("raw_tp")
int add_args(struct bpf_raw_tracepoint_args *ctx)
{
	return ctx->args[0] + ctx->args[1];
}

SEC("tp/sched/sched_process_exec")
int not_runnable(void *ctx)
{
	return 0;
}
