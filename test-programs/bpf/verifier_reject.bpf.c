// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program the verifier must reject: it dereferences a map lookup's
 * result without checking it for NULL. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	/* A hash map: recent kernels know that an array lookup with a
	 * constant in-bounds key cannot fail, and would accept this. */
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_rejected(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&values, &key);

	return *value;
}
