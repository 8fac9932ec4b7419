// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A struct with every layout a 64-bit BPF struct and a wasm32 mirror can
 * disagree on. On the target thread's getpgid the program fills it with
 * known values, in a map and in a ring-buffer record, for the guest to
 * decode through its generated skeleton. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

enum color { RED = 1, GREEN = 2, BLUE = 0x7fffffff };

struct inner {
	__u16 a;
	__u8 b;
	__u32 c;
};

union either {
	__u32 word;
	__u8 bytes[4];
	__u64 wide;
};

struct layout {
	__u8 small;               /* then 7 bytes of padding */
	__u64 big;
	struct inner nested;
	union either un;
	struct inner pairs[2];
	enum color color;
	char name[12];
	unsigned int flag_a : 3;  /* bitfields */
	unsigned int flag_b : 5;
	unsigned int flag_c : 24;
	long signed_long;         /* 8 bytes in BPF, 4 in wasm32 C */
	void *pointer;            /* likewise */
	struct {
		__u32 x;
		__u32 y;
	} point;                  /* a named member of an anonymous struct */
	union {
		__u32 as_u32;
		__s32 as_s32;
	};                        /* an anonymous member */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct layout);
} layouts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} records SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_layout(void *ctx)
{
	__u32 zero = 0;
	struct layout *l;

	if (!is_target())
		return 0;
	l = bpf_map_lookup_elem(&layouts, &zero);
	if (!l)
		return 0;
	l->small = 0xab;
	l->big = 0x0102030405060708ULL;
	l->nested.a = 0x1234;
	l->nested.b = 0x56;
	l->nested.c = 0x789abcde;
	l->un.wide = 0x1122334455667788ULL;
	l->pairs[0].a = 1;
	l->pairs[0].b = 2;
	l->pairs[0].c = 3;
	l->pairs[1].a = 4;
	l->pairs[1].b = 5;
	l->pairs[1].c = 6;
	l->color = BLUE;
	__builtin_memcpy(l->name, "wasi-bpf", 9);
	l->flag_a = 5;
	l->flag_b = 17;
	l->flag_c = 0xabcdef;
	l->signed_long = -42;
	l->pointer = (void *)0xdeadbeefcafeULL;
	l->point.x = 7;
	l->point.y = 8;
	l->as_s32 = -1;
	bpf_ringbuf_output(&records, l, sizeof(*l), 0);
	return 0;
}
