// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An object to configure before load and to look at, for the object cases:
 * globals in every kind of data section, programs of several types and
 * sections, a map to resize and a map with a large value. Only
 * report_globals runs (with `program.test-run`); the others are there to
 * be listed. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Read by report_globals: the guest may set them before load. */
const volatile __u64 ro_value = 1;
__u64 data_value = 2;
__u64 bss_value;
__u64 custom_value SEC(".data.custom") = 4;

/* Incremented by each run of report_globals. */
__u64 data_runs = 100;
__u64 bss_runs;

/* What report_globals saw: ro_value, data_value, bss_value, custom_value. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

/* A map to resize before load. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

/* One page per entry: resized to 2^31 entries it is 8 TiB. */
struct big_value {
	__u8 bytes[4096];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct big_value);
} big SEC(".maps");

static void report(__u32 key, __u64 value)
{
	bpf_map_update_elem(&seen, &key, &value, BPF_ANY);
}

SEC("syscall")
int report_globals(void *ctx)
{
	report(0, ro_value);
	report(1, data_value);
	report(2, bss_value);
	report(3, custom_value);
	data_runs++;
	bss_runs++;
	return 0;
}

SEC("tp/sched/sched_process_exec")
int on_exec(void *ctx)
{
	return 0;
}

SEC("raw_tp/sys_enter")
int on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

SEC("xdp")
int pass_packets(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("socket")
int keep_nothing(struct __sk_buff *skb)
{
	return 0;
}
