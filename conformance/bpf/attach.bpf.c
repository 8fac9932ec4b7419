// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs for the attachment cases. Each counts, in its own slot of
 * `counts`, only the events a case's trigger causes: execs and exits of
 * processes whose comm is `comm`, or UDP packets to 127.0.0.1 port `port`
 * carrying `payload_len` bytes. The guest sets these `.rodata` globals
 * before load. The slots are numbered as in the Rust cases' `Slot`. */
#include "common.h"
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ETH_P_IP 0x0800

const volatile char comm[16] = {};
const volatile __u16 port = 0;
const volatile __u16 payload_len = 0;

enum slot {
	SLOT_TP,
	SLOT_RAW_TP,
	SLOT_TP_ANY,
	SLOT_RAW_TP_ANY,
	SLOT_KPROBE,
	SLOT_UPROBE,
	SLOT_XDP,
	SLOT_SOCKET,
	SLOT_CGROUP,
	SLOT_PERF_EVENT,
	SLOT_TC,
	SLOT_XDP_REPLACEMENT,
	SLOT_UPROBE_MULTI,
	SLOT_KPROBE_MULTI,
	SLOT_FENTRY,
	SLOT_SK_LOOKUP,
	SLOT_NETFILTER,
	/* A session's entries, then the returns that read the value their
	 * entry left. */
	SLOT_UPROBE_SESSION,
	SLOT_UPROBE_SESSION_RETURN,
	SLOT_KPROBE_SESSION,
	SLOT_KPROBE_SESSION_RETURN,
	SLOTS,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* By slot: the BPF cookie (`bpf_get_attach_cookie`) of the attachment
 * that counted there last, for the programs that read theirs. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} cookies SEC(".maps");

static void count(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&counts, &slot);

	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Whether the current task's comm is `comm`. */
static bool comm_matches(void)
{
	char now[16] = {};

	bpf_get_current_comm(now, sizeof(now));
	for (int i = 0; i < sizeof(now); i++) {
		if (now[i] != comm[i])
			return false;
		if (!now[i])
			break;
	}
	return true;
}

static void count_task(__u32 slot)
{
	if (comm_matches())
		count(slot);
}

/* count_task, keeping the attachment's cookie in `cookies` first. */
static void count_task_cookie(void *ctx, __u32 slot)
{
	__u64 *cookie = bpf_map_lookup_elem(&cookies, &slot);

	if (!comm_matches())
		return;
	if (cookie)
		*cookie = bpf_get_attach_cookie(ctx);
	count(slot);
}

/* An IPv4 header without options, then a UDP header. */
struct packet {
	struct iphdr ip;
	struct udphdr udp;
};

static bool is_wanted(const struct packet *p)
{
	return p->ip.ihl == 5 && p->ip.protocol == IPPROTO_UDP && p->udp.dest == bpf_htons(port) &&
	       p->udp.len == bpf_htons(sizeof(struct udphdr) + payload_len);
}

SEC("tp/sched/sched_process_exec")
int count_tp(void *ctx)
{
	count_task(SLOT_TP);
	return 0;
}

SEC("raw_tp/sched_process_exec")
int count_raw_tp(void *ctx)
{
	count_task(SLOT_RAW_TP);
	return 0;
}

/* No target in the section: attached with attach-tracepoint. */
SEC("tp")
int count_tp_any(void *ctx)
{
	count_task_cookie(ctx, SLOT_TP_ANY);
	return 0;
}

/* No target in the section: attached with attach-raw-tracepoint. */
SEC("raw_tp")
int count_raw_tp_any(void *ctx)
{
	count_task(SLOT_RAW_TP_ANY);
	return 0;
}

/* count_raw_tp_any keeping its cookie: raw tracepoint programs may call
 * bpf_get_attach_cookie from Linux 6.10, so it loads only where a case
 * turns its autoload on. */
SEC("?raw_tp")
int count_raw_tp_cookie(void *ctx)
{
	count_task_cookie(ctx, SLOT_RAW_TP_ANY);
	return 0;
}

SEC("kprobe")
int count_kprobe(void *ctx)
{
	count_task_cookie(ctx, SLOT_KPROBE);
	return 0;
}

SEC("uprobe")
int count_uprobe(void *ctx)
{
	count_task_cookie(ctx, SLOT_UPROBE);
	return 0;
}

/* A trampoline program, off unless a case turns it on (kernels with
 * lockdown or without trampolines refuse it at load). */
SEC("?fentry/do_exit")
int BPF_PROG(count_fentry_cookie)
{
	count_task_cookie(ctx, SLOT_FENTRY);
	return 0;
}

/* Multi-probes load only on kernels that have them (uprobe.multi: 6.6):
 * off unless a case turns them on. */
SEC("?kprobe.multi")
int count_kprobe_multi(void *ctx)
{
	count_task_cookie(ctx, SLOT_KPROBE_MULTI);
	return 0;
}

