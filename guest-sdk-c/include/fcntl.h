/* <fcntl.h> with Linux's O_* flags (x86-64's, asm-generic's).
 *
 * wasi-libc's O_RDONLY is 0x04000000 and O_CREAT 0x1000; Linux's 0 and
 * 0100. Flags read from the kernel (an openat tracer's `flags`) compare
 * against Linux's, so a guest gets those, and the SDK translates them
 * where wasi-libc takes or gives them: open, openat, creat and fcntl
 * (F_GETFL, F_SETFL) (guest-sdk-c/src/linux_libc.c). Flags WASI cannot
 * honour (O_DIRECT, O_NOATIME, O_ASYNC, O_CLOEXEC, O_NOCTTY) are dropped
 * on the way in; O_TMPFILE gives EOPNOTSUPP; O_PATH opens without
 * rights (wasi-libc's O_SEARCH / O_EXEC). AT_* stay wasi-libc's. */
#ifndef WASI_BPF_FCNTL_H
#define WASI_BPF_FCNTL_H

#include_next <fcntl.h>

#ifdef __cplusplus
extern "C" {
#endif

int open(const char *, int, ...) __asm__("__wasi_bpf_open");
int openat(int, const char *, int, ...) __asm__("__wasi_bpf_openat");
int creat(const char *, mode_t) __asm__("__wasi_bpf_creat");
int fcntl(int, int, ...) __asm__("__wasi_bpf_fcntl");

#ifdef __cplusplus
}
#endif

#undef O_ACCMODE
#define O_ACCMODE 03
#undef O_RDONLY
#define O_RDONLY 00
#undef O_WRONLY
#define O_WRONLY 01
#undef O_RDWR
#define O_RDWR 02
#undef O_CREAT
#define O_CREAT 0100
#undef O_EXCL
#define O_EXCL 0200
#undef O_NOCTTY
#define O_NOCTTY 0400
#undef O_TRUNC
#define O_TRUNC 01000
#undef O_APPEND
#define O_APPEND 02000
#undef O_NONBLOCK
#define O_NONBLOCK 04000
#undef O_DSYNC
#define O_DSYNC 010000
#undef O_ASYNC
#define O_ASYNC 020000
#undef O_DIRECT
#define O_DIRECT 040000
#undef O_LARGEFILE
#define O_LARGEFILE 00
#undef O_DIRECTORY
#define O_DIRECTORY 0200000
#undef O_NOFOLLOW
#define O_NOFOLLOW 0400000
#undef O_NOATIME
#define O_NOATIME 01000000
#undef O_CLOEXEC
#define O_CLOEXEC 02000000
#undef O_SYNC
#define O_SYNC 04010000
#undef O_PATH
#define O_PATH 010000000
#undef O_TMPFILE
#define O_TMPFILE 020200000
#undef O_RSYNC
#define O_RSYNC O_SYNC
#undef O_NDELAY
#define O_NDELAY O_NONBLOCK
#undef O_FSYNC
#define O_FSYNC O_SYNC
#undef FASYNC
#define FASYNC O_ASYNC
#undef O_EXEC
#define O_EXEC O_PATH
#undef O_SEARCH
#define O_SEARCH O_PATH
#undef O_TTY_INIT
#define O_TTY_INIT 0

/* The file types of st_mode and of modes read from the kernel: wasi-libc
 * has no FIFOs and gives S_IFIFO the value of S_IFSOCK, and a S_IFMT
 * without the FIFO bit. Its stat() results (never a FIFO) read right with
 * Linux's values. */
#undef S_IFMT
#define S_IFMT 0170000
#undef S_IFIFO
#define S_IFIFO 0010000

#endif
