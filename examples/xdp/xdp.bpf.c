// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An XDP program that counts the packets and bytes arriving on an
 * interface by IP protocol, per CPU, and passes every packet on. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../include/proto_slot.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Per CPU, so that counting needs no atomic operation. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STATS_SLOTS);
	__type(key, __u32);
	__type(value, struct datarec);
} stats SEC(".maps");

SEC("xdp")
int xdp_count_proto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 slot = slot_of(data, end);
	struct datarec *rec = bpf_map_lookup_elem(&stats, &slot);

	if (rec) {
		rec->packets++;
		rec->bytes += end - data;
	}
	return XDP_PASS;
}
