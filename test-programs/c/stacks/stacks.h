/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef __STACKS_H
#define __STACKS_H

struct stacks_event {
	__u32 pid;
	__s32 kernel_stack_id;
	__s32 user_stack_id;
};

#endif /* __STACKS_H */
