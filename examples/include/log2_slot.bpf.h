/* The examples' log2 histograms (runqlat, biolatency), which
 * print_log2_hist prints: a value's slot, and counting it. */
#ifndef EXAMPLES_LOG2_SLOT_BPF_H
#define EXAMPLES_LOG2_SLOT_BPF_H

/* The slot of v in a log2 histogram: floor(log2(v)), and 0 for 0. */
static __always_inline u64 log2_slot(u64 v)
{
	u64 slot = 0;

	if (v >> 32) {
		v >>= 32;
		slot += 32;
	}
	if (v >> 16) {
		v >>= 16;
		slot += 16;
	}
	if (v >> 8) {
		v >>= 8;
		slot += 8;
	}
	if (v >> 4) {
		v >>= 4;
		slot += 4;
	}
	if (v >> 2) {
		v >>= 2;
		slot += 2;
	}
	if (v >> 1)
		slot += 1;
	return slot;
}

/* Counts `v` in the histogram of `n` slots at `slots`: the last slot
 * takes every value past it. */
static __always_inline void log2_hist_add(__u32 *slots, u32 n, u64 v)
{
	u64 slot = log2_slot(v);

	if (slot >= n)
		slot = n - 1;
	__sync_fetch_and_add(&slots[slot], 1);
}

#endif
