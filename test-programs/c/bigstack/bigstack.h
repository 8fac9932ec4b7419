/* Shared by both sides, as a libbpf-tools tool's NAME.h is. */
#ifndef BIGSTACK_H
#define BIGSTACK_H

#define TASK_COMM_LEN 16

struct event {
	__u32 tid;
	__u32 arg;
	char comm[TASK_COMM_LEN];
};

#endif
