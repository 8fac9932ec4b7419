// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The struct_ops cases' object (and the kernel tests' struct_ops guests'): wbc_cc, a TCP congestion control that
 * counts the connections it starts (init) and otherwise keeps the window
 * as it is. A plain .struct_ops map (registered by a map update, Linux
 * 5.6), so that kernels before struct_ops links (6.4) take it too. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 inits = 0;

SEC("struct_ops/wbc_init")
void BPF_PROG(wbc_init, struct sock *sk)
{
	__sync_fetch_and_add(&inits, 1);
}

SEC("struct_ops/wbc_ssthresh")
__u32 BPF_PROG(wbc_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/wbc_cong_avoid")
void BPF_PROG(wbc_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/wbc_undo_cwnd")
__u32 BPF_PROG(wbc_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC(".struct_ops")
struct tcp_congestion_ops wbc_cc = {
	.init = (void *)wbc_init,
	.ssthresh = (void *)wbc_ssthresh,
	.cong_avoid = (void *)wbc_cong_avoid,
	.undo_cwnd = (void *)wbc_undo_cwnd,
	.name = "wbc_cc",
};
