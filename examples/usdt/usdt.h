/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What usdt.bpf.c records of one firing of a USDT probe, read by usdt.c
 * (its layout is the same on wasm32 and BPF). */
#ifndef USDT_EXAMPLE_H
#define USDT_EXAMPLE_H

/* usdt.bpf.h reads at most 12 arguments (BPF_USDT_MAX_ARG_CNT). */
#define MAX_ARGS 12
#define TASK_COMM_LEN 16
#define MAX_STR_LEN 64

struct event {
	__u32 pid;
	__u32 tid;
	/* Which of the probes given on the command line fired: the BPF
	 * cookie of its attach. */
	__u32 probe;
	__u32 nargs;
	__s64 args[MAX_ARGS];
	char comm[TASK_COMM_LEN];
	/* The argument `string_arg` names, read as a NUL-terminated string
	 * of the probing process. */
	char str[MAX_STR_LEN];
};

#endif
