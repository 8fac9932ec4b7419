/* Shared by both sides, as a libbpf-tools tool's NAME.h is. */
#ifndef FEATURE_PROBES_H
#define FEATURE_PROBES_H

enum source {
	SOURCE_TRACEPOINT = 1,
	SOURCE_FENTRY = 2,
};

struct event {
	__u32 tid;
	__u32 arg;
	__u32 source;
};

#endif
