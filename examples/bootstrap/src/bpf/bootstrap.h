/* The event bootstrap.bpf.c sends to user space. The C guest includes this
 * header (the same layout on wasm32); the Rust one gets its mirror from
 * the skeleton generated from the object's BTF. */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 128

struct event {
	int pid;
	int ppid;
	unsigned int exit_code;
	unsigned int exit_event; /* 0: exec, 1: exit */
	unsigned long long duration_ns;
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
};

#endif
