// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Two programs with names no other test uses, so that the test can look
 * for them in the kernel's list of loaded programs. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 calls = 0;

/* Never written: a guest blocks in a poll on it until interrupted. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} idle SEC(".maps");

/* A record per counted call: a guest traps in its callback (mode trap-in-poll). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_life_tp(void *ctx)
{
	if (is_target()) {
		__sync_fetch_and_add(&calls, 1);
		bpf_ringbuf_output(&events, &calls, sizeof(calls), 0);
	}
	return 0;
}

SEC("raw_tp/sys_enter")
int wbt_life_raw(void *ctx)
{
	return 0;
}