SEC("?uprobe.multi")
int count_uprobe_multi(void *ctx)
{
	count_task_cookie(ctx, SLOT_UPROBE_MULTI);
	return 0;
}

extern bool bpf_session_is_return(void) __ksym __weak;
extern __u64 *bpf_session_cookie(void) __ksym __weak;

/* A session probe of the processes named `comm`: on entry counts in
 * `slot`, leaves the attachment's cookie in the session's cookie and
 * returns 0, which asks for the return; there counts in `slot + 1` if it
 * reads the value its entry left. Others' calls ask for no return. */
static int count_session(void *ctx, __u32 slot)
{
	__u64 *value = bpf_session_cookie();

	if (!comm_matches())
		return 1;
	if (!bpf_session_is_return()) {
		*value = bpf_get_attach_cookie(ctx);
		count(slot);
	} else if (*value == bpf_get_attach_cookie(ctx)) {
		count(slot + 1);
	}
	return 0;
}

SEC("?uprobe.session")
int count_uprobe_session(void *ctx)
{
	return count_session(ctx, SLOT_UPROBE_SESSION);
}

SEC("?kprobe.session")
int count_kprobe_session(void *ctx)
{
	return count_session(ctx, SLOT_KPROBE_SESSION);
}

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct packet *p = (void *)(eth + 1);

	if ((void *)(p + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && is_wanted(p))
		count(SLOT_XDP);
	return XDP_PASS;
}

/* A classifier, attached with attach-tc or attach-tcx: the frame from
 * its Ethernet header on. Lets every packet on: -1 is tc's
 * TC_ACT_UNSPEC (the next filter) and tcx's TCX_NEXT (the next program). */
SEC("tc")
int count_tc(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct packet *p = (void *)(eth + 1);

	if ((void *)(p + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && is_wanted(p))
		count(SLOT_TC);
	return -1;
}

/* What a link of count_xdp runs once link-update gave it this program:
 * the same packets, counted in their own slot. */
SEC("xdp")
int count_xdp_replacement(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct packet *p = (void *)(eth + 1);

	if ((void *)(p + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && is_wanted(p))
		count(SLOT_XDP_REPLACEMENT);
	return XDP_PASS;
}

/* On a packet socket: the frame from its Ethernet header on. Keeps
 * nothing, so that the socket the host opens never fills. */
SEC("socket")
int count_socket(struct __sk_buff *skb)
{
	struct packet p;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (!bpf_skb_load_bytes(skb, sizeof(struct ethhdr), &p, sizeof(p)) && is_wanted(&p))
		count(SLOT_SOCKET);
	return 0;
}

/* On a cgroup's egress: the packet from its IP header on. Lets it pass. */
SEC("cgroup_skb/egress")
int count_cgroup(struct __sk_buff *skb)
{
	struct packet p;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 1;
	if (!bpf_skb_load_bytes(skb, 0, &p, sizeof(p)) && is_wanted(&p))
		count(SLOT_CGROUP);
	return 1;
}

/* On a perf event: counts its samples, of whatever task, and keeps its
 * cookie. */
SEC("perf_event")
int count_perf_event(void *ctx)
{
	__u32 slot = SLOT_PERF_EVENT;
	__u64 *cookie = bpf_map_lookup_elem(&cookies, &slot);

	if (cookie)
		*cookie = bpf_get_attach_cookie(ctx);
	count(SLOT_PERF_EVENT);
	return 0;
}

/* On the socket lookups of a network namespace: those of UDP port
 * `port`. Each goes on to the usual lookup (SK_PASS). Off unless a case
 * turns it on: it needs the `netns` capability. */
SEC("?sk_lookup")
int count_sk_lookup(struct bpf_sk_lookup *ctx)
{
	if (ctx->protocol == IPPROTO_UDP && ctx->local_port == port)
		count(SLOT_SK_LOOKUP);
	return 1;
}

/* Netfilter programs read their packet through a dynptr (Linux 6.4 and
 * later: weak, so that the object loads where they are not). */
extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym __weak;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym __weak;

/* On a netfilter hook: the packet from its IP header on. Lets it go on
 * (NF_ACCEPT). Off unless a case turns it on: it needs the `netfilter`
 * capability, and Linux 6.4. */
SEC("?netfilter")
int count_netfilter(struct bpf_nf_ctx *ctx)
{
	struct packet buffer, *p;
	struct bpf_dynptr packet;

	if (bpf_dynptr_from_skb((struct __sk_buff *)ctx->skb, 0, &packet))
		return 1;
	p = bpf_dynptr_slice(&packet, 0, &buffer, sizeof(buffer));
	if (p && is_wanted(p))
		count(SLOT_NETFILTER);
	return 1;
}
