/* Shared by helpers.bpf.c and helpers.c. */
#ifndef HELPERS_H
#define HELPERS_H

#define LOG2_SLOTS 64
#define LINEAR_SLOTS 10
#define LINEAR_BASE 100
#define LINEAR_STEP 10
/* Linux's PID_MAX_LIMIT on 64-bit: no process has a pid at or above it,
 * so getpgid() of such an argument always fails with ESRCH. */
#define NO_SUCH_PID (1 << 22)

/* A key too big for the SDK's batch cursor (64 bytes): dump_hash walks
 * such a map with bpf_map_get_next_key in a guest, and batches natively. */
struct big_key {
	unsigned int arg;
	unsigned char pad[68];
};

struct hist {
	/* bpf_ktime_get_ns() at the first counted call. */
	unsigned long long first_ns;
	/* Slot log2(arg), and log2(arg << 16) (ranges past 2^32). */
	unsigned int log2[LOG2_SLOTS];
	unsigned int wide[LOG2_SLOTS];
	/* Slot (arg - LINEAR_BASE) / LINEAR_STEP. */
	unsigned int linear[LINEAR_SLOTS];
	unsigned int calls;
};

#endif
