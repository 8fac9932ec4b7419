// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs the host's policy must tell apart before load: one that only
 * observes, one per dangerous helper, and an XDP program. None of them
 * ever does anything (their conditions never hold): the tests only load
 * them. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Never set: keeps the helpers below from running. */
const volatile __u32 armed = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} execs SEC(".maps");

SEC("tp/sched/sched_process_exec")
int observe(void *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&execs, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("tp/sched/sched_process_exec")
int signal(void *ctx)
{
	if (armed)
		bpf_send_signal(9);
	return 0;
}

SEC("tp/sched/sched_process_exec")
int write_user(void *ctx)
{
	__u64 zero = 0;

	if (armed)
		bpf_probe_write_user((void *)8, &zero, sizeof(zero));
	return 0;
}

/* Attached by the guest that runs past its deadline. */
SEC("tp/sched/sched_process_exit")
int deadline_probe(void *ctx)
{
	return 0;
}

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
