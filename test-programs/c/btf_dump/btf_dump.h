/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The type of a btf_dump global (in .bss), which its skeleton needs. */
#ifndef BTF_DUMP_H
#define BTF_DUMP_H

struct packed_pair {
	__u8 tag;
	__u32 value;
} __attribute__((packed));

#endif
