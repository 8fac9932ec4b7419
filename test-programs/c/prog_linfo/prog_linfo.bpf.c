// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program of two functions (a subprogram the JIT compiles apart),
 * built with -g: its line info names lines of this file. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter = 0;

static __noinline int scale(int a, int b)
{
	counter += a;
	return a * b + 1;
}

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(void *ctx)
{
	int x = scale(2, (int)counter);

	if (x > 5)
		counter++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
