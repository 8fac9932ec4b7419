/* <sys/stat.h> with Linux's file type bits (see the SDK's <fcntl.h>). */
#ifndef WASI_BPF_SYS_STAT_H
#define WASI_BPF_SYS_STAT_H

#include_next <sys/stat.h>

/* The file types of st_mode and of modes read from the kernel: wasi-libc
 * has no FIFOs and gives S_IFIFO the value of S_IFSOCK, and a S_IFMT
 * without the FIFO bit. Its stat() results (never a FIFO) read right with
 * Linux's values. */
#undef S_IFMT
#define S_IFMT 0170000
#undef S_IFIFO
#define S_IFIFO 0010000

#endif
