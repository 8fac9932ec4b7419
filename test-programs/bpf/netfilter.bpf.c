// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A netfilter program: counts the IPv4 UDP datagrams to port `port` that
 * pass its hook, and drops them (NF_DROP) when `drop` is set, as a
 * firewall rule would. */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NF_DROP 0
#define NF_ACCEPT 1

/* Set before load: the port (host order) that counts, and whether its
 * datagrams are dropped. */
const volatile __u16 port = 0;
const volatile bool drop = false;

__u64 datagrams = 0;

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;

SEC("netfilter")
int filter_udp(struct bpf_nf_ctx *ctx)
{
	struct iphdr ip_buffer, *ip;
	struct udphdr udp_buffer, *udp;
	struct bpf_dynptr packet;

	/* At an IPv4 hook the packet starts with its IP header. */
	if (bpf_dynptr_from_skb((struct __sk_buff *)ctx->skb, 0, &packet))
		return NF_ACCEPT;
	ip = bpf_dynptr_slice(&packet, 0, &ip_buffer, sizeof(ip_buffer));
	if (!ip || ip->protocol != IPPROTO_UDP || ip->ihl < 5)
		return NF_ACCEPT;
	udp = bpf_dynptr_slice(&packet, ip->ihl * 4, &udp_buffer, sizeof(udp_buffer));
	if (!udp || bpf_ntohs(udp->dest) != port)
		return NF_ACCEPT;
	__sync_fetch_and_add(&datagrams, 1);
	return drop ? NF_DROP : NF_ACCEPT;
}
