/* <asm/unistd.h> for guests: the syscall numbers the SDK's syscall()
 * answers (<unistd.h>). A guest has no system calls of Linux's; these
 * are the ones tools make for what the host does for them: opening a
 * perf event (x86-64's number, as tools print it). */
#ifndef WASI_BPF_ASM_UNISTD_H
#define WASI_BPF_ASM_UNISTD_H

#define __NR_perf_event_open 298

#endif /* WASI_BPF_ASM_UNISTD_H */
