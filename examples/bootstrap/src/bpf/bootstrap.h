/* The event bootstrap.bpf.c sends to user space. The guests (Rust and C)
 * get their mirror of it from the skeleton generated from the object's
 * BTF, checked against this layout. */
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
