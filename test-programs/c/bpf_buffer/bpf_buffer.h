/* Shared by both sides, as a libbpf-tools tool's NAME.h is. */
#ifndef BPF_BUFFER_H
#define BPF_BUFFER_H

struct event {
	__u32 tid;
	__u32 arg;
};

#endif
