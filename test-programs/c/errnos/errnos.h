/* An openat of the traced thread: its flags and what it returned. */
#ifndef ERRNOS_H
#define ERRNOS_H

struct errnos_event {
	__s64 ret;
	__u32 flags;
	__u32 tid;
};

#endif
