// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A socket filter that reports every IPv4 packet its socket sees: the
 * addresses, the TCP or UDP ports, the IP protocol, the packet type and
 * the interface, one ring buffer event per packet (libbpf-bootstrap's
 * sockfilter). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* <linux/if_ether.h> and <net/ip.h>, which vmlinux.h does not carry. */
#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define IP_OFFSET 0x1fff

struct so_event {
	__be32 src_addr;
	__be32 dst_addr;
	/* Host byte order; 0 for protocols without ports and for
	 * non-first fragments. */
	__u16 src_port;
	__u16 dst_port;
	__u8 ip_proto;
	/* PACKET_HOST, PACKET_OUTGOING, ... of <linux/if_packet.h>. */
	__u8 pkt_type;
	__u32 ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Puts struct so_event in the object's BTF (clang describes only the types
 * it must), so the generated skeleton mirrors it for user space. */
struct so_event _event = {0};

SEC("socket")
int socket_handler(struct __sk_buff *skb)
{
	struct so_event *e;
	struct iphdr ip;
	__be16 ports[2] = {0, 0};

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	/* A raw packet socket sees the frame from its Ethernet header on. */
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, sizeof(ip)))
		return 0;
	/* Only a first fragment starts with the transport header; the helper
	 * zeroes `ports` if the packet is too short for them. */
	if ((ip.protocol == IPPROTO_TCP || ip.protocol == IPPROTO_UDP) && !(bpf_ntohs(ip.frag_off) & IP_OFFSET))
		bpf_skb_load_bytes(skb, ETH_HLEN + ip.ihl * 4, ports, sizeof(ports));

	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e)
		return 0;
	e->src_addr = ip.saddr;
	e->dst_addr = ip.daddr;
	e->src_port = bpf_ntohs(ports[0]);
	e->dst_port = bpf_ntohs(ports[1]);
	e->ip_proto = ip.protocol;
	e->pkt_type = skb->pkt_type;
	e->ifindex = skb->ifindex;
	bpf_ringbuf_submit(e, 0);
	/* Nothing reads the socket: keeping no packet in it costs no memory
	 * and changes nothing the filter sees. */
	return 0;
}
