// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The socket map case's object: programs for sockhash `socks` (two
 * sk_msg programs and an sk_skb stream verdict program), and what attach-sockmap
 * refuses: a bare sk_skb program (loaded with no socket map attach
 * type), a socket filter (another program type) and an array (another
 * map type). Each lets everything through. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SK_PASS 1

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} plain SEC(".maps");

SEC("sk_msg")
int on_message(struct sk_msg_md *msg)
{
	return SK_PASS;
}

/* A second sk_msg program, for a map that runs on_message already. */
SEC("sk_msg")
int on_message_too(struct sk_msg_md *msg)
{
	return SK_PASS;
}

SEC("sk_skb/stream_verdict")
int on_data(struct __sk_buff *skb)
{
	return SK_PASS;
}

SEC("sk_skb")
int bare_sk_skb(struct __sk_buff *skb)
{
	return SK_PASS;
}

SEC("socket")
int filter(struct __sk_buff *skb)
{
	return 0;
}
