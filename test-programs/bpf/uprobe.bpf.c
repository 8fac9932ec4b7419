// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts calls of a user-space function and sums its first argument; the
 * return probe sums its return values. Each keeps the BPF cookie its
 * attach gave. (BPF_KPROBE reads the same
 * registers for uprobes; Debian's libbpf 1.1 headers lack BPF_UPROBE.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 calls = 0;
__u64 arg_sum = 0;
__u64 ret_sum = 0;
__u64 entry_cookie = 0;
__u64 exit_cookie = 0;

SEC("uprobe")
int BPF_KPROBE(wbt_uprobe, __u64 x)
{
	__sync_fetch_and_add(&calls, 1);
	__sync_fetch_and_add(&arg_sum, x);
	entry_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(wbt_uretprobe, __u64 ret)
{
	__sync_fetch_and_add(&ret_sum, ret);
	exit_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}
