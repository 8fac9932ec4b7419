/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __PROFILE_H
#define __PROFILE_H

#define TASK_COMM_LEN 16

struct profile_key {
	__u32 pid;
	__s32 user_stack_id;
	__s32 kernel_stack_id;
	char comm[TASK_COMM_LEN];
};

#endif /* __PROFILE_H */
