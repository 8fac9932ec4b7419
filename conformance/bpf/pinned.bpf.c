// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A map that asks to be pinned in bpffs, which a guest may do only in
 * folders its policy names. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} wbc_pinned SEC(".maps");

SEC("syscall")
int touch(void *ctx)
{
	__u32 key = 0;

	bpf_map_lookup_elem(&wbc_pinned, &key);
	return 0;
}
