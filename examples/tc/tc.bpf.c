// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Two tc programs that count the packets and bytes of an interface by IP
 * protocol, one for each direction, per CPU. Each lets every packet go
 * on to what comes after it (tcx: the next program; tc: the next filter). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../include/proto_slot.bpf.h"
#include "tc.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* TC_ACT_UNSPEC of <linux/pkt_cls.h>, which is TCX_NEXT too. */
#define NEXT (-1)

/* Per CPU, so that counting needs no atomic operation. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TC_STATS_ENTRIES);
	__type(key, __u32);
	__type(value, struct datarec);
} stats SEC(".maps");

/* A tc program sees the frame from its Ethernet header, in both
 * directions; skb->len counts it all, paged data included. */
static __always_inline int count(struct __sk_buff *skb, __u32 first)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u32 key = first + slot_of(data, end);
	struct datarec *rec = bpf_map_lookup_elem(&stats, &key);

	if (rec) {
		rec->packets++;
		rec->bytes += skb->len;
	}
	return NEXT;
}

SEC("tc")
int count_ingress(struct __sk_buff *skb)
{
	return count(skb, INGRESS_FIRST);
}

SEC("tc")
int count_egress(struct __sk_buff *skb)
{
	return count(skb, EGRESS_FIRST);
}
