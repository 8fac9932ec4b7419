// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* TCP connection events of the IPv4 sockets of a cgroup: active and
 * passive establishment, then every state change of those connections,
 * one ring buffer event each. A sock_ops program runs in whatever context
 * the TCP stack is in (often softirq), so no process is reported. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* <sys/socket.h>, which vmlinux.h does not carry. */
#define AF_INET 2

struct sockops_event {
	/* BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB, _PASSIVE_ESTABLISHED_CB or
	 * _STATE_CB. */
	__u32 op;
	/* BPF_TCP_* states: the one left and the one entered for
	 * _STATE_CB, the socket's current state (twice) otherwise. */
	__u32 old_state;
	__u32 new_state;
	__be32 local_addr;
	__be32 remote_addr;
	/* Host byte order. */
	__u16 local_port;
	__u16 remote_port;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Puts struct sockops_event in the object's BTF (clang describes only the
 * types it must), so the generated skeleton mirrors it for user space. */
struct sockops_event _event = {0};

static __always_inline void report(struct bpf_sock_ops *skops, __u32 old_state, __u32 new_state)
{
	struct sockops_event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return;
	e->op = skops->op;
	e->old_state = old_state;
	e->new_state = new_state;
	e->local_addr = skops->local_ip4;
	e->remote_addr = skops->remote_ip4;
	/* local_port is in host byte order already; remote_port holds the
	 * network-order port in its first two bytes. */
	e->local_port = skops->local_port;
	e->remote_port = bpf_ntohl(skops->remote_port);
	bpf_ringbuf_submit(e, 0);
}

SEC("sockops")
int tcp_sockops(struct bpf_sock_ops *skops)
{
	if (skops->family != AF_INET)
		return 1;
	switch (skops->op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		/* The kernel calls sock_ops programs on state changes only for
		 * the sockets that ask; these connections now do. */
		bpf_sock_ops_cb_flags_set(skops, skops->bpf_sock_ops_cb_flags | BPF_SOCK_OPS_STATE_CB_FLAG);
		report(skops, skops->state, skops->state);
		break;
	case BPF_SOCK_OPS_STATE_CB:
		report(skops, skops->args[0], skops->args[1]);
		break;
	}
	/* The other ops (RTO, window and ECN queries) keep the kernel's
	 * defaults: the reply stays 0. */
	return 1;
}
