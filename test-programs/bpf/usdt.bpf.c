// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Records the arguments of USDT probe wbt:tick (test-programs/c/usdt_target:
 * an int, a 64-bit value, a negative short and a string) and the BPF
 * cookie the attach gave, one slot per hit, read by the C and Rust usdt
 * guests and by the native build of the C one. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>
#include "usdt.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_HITS 64

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_HITS);
	__type(key, __u32);
	__type(value, struct hit);
} hits SEC(".maps");

/* The target fires its probes from one thread, one at a time: a plain
 * increment counts them. */
__u32 calls = 0;

SEC("usdt")
int BPF_USDT(on_tick, int i, long long big, short neg, const char *word)
{
	__u32 slot = calls;
	struct hit *hit = bpf_map_lookup_elem(&hits, &slot);
	if (!hit)
		return 0;
	hit->cookie = bpf_usdt_cookie(ctx);
	hit->i = i;
	hit->big = big;
	hit->neg = neg;
	bpf_probe_read_user_str(hit->word, sizeof(hit->word), word);
	calls = slot + 1;
	return 0;
}
