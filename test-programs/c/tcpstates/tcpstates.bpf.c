// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Every TCP state change with the socket's family, addresses and ports
 * exactly as the kernel has them: tcpstates.c filters and prints them with
 * <sys/socket.h>'s AF_INET / AF_INET6 and inet_ntop. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tcpstates.h"

/* The kernel's (vmlinux.h has no macros). */
#define AF_INET 2

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sock/inet_sock_set_state")
int tcpstates_set_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	struct tcpstates_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	__builtin_memset(e, 0, sizeof(*e));
	e->family = ctx->family;
	e->protocol = ctx->protocol;
	e->sport = ctx->sport;
	e->dport = ctx->dport;
	e->oldstate = ctx->oldstate;
	e->newstate = ctx->newstate;
	if (ctx->family == AF_INET) {
		bpf_probe_read_kernel(e->saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(e->daddr, 4, ctx->daddr);
	} else {
		bpf_probe_read_kernel(e->saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(e->daddr, 16, ctx->daddr_v6);
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
