/* Shared by sysinfo.bpf.c and sysinfo.c. */
#ifndef SYSINFO_H
#define SYSINFO_H

/* What the kernel said of the target thread's getpgid() calls. */
struct seen {
	/* The syscall's number on this machine, as the tracepoint gives it. */
	long long id;
	unsigned int calls;
};

#endif
