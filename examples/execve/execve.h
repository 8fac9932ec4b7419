/* The event execve.bpf.c sends for each execve(2): what was run, by whom,
 * with which arguments. Fixed-width fields only: the C guest includes this
 * header (the same layout on wasm32), the Rust one gets its mirror from
 * the skeleton generated from this BTF. */
#ifndef EXECVE_H
#define EXECVE_H

#define TASK_COMM_LEN 16
#define MAX_ARGS 8
#define ARG_LEN 128

struct event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	/* How many of `args` are filled (at most MAX_ARGS). */
	__u32 argc;
	/* argv went on past MAX_ARGS. */
	__u32 truncated;
	char comm[TASK_COMM_LEN];
	char args[MAX_ARGS][ARG_LEN];
};

#endif
