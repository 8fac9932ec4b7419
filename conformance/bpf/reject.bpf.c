// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program the verifier rejects (`rejected` reads a hash map's value
 * without checking it for NULL) next to one it accepts (`accepted`,
 * which returns 42): the object loads only with `rejected`'s autoload
 * turned off. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("syscall")
int rejected(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&values, &key);

	return *value;
}

SEC("syscall")
int accepted(void *ctx)
{
	return 42;
}
