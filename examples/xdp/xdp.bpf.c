// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An XDP program that counts the packets and bytes arriving on an
 * interface by IP protocol, per CPU, and passes every packet on. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xdp.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* <linux/if_ether.h>, which vmlinux.h does not carry. */
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD

struct datarec {
	__u64 packets;
	/* Frame bytes, from the Ethernet header on. */
	__u64 bytes;
};

/* Per CPU, so that counting needs no atomic operation. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STATS_SLOTS);
	__type(key, __u32);
	__type(value, struct datarec);
} stats SEC(".maps");

/* The stats slot of the frame from `data` to `end`. */
static __always_inline __u32 slot_of(void *data, void *end)
{
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6;
	struct iphdr *ip;

	if ((void *)(eth + 1) > end)
		return NON_IP_SLOT;
	switch (eth->h_proto) {
	case bpf_htons(ETH_P_IP):
		ip = (void *)(eth + 1);
		return (void *)(ip + 1) > end ? NON_IP_SLOT : ip->protocol;
	case bpf_htons(ETH_P_IPV6):
		ip6 = (void *)(eth + 1);
		return (void *)(ip6 + 1) > end ? NON_IP_SLOT : ip6->nexthdr;
	default:
		return NON_IP_SLOT;
	}
}

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
