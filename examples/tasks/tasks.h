/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __TASKS_H
#define __TASKS_H

#define TASK_COMM_LEN 16

/* One process, as the iterator writes it (bpf_seq_write). */
struct task_info {
	int pid;
	int ppid;
	unsigned int uid;
	unsigned int threads;
	char comm[TASK_COMM_LEN];
};

#endif /* __TASKS_H */
