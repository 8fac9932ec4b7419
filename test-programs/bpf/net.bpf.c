// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts UDP packets to port `udp_port` three ways: XDP on an interface,
 * a socket filter on the same interface, and cgroup_skb egress of a
 * cgroup. counts[0] = XDP, counts[1] = socket filter, counts[2] = cgroup. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ETH_P_IP 0x0800
#define IPPROTO_UDP_ 17

const volatile __u16 udp_port = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&counts, &slot);

	if (c)
		__sync_fetch_and_add(c, 1);
}

/* Whether the IPv4 header at `ip` (with `end` the end of data) carries UDP
 * to udp_port. */
static __always_inline int is_our_udp(struct iphdr *ip, void *end)
{
	struct udphdr *udp;

	if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP_)
		return 0;
	udp = (void *)ip + ip->ihl * 4;
	if ((void *)(udp + 1) > end)
		return 0;
	return udp->dest == bpf_htons(udp_port);
}

SEC("xdp")
int wbt_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (is_our_udp((void *)(eth + 1), end))
		count(0);
	return XDP_PASS;
}

SEC("socket")
int wbt_sockfilter(struct __sk_buff *skb)
{
	__u8 proto;
	__u16 dport;
	__u8 ihl;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, 14 + 9, &proto, 1) || proto != IPPROTO_UDP_)
		return 0;
	if (bpf_skb_load_bytes(skb, 14, &ihl, 1))
		return 0;
	if (bpf_skb_load_bytes(skb, 14 + (ihl & 0xf) * 4 + 2, &dport, 2))
		return 0;
	if (dport == bpf_htons(udp_port))
		count(1);
	return 0;
}

SEC("cgroup_skb/egress")
int wbt_cgroup_egress(struct __sk_buff *skb)
{
	struct iphdr ip;
	__u16 dport;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 1;
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) || ip.protocol != IPPROTO_UDP_)
		return 1;
	if (bpf_skb_load_bytes(skb, ip.ihl * 4 + 2, &dport, 2))
		return 1;
	if (dport == bpf_htons(udp_port))
		count(2);
	return 1;
}
