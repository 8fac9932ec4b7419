// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts UDP packets to port `udp_port`: in XDP on an interface (counts[0])
 * and in cgroup_skb egress of a cgroup (counts[1]), each attached by fd
 * and ifindex (bpf_xdp_attach, bpf_prog_attach, bpf_link_create). The
 * `version` section is bpf_object__kversion's. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";
/* 6.1.0 as LINUX_VERSION_CODE spells it, as old kprobe objects carry it. */
__u32 VERSION SEC("version") = 0x060100;

#define ETH_P_IP 0x0800
#define UDP 17

const volatile __u16 udp_port = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&counts, &slot);

	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("xdp")
int fa_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != UDP)
		return XDP_PASS;
	udp = (void *)ip + ip->ihl * 4;
	if ((void *)(udp + 1) <= end && udp->dest == bpf_htons(udp_port))
		count(0);
	return XDP_PASS;
}

SEC("cgroup_skb/egress")
int fa_egress(struct __sk_buff *skb)
{
	struct iphdr ip;
	__u16 dport;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 1;
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) || ip.protocol != UDP)
		return 1;
	if (!bpf_skb_load_bytes(skb, ip.ihl * 4 + 2, &dport, 2) && dport == bpf_htons(udp_port))
		count(1);
	return 1;
}
