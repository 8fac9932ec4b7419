/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Types of btf_query's BPF object, which its user side finds in the
 * object's BTF. */
#ifndef BTF_QUERY_H
#define BTF_QUERY_H

struct btf_query_sample {
	__u32 pid;
	__u16 flags;
	__u64 when;
	char comm[16];
};

enum btf_query_state {
	BQ_IDLE = 0,
	BQ_BUSY = 7,
	BQ_GONE = -1,
};

#endif
