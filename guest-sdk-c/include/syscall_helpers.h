/* libbpf-tools' syscall_helpers.h: syscall names by number, with the same
 * names, signatures and output (guest-sdk-c/src/syscall_helpers.c,
 * written for this SDK). The table is Linux's for the host's
 * architecture (x86-64 or arm64, asked of the host: wasi:bpf/system's
 * `architecture`), never the guest's build target, which is wasm32. A
 * tool's `#include "syscall_helpers.h"` finds this header when its
 * directory has no copy of its own. */
#ifndef __SYSCALL_HELPERS_H
#define __SYSCALL_HELPERS_H

#include <stddef.h>

/* Picks the table of the host's architecture (libbpf-tools loads
 * `ausyscall --dump` here, and falls back to its compiled-in table: the
 * SDK has only the tables). syscall_name and list_syscalls pick it
 * themselves when this was not called. */
void init_syscall_names(void);
/* Forgets the table picked. */
void free_syscall_names(void);
/* Prints "%3zd: %s\n" for each syscall of the table, by number; 0, or 1
 * when there is no table for the host's architecture. */
int list_syscalls(void);
/* The name of syscall `n` into buf (cut to size - 1 bytes,
 * NUL-terminated): 0, or -EINVAL when `n` has no name in the table (the
 * caller prints its own fallback, syscount's "[unknown: %u]"), buf is
 * NULL or size is 0. */
int syscall_name(unsigned n, char *buf, size_t size);

#endif /* __SYSCALL_HELPERS_H */
