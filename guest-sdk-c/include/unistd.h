/* <unistd.h>: wasi-libc's, plus syscall() for the system calls tools make
 * that the host does for a guest (<asm/unistd.h>: perf_event_open,
 * guest-sdk-c/src/perf_event.c). Any other number fails with ENOSYS. */
#ifndef WASI_BPF_UNISTD_H
#define WASI_BPF_UNISTD_H

#include_next <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

long syscall(long number, ...);

#ifdef __cplusplus
}
#endif

#endif /* WASI_BPF_UNISTD_H */
