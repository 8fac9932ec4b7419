/* <string.h> whose strerror family takes Linux's errno numbers (those of
 * the SDK's <errno.h>), with glibc's messages: a guest prints what the
 * native tool prints. */
#ifndef WASI_BPF_STRING_H
#define WASI_BPF_STRING_H

#include_next <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The same functions, under the SDK's names (guest-sdk-c/src/linux_errno.c):
 * wasi-libc's own take its numbering, and stay for its own callers. */
char *strerror(int) __asm__("__wasi_bpf_strerror");
int strerror_r(int, char *, size_t) __asm__("__wasi_bpf_strerror_r");
#if defined(_POSIX_SOURCE) || defined(_POSIX_C_SOURCE) || defined(_XOPEN_SOURCE) || defined(_GNU_SOURCE) \
	|| defined(_BSD_SOURCE)
char *strerror_l(int, locale_t) __asm__("__wasi_bpf_strerror_l");
#endif
#ifdef _GNU_SOURCE
/* glibc's: "ENOENT" for 2, NULL for a number Linux does not use. */
const char *strerrorname_np(int);
/* glibc's: the message, NULL for a number Linux does not use. */
const char *strerrordesc_np(int);
#endif

#ifdef __cplusplus
}
#endif

#endif
