// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf-tools' syscall_helpers over the generated tables of
 * syscall_tables.c, picked by the host's architecture
 * (wasi_bpf_architecture), not by #ifdef: the guest is built for wasm32
 * whatever the host runs. Written for this SDK. Also compiled natively
 * (test-programs/c/sysinfo), where the architecture comes from uname(2). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall_helpers.h"
#include "wasi_bpf/system.h"

#include "syscall_tables.h"

static const char *const *syscall_names;
static size_t syscall_names_size;
static int picked;

static void pick_table(void)
{
	const char *machine = wasi_bpf_architecture();

	picked = 1;
	if (strcmp(machine, "x86_64") == 0) {
		syscall_names = syscall_names_x86_64;
		syscall_names_size = syscall_names_x86_64_size;
	} else if (strcmp(machine, "aarch64") == 0) {
		syscall_names = syscall_names_arm64;
		syscall_names_size = syscall_names_arm64_size;
	} else {
		fprintf(stderr, "no syscall names for architecture '%s'\n", machine);
	}
}

void init_syscall_names(void)
{
	if (!picked)
		pick_table();
}

void free_syscall_names(void)
{
	syscall_names = NULL;
	syscall_names_size = 0;
	picked = 0;
}

int syscall_name(unsigned n, char *buf, size_t size)
{
	if (!buf || size == 0)
		return -EINVAL;
	init_syscall_names();
	const char *name = n < syscall_names_size ? syscall_names[n] : NULL;
	if (!name)
		return -EINVAL;
	strncpy(buf, name, size - 1);
	buf[size - 1] = '\0';
	return 0;
}

int list_syscalls(void)
{
	init_syscall_names();
	for (size_t i = 0; i < syscall_names_size; i++) {
		if (syscall_names[i])
			printf("%3zd: %s\n", i, syscall_names[i]);
	}
	return !syscall_names_size;
}
