// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A value with a bpf_spin_lock: each run of the XDP program (driven by
 * test-run) adds 1 to both halves under the lock, so a locked read always
 * sees them equal. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct locked_pair {
	struct bpf_spin_lock lock;
	__u32 pad;
	__u64 a;
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked_pair);
} pairs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} plain SEC(".maps");

SEC("xdp")
int wbt_locked(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct locked_pair *p = bpf_map_lookup_elem(&pairs, &zero);

	if (p) {
		bpf_spin_lock(&p->lock);
		p->a++;
		p->b++;
		bpf_spin_unlock(&p->lock);
	}
	return XDP_PASS;
}
