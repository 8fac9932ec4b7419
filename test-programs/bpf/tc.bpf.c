// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts the IPv4 packets to or from `peer_addr` by IP protocol, four
 * ways on one interface: a tc filter on ingress and one on egress
 * (SEC("tc"), the clsact qdisc), and a tcx link on each (SEC("tcx/...")).
 * counts[hook * 256 + protocol], hook 0 = tc ingress, 1 = tc egress,
 * 2 = tcx ingress, 3 = tcx egress. Every program lets the packet on. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ETH_P_IP 0x0800
/* linux/pkt_cls.h: accept, and (tc) go on to the next filter. */
#define TC_ACT_OK 0
#define TC_ACT_UNSPEC (-1)

/* The other end's IPv4 address, in network order. */
const volatile __u32 peer_addr = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4 * 256);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(struct __sk_buff *skb, __u32 hook)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return;
	if (ip->saddr != peer_addr && ip->daddr != peer_addr)
		return;
	__u32 slot = hook * 256 + ip->protocol;
	__u64 *c = bpf_map_lookup_elem(&counts, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("tc")
int wbt_tc_ingress(struct __sk_buff *skb)
{
	count(skb, 0);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int wbt_tc_egress(struct __sk_buff *skb)
{
	count(skb, 1);
	return TC_ACT_UNSPEC;
}

/* tcx runs before the qdisc's filters: TCX_NEXT lets them see the
 * packet too. */
SEC("tcx/ingress")
int wbt_tcx_ingress(struct __sk_buff *skb)
{
	count(skb, 2);
	return TCX_NEXT;
}

SEC("tcx/egress")
int wbt_tcx_egress(struct __sk_buff *skb)
{
	count(skb, 3);
	return TCX_NEXT;
}
