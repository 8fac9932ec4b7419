// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf_dump: a BPF object whose types its user side writes out as C with
 * libbpf's btf_dump: bitfields, a packed struct, anonymous unions, structs
 * and enums inside a struct, a struct that points to itself, one known
 * only by a pointer, a function pointer, arrays of arrays, typedefs. Its
 * program fills a sample from getpgid(magic) calls, which the user side
 * dumps as typed data. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "btf_dump.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

enum sample_state {
	ST_IDLE = 0,
	ST_BUSY = 7,
	ST_GONE = -1,
};

typedef unsigned int sample_counter_t;

struct sample_node {
	struct sample_node *next;
	int value;
};

struct sample_opaque;

typedef int (*sample_visit_fn)(struct sample_node *n, void *ctx);

struct btf_dump_sample {
	__u32 pid;
	unsigned int kind : 3;
	unsigned int flags : 5;
	int level : 4;
	enum sample_state state;
	union {
		__u64 as_u64;
		__u32 as_u32[2];
	} word;
	struct {
		__u16 low;
		__u16 high;
	} halves;
	char comm[16];
	__u32 matrix[2][3];
	const struct sample_node *first;
	struct sample_opaque *hidden;
	sample_visit_fn visit;
	sample_counter_t count;
	enum {
		INNER_A = 1,
		INNER_B = 2,
	} inner;
	__s64 delta;
	unsigned char tail;
};

const volatile __u64 magic = 0;
struct packed_pair last_pair = {};
__u64 events_seen = 0;
int data_marker = 5;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct btf_dump_sample);
} samples SEC(".maps");

/* Sized, not typed: no BTF ids. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, 4);
	__uint(value_size, 8);
} sized SEC(".maps");

/* Typed, but created without BTF at load. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__type(key, int);
	__type(value, int);
} events SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	struct btf_dump_sample s = {};
	__u32 key = 0;

	if ((__u64)ctx->args[0] != magic)
		return 0;
	s.pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	s.kind = 5;
	s.flags = 17;
	s.level = -3;
	s.state = ST_GONE;
	s.word.as_u64 = 0x1122334455667788ULL;
	s.halves.low = 3;
	s.halves.high = 0xbeef;
	bpf_get_current_comm(s.comm, sizeof(s.comm));
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 3; j++)
			s.matrix[i][j] = i * 3 + j;
	s.count = 42;
	s.inner = INNER_B;
	s.delta = -123456789012LL;
	bpf_map_update_elem(&samples, &key, &s, BPF_ANY);
	last_pair.tag = 9;
	last_pair.value = 0xabcdef;
	__sync_fetch_and_add(&events_seen, 1);
	return 0;
}
