/* The types both sides of sdk_api agree on, included by both as
 * libbpf-tools includes a tool's header (the skeleton declares none). */
#ifndef SDK_API_H
#define SDK_API_H

/* Most records per ring per getpgid(); rodata `records_per_call` picks
 * how many of them are sent. */
#define SDK_API_MAX_RECORDS 4

/* Ring `ring_a` gets the first SDK_API_RECORD_A_SIZE bytes of each
 * record, `ring_b` and the perf array all of it, so that a callback
 * handed another map's record would see the wrong size. */
#define SDK_API_RECORD_A_SIZE 16

struct sdk_api_record {
	__u64 seq; /* which getpgid() of the target thread, from 0 */
	__u32 idx; /* which record of that call */
	__u32 ring; /* 'a', 'b', or 'p' for perf samples */
	__u64 arg; /* getpgid()'s argument */
	__u64 check; /* seq * 1000 + idx */
};

/* A 12-byte value of the per-CPU hash: per-CPU slots are padded to 16. */
struct sdk_api_triple {
	__u32 a, b, c;
};

#endif
