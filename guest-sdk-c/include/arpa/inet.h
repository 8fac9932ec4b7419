/* <arpa/inet.h> whose inet_ntop and inet_pton take Linux's address
 * families (the SDK's <sys/socket.h>): inet_ntop(e->family, ...) prints a
 * family read from the kernel. */
#ifndef WASI_BPF_ARPA_INET_H
#define WASI_BPF_ARPA_INET_H

#include <sys/socket.h>
#include_next <arpa/inet.h>

#ifdef __cplusplus
extern "C" {
#endif

int inet_pton(int, const char *__restrict, void *__restrict) __asm__("__wasi_bpf_inet_pton");
const char *inet_ntop(int, const void *__restrict, char *__restrict, socklen_t) __asm__("__wasi_bpf_inet_ntop");

#ifdef __cplusplus
}
#endif

#endif
