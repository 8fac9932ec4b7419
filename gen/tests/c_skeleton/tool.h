/* A libbpf-tools-style tool header: the types both sides share, included
 * by tool.bpf.c and by the user side beside the generated tool.skel.h. */
#ifndef __TOOL_H
#define __TOOL_H

#define TASK_COMM_LEN 16
#define HIST_SLOTS 4

struct ident {
	__u32 pid;
	char comm[TASK_COMM_LEN];
};

struct event {
	__u32 pid;
	__s32 ret;
	__u64 ts;
	char comm[TASK_COMM_LEN];
};

typedef struct {
	__u64 count;
	__u64 bytes;
} data_t;

struct hist {
	__u32 slots[HIST_SLOTS];
};

union addr {
	__u32 v4;
	__u8 v6[16];
};

enum mode {
	MODE_ALL,
	MODE_FAILED,
};

#endif /* __TOOL_H */
