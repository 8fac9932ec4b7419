/* What profile.bpf.c and profile.c agree on. */
#ifndef PROFILE_H
#define PROFILE_H

#define TASK_COMM_LEN 16
/* Frames kept of a stack, in each of the user and the kernel part. */
#define MAX_STACK_DEPTH 127

/* Samples are counted by process and stack: a stack id of -1 is a part
 * not taken (-U, -K) or lost (the stack map full, or no user part, as in
 * a kernel thread). */
struct key_t {
	__u32 pid;
	__s32 user_stack_id;
	__s32 kernel_stack_id;
	char comm[TASK_COMM_LEN];
};

#endif
