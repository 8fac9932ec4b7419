/* What tailcall.bpf.c and tailcall.c agree on: the slots of the counts. */
#ifndef TAILCALL_H
#define TAILCALL_H

/* One slot per handler, and the last for syscalls without one. */
enum slot {
	READ_SLOT,
	WRITE_SLOT,
	OPENAT_SLOT,
	OTHER_SLOT,
	SLOTS,
};

/* The prog array's size: above every syscall number of x86_64 and arm64
 * (a number past it has no handler). */
#define MAX_SYSCALLS 512

#endif
