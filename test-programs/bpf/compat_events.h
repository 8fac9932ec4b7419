/* Shared by both sides, as a libbpf-tools tool's NAME.h is. */
#ifndef COMPAT_EVENTS_H
#define COMPAT_EVENTS_H

/* Slots of the `slots` map's value at most (its size is set at run time). */
#define MAX_SLOTS 64

enum source {
	SOURCE_TRACEPOINT = 1,
	SOURCE_FENTRY = 2,
	SOURCE_TP_BTF = 3,
};

struct event {
	__u32 tid;
	__u32 arg;
	__u32 source;
};

#endif
