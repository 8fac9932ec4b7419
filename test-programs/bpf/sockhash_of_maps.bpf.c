// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A map of maps whose inner maps are sockhashes: the host refuses it at
 * load (whoever reached the outer map could take a socket map out). */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct inner_socks {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_socks);
} outer_socks SEC(".maps");
