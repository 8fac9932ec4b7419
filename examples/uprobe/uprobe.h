/* One completed call of a probed function: its arguments and result. */
#ifndef UPROBE_H
#define UPROBE_H

enum probed_func {
	FUNC_ADD = 0,
	FUNC_SUB = 1,
};

struct event {
	__u32 pid;
	__u32 func;
	__s32 a;
	__s32 b;
	__s32 ret;
};

#endif
