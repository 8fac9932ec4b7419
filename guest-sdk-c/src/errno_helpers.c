/* The SDK's errno_helpers (include/errno_helpers.h). libbpf-tools compile
 * in Linux's x86-64 table and ask errno(1) elsewhere; the numbers are the
 * same on every architecture a guest's host runs on, and the SDK already
 * holds Linux's names (strerrorname_np, src/linux_errno.c): this reads
 * them, plus the aliases strerrorname_np does not return. Natively the same
 * source reads glibc's strerrorname_np (glibc 2.32 and later). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "errno_helpers.h"

/* Linux's errno numbers end at EHWPOISON (133). */
#define LAST_ERRNO 133

static const struct {
	const char *name;
	int number;
} aliases[] = {
	{ "EWOULDBLOCK", 11 },	/* EAGAIN */
	{ "EDEADLOCK", 35 },	/* EDEADLK */
	{ "ENOTSUP", 95 },	/* EOPNOTSUPP */
};

int errno_by_name(const char *errno_name)
{
	if (!errno_name)
		return -1;
	for (int e = 1; e <= LAST_ERRNO; e++) {
		const char *name = strerrorname_np(e);
		if (name && !strcmp(name, errno_name))
			return e;
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(aliases[i].name, errno_name))
			return aliases[i].number;
	/* libbpf-tools' errno(1) fallback refuses anything but capitals,
	 * with this warning; an unknown name in capitals is just -1. */
	for (const char *c = errno_name; *c; c++) {
		if (*c < 'A' || *c > 'Z') {
			fprintf(stderr, "errno_name contains invalid char 0x%02x: %s\n", *c, errno_name);
			return -1;
		}
	}
	return -1;
}
