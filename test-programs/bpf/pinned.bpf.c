// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A map that asks libbpf to pin it in bpffs, which a guest may not do. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} wbt_pinned SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_pinned_prog(void *ctx)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&wbt_pinned, &key) != 0;
}
