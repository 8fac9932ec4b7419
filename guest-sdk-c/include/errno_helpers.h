/* libbpf-tools' errno_helpers.h (guest-sdk-c/src/errno_helpers.c). */
#ifndef __ERRNO_HELPERS_H
#define __ERRNO_HELPERS_H

/* Linux's number for an errno name ("ENOENT": 2, aliases such as
 * "EWOULDBLOCK" too), whatever the architecture; -1 for anything else
 * (names only: a tool parses numbers itself, as syscount does). */
int errno_by_name(const char *errno_name);

#endif /* __ERRNO_HELPERS_H */
