// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf_query: a BPF object whose BTF its user side reads (a map's value
 * struct, an enum, .data and .rodata variables). Its program is never
 * attached: the test reads types, not events. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "btf_query.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_pid = 0;
enum btf_query_state last_state = BQ_BUSY;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct btf_query_sample);
} samples SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(void *ctx)
{
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	struct btf_query_sample sample = { .pid = pid };

	if (pid != target_pid)
		return 0;
	last_state = BQ_GONE;
	bpf_map_update_elem(&samples, &pid, &sample, BPF_ANY);
	return 0;
}
