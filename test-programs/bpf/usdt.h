/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* One hit of USDT probe wbt:tick as usdt.bpf.c records it, shared with
 * the C usdt guest (the Rust one reads the same 48 bytes). */
#ifndef WBT_USDT_H
#define WBT_USDT_H

struct hit {
	__u64 cookie;
	__s64 i;
	__s64 big;
	__s64 neg;
	char word[16];
};

#endif
