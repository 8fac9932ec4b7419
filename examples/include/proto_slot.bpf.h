/* The BPF side of the examples' per-protocol counters (xdp, tc): a
 * frame's slot, and what a slot counts. */
#ifndef EXAMPLES_PROTO_SLOT_BPF_H
#define EXAMPLES_PROTO_SLOT_BPF_H

#include "proto_slot.h"

/* <linux/if_ether.h>, which vmlinux.h does not carry. */
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD

struct datarec {
	__u64 packets;
	/* Frame bytes, from the Ethernet header on. */
	__u64 bytes;
};

/* The slot of the Ethernet frame from `data` to `end`. */
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

#endif
