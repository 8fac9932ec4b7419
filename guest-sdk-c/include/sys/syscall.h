/* <sys/syscall.h> for guests: SYS_* names of <asm/unistd.h>'s numbers,
 * the syscalls the SDK's syscall() answers. */
#ifndef WASI_BPF_SYS_SYSCALL_H
#define WASI_BPF_SYS_SYSCALL_H

#include <asm/unistd.h>

#define SYS_perf_event_open __NR_perf_event_open

#endif /* WASI_BPF_SYS_SYSCALL_H */
