// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat: one thread's getpgid() calls, seen by whichever program the user
 * side keeps (fentry on do_getpgid, a tp_btf program it points at the
 * sys_enter raw tracepoint, or the syscall tracepoint), sent through a
 * ring buffer or a perf event array as the user side chose at open
 * (libbpf-tools' compat.bpf.h pattern), and kept in the slots of an array
 * map whose value size the user side set. The kernel side of
 * test-programs/c/compat and of the Rust guest
 * test-programs/src/bin/compat.rs. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "compat_events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* x86-64's getpgid. */
#define NR_GETPGID 121

const volatile __u32 target_tid = 0;
/* Set by the user side with the map's type: the other path is dead code,
 * which the verifier drops (and with it libbpf's marks for the heap when
 * it is not created). */
const volatile bool use_ringbuf = false;
/* The `slots` map's value holds this many u64s. */
const volatile __u32 nr_slots = 1;

/* Declared as a ring buffer (libbpf-tools' compat.bpf.h); the user side
 * makes it a perf event array where the kernel has no ring buffers. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* Room for an event in perf mode; not created in ring buffer mode. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} heap SEC(".maps");

/* One value of nr_slots u64s (the value size is set at run time). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

static struct event *reserve_event(void)
{
	static const __u32 zero = 0;

	if (use_ringbuf)
		return bpf_ringbuf_reserve(&events, sizeof(struct event), 0);
	return bpf_map_lookup_elem(&heap, &zero);
}

static void submit_event(void *ctx, struct event *e)
{
	if (use_ringbuf)
		bpf_ringbuf_submit(e, 0);
	else
		bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*e));
}

static int emit(void *ctx, __u32 arg, __u32 source)
{
	static const __u32 zero = 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	/* Masked as well: the verifier keeps no bounds through a modulo
	 * (nr_slots is at most MAX_SLOTS, a power of 2). */
	__u32 slot = (arg % nr_slots) & (MAX_SLOTS - 1);
	__u64 *values;
	struct event *e;

	if (tid != target_tid)
		return 0;
	values = bpf_map_lookup_elem(&slots, &zero);
	if (values && slot < nr_slots)
		values[slot] = arg;
	e = reserve_event();
	if (!e)
		return 0;
	e->tid = tid;
	e->arg = arg;
	e->source = source;
	submit_event(ctx, e);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int getpgid_tp(struct trace_event_raw_sys_enter *ctx)
{
	return emit(ctx, (__u32)ctx->args[0], SOURCE_TRACEPOINT);
}

SEC("fentry/do_getpgid")
int BPF_PROG(getpgid_fentry, pid_t pid)
{
	return emit(ctx, (__u32)pid, SOURCE_FENTRY);
}

/* Written for sys_enter (regs, syscall number), declared on sys_exit
 * (regs, return value): only the user side's set_attach_target makes it
 * see getpgid calls. */
SEC("tp_btf/sys_exit")
int BPF_PROG(getpgid_tp_btf, struct pt_regs *regs, long id)
{
	if (id != NR_GETPGID)
		return 0;
	return emit(ctx, (__u32)BPF_CORE_READ(regs, di), SOURCE_TP_BTF);
}
