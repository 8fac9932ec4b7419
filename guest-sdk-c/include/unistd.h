/* <unistd.h>: wasi-libc's, plus syscall() for the system calls tools make
 * that the host does for a guest (<asm/unistd.h>: perf_event_open,
 * guest-sdk-c/src/perf_event.c; any other number fails with ENOSYS), and
 * a close() that also closes the SDK's handles, and a read() that also
 * reads bpf_iter_create's. */
#ifndef WASI_BPF_UNISTD_H
#define WASI_BPF_UNISTD_H

#include_next <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

long syscall(long number, ...);
/* Closes the SDK's handles (perf_event_open's, a cgroup's open()) as
 * well as wasi-libc's fds. */
int close(int) __asm__("__wasi_bpf_close");
/* Reads an iterator's output (bpf_iter_create's handle) as well as
 * wasi-libc's fds. */
ssize_t read(int, void *, size_t) __asm__("__wasi_bpf_read");

#ifdef __cplusplus
}
#endif

#endif /* WASI_BPF_UNISTD_H */
