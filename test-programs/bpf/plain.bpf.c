// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A BPF object that needs no header, compiled by test-programs/build.rs
 * in ways a guest must not be able to use (bad_inputs): for big-endian BPF
 * (`--target=bpfeb`), and without BTF (no `-g`), with and without a map
 * (-DNO_MAPS). Compiled the normal way it loads, which shows that the
 * failures come from how it was built. */

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

typedef unsigned int __u32;
typedef unsigned long long __u64;

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#ifndef NO_MAPS
struct {
	__uint(type, 2 /* BPF_MAP_TYPE_ARRAY */);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} plain_counts SEC(".maps");

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
#endif

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_plain(void *ctx)
{
#ifndef NO_MAPS
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&plain_counts, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
#endif
	return 0;
}
