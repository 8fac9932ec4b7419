// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program whose dangerous helper call is in a subprogram (a function of
 * .text that libbpf appends to the program only at load): the policy must
 * find it before load all the same. Built by hand, without vmlinux.h:
 *   clang-19 -g -O2 --target=bpf -c subprogram.bpf.c -o subprogram.bpf.o */
typedef unsigned long long __u64;
#define SEC(name) __attribute__((section(name), used))

static long (*bpf_probe_write_user)(void *dst, const void *src, unsigned int len) = (void *)36;

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Never set: the write below never runs. */
volatile int armed;

static __attribute__((noinline)) int poke(void)
{
	__u64 zero = 0;

	if (armed)
		bpf_probe_write_user((void *)8, &zero, sizeof(zero));
	return 0;
}

SEC("tp/sched/sched_process_exec")
int through_subprogram(void *ctx)
{
	return poke();
}

SEC("tp/sched/sched_process_exit")
int observe(void *ctx)
{
	return 0;
}
