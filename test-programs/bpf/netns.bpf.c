// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs a network namespace runs: an sk_lookup program counts the
 * socket lookups for TCP and UDP port `port` (and lets each go on to the
 * usual lookup), and a flow dissector counts the IPv4 TCP and UDP
 * packets to that port it is asked to dissect (and leaves the
 * dissection to the kernel). */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SK_PASS 1
#define ETH_P_IP 0x0800

/* Set before load: the port (host order) that counts. */
const volatile __u16 port = 0;

__u64 tcp_lookups = 0;
__u64 udp_lookups = 0;
__u64 tcp_dissected = 0;
__u64 udp_dissected = 0;

SEC("sk_lookup")
int count_lookups(struct bpf_sk_lookup *ctx)
{
	if (ctx->local_port != port)
		return SK_PASS;
	if (ctx->protocol == IPPROTO_TCP)
		__sync_fetch_and_add(&tcp_lookups, 1);
	else if (ctx->protocol == IPPROTO_UDP)
		__sync_fetch_and_add(&udp_lookups, 1);
	return SK_PASS;
}

SEC("flow_dissector")
int count_dissected(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	struct iphdr ip;
	__u16 ports[2];

	if (keys->n_proto != bpf_htons(ETH_P_IP))
		return BPF_FLOW_DISSECTOR_CONTINUE;
	if (bpf_skb_load_bytes(skb, keys->nhoff, &ip, sizeof(ip)) || ip.ihl < 5)
		return BPF_FLOW_DISSECTOR_CONTINUE;
	if (bpf_skb_load_bytes(skb, keys->nhoff + ip.ihl * 4, ports, sizeof(ports)) || bpf_ntohs(ports[1]) != port)
		return BPF_FLOW_DISSECTOR_CONTINUE;
	if (ip.protocol == IPPROTO_TCP)
		__sync_fetch_and_add(&tcp_dissected, 1);
	else if (ip.protocol == IPPROTO_UDP)
		__sync_fetch_and_add(&udp_dissected, 1);
	return BPF_FLOW_DISSECTOR_CONTINUE;
}
