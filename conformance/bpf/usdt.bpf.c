// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A USDT program (libbpf's usdt.bpf.h reads its arguments) for the
 * Python interpreter's probe python:function__entry, whose arguments are
 * the file name, the function name and the line of each Python function
 * the interpreter enters. It counts the entries of functions named
 * wbc_usdt, keeping the line and the attachment's cookie. */
#include "common.h"
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

enum { ENTRIES, LINE, COOKIE, VALUES };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VALUES);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

static void set(__u32 key, __u64 value)
{
	bpf_map_update_elem(&values, &key, &value, BPF_ANY);
}

SEC("usdt")
int BPF_USDT(count_function_entry, const char *file, const char *function, int line)
{
	static const char want[] = "wbc_usdt";
	/* One byte more: a longer name reads longer, not cut to this one. */
	char name[sizeof(want) + 1] = {};
	__u32 key = ENTRIES;
	__u64 *entries = bpf_map_lookup_elem(&values, &key);

	if (!entries || bpf_probe_read_user_str(name, sizeof(name), function) != sizeof(want))
		return 0;
	for (int i = 0; i < sizeof(want); i++)
		if (name[i] != want[i])
			return 0;
	__sync_fetch_and_add(entries, 1);
	set(LINE, line);
	set(COOKIE, bpf_usdt_cookie(ctx));
	return 0;
}
