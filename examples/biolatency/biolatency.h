/* The histograms biolatency.bpf.c keeps and biolatency.c prints. */
#ifndef BIOLATENCY_H
#define BIOLATENCY_H

#define MAX_SLOTS 27

/* A histogram's disk (its dev_t as the kernel keeps it: major << 20 |
 * minor), or 0 for all disks together. */
struct hist_key {
	__u32 dev;
};

struct hist {
	__u32 slots[MAX_SLOTS];
};

#endif
