// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs on a socket map: a sock_ops program (on a cgroup) puts every
 * TCP socket whose local or remote port is `port` into sockhash `socks`
 * once established, keyed by its local port; on that map an sk_msg
 * program counts the messages and bytes sent, and an sk_skb stream
 * verdict program the bytes received. Each lets the data through. */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SK_PASS 1

/* Set before load: the TCP port (host order) whose sockets count. */
const volatile __u16 port = 0;

__u64 messages = 0;
__u64 sent_bytes = 0;
__u64 received_bytes = 0;

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} socks SEC(".maps");

SEC("sockops")
int add_socket(struct bpf_sock_ops *skops)
{
	__u32 key = skops->local_port;

	if (skops->op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB && skops->op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB)
		return 1;
	if (skops->local_port != port && bpf_ntohl(skops->remote_port) != port)
		return 1;
	bpf_sock_hash_update(skops, &socks, &key, BPF_ANY);
	return 1;
}

SEC("sk_msg")
int count_sent(struct sk_msg_md *msg)
{
	__sync_fetch_and_add(&messages, 1);
	__sync_fetch_and_add(&sent_bytes, msg->size);
	return SK_PASS;
}

SEC("sk_skb/stream_verdict")
int count_received(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&received_bytes, skb->len);
	return SK_PASS;
}
