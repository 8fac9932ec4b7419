/* The record my_tool.bpf.c sends for each exec. Fixed-width fields: the
 * Rust mirror in src/main.rs has the same layout. */
#ifndef MY_TOOL_H
#define MY_TOOL_H

#define TASK_COMM_LEN 16

struct event {
	__u32 pid;
	char comm[TASK_COMM_LEN];
};

#endif
