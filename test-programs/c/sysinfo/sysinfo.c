// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sysinfo TID CALLS PID DISKS SYSCALLS MODULES, or sysinfo --list: what
 * libbpf-tools' helpers read from /proc and /sys, written as a
 * libbpf-tools tool is. Built twice from this one source, as a guest
 * (the SDK's helpers, over wasi:bpf/system) and natively (gcc, glibc,
 * libbpf, the /proc readers of native/proc_helpers.c and the SDK's
 * syscall helpers compiled natively); the kernel test compares the lines.
 *
 * Counts thread TID's getpgid() calls until CALLS are in, then prints:
 * the host's architecture; the name of the syscall number the kernel gave
 * those calls; the name of each comma-separated number of SYSCALLS
 * (syscount's "[unknown: N]" when it has none); for each comma-separated
 * name of DISKS, its dev from partitions__get_by_name and the name
 * partitions__get_by_dev gives back; str_loadavg's line, and what it
 * returns into too small a buffer; the comm of PID; what the helpers
 * return for arguments they refuse (NULL buffers, no room, no such
 * process) and PID's comm cut to 4 bytes; the online CPUs; whether each
 * comma-separated name of MODULES is a loaded kernel module.
 * --list prints list_syscalls()'s table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "syscall_helpers.h"
#include "trace_helpers.h"
#include "wasi_bpf/system.h"
#include "sysinfo.h"
#include "sysinfo.skel.h"

#define MINORBITS 20
/* PID_MAX_LIMIT on 64-bit, plus 5: no process has it. */
#define NO_SUCH_PID ((1U << 22) + 5)

static void print_syscall(unsigned int n)
{
	char name[64];

	if (syscall_name(n, name, sizeof(name)) < 0)
		snprintf(name, sizeof(name), "[unknown: %u]", n);
	printf("syscall %u: %s\n", n, name);
}

static void print_partitions(char *disks)
{
	struct partitions *partitions = partitions__load();

	if (!partitions) {
		printf("partitions__load: %s\n", strerror(errno));
		return;
	}
	for (char *name = strtok(disks, ","); name; name = strtok(NULL, ",")) {
		const struct partition *p = partitions__get_by_name(partitions, name);

		if (!p) {
			printf("partition %s: none\n", name);
			continue;
		}
		const struct partition *back = partitions__get_by_dev(partitions, p->dev);
		printf("partition %s: dev %u:%u, by dev: %s\n", name, p->dev >> MINORBITS,
		       p->dev & ((1U << MINORBITS) - 1), back ? back->name : "none");
	}
	partitions__free(partitions);
}

static void print_loadavg(void)
{
	char buf[256], small[8];
	int n = str_loadavg(buf, sizeof(buf));

	if (n <= 0)
		printf("str_loadavg: %d\n", n);
	else
		printf("%s", buf);
	printf("str_loadavg into %zu bytes: %d\n", sizeof(small), str_loadavg(small, sizeof(small)));
}

static void print_comm(unsigned int pid)
{
	char comm[64];
	int n = wasi_bpf_process_comm(pid, comm, sizeof(comm));

	if (n < 0)
		printf("comm of %u: %s\n", pid, strerror(-n));
	else
		printf("comm of %u: %s\n", pid, comm);
}

/* What the helpers answer to arguments they refuse, and a comm cut to
 * a small buffer. */
static void print_refusals(unsigned int pid)
{
	char buf[4];

	printf("str_loadavg into NULL: %d\n", str_loadavg(NULL, 16));
	printf("syscall_name into NULL: %d\n", syscall_name(0, NULL, 16));
	printf("syscall_name into 0 bytes: %d\n", syscall_name(0, buf, 0));
	printf("comm into NULL: %d\n", wasi_bpf_process_comm(pid, NULL, 16));
	int n = wasi_bpf_process_comm(pid, buf, sizeof(buf));
	printf("comm of %u into %zu bytes: %d, \"%s\"\n", pid, sizeof(buf), n, buf);
	printf("comm of 0: %d\n", wasi_bpf_process_comm(0, buf, sizeof(buf)));
	printf("comm of %u: %d\n", NO_SUCH_PID, wasi_bpf_process_comm(NO_SUCH_PID, buf, sizeof(buf)));
}

static void print_online_cpus(void)
{
	bool *online;
	int size, err = wasi_bpf_online_cpus(&online, &size);

	if (err) {
		printf("online CPUs: %s\n", strerror(-err));
		return;
	}
	printf("online CPUs:");
	for (int cpu = 0; cpu < size; cpu++)
		if (online[cpu])
			printf(" %d", cpu);
	printf("\n");
	free(online);
}

int main(int argc, char **argv)
{
	struct sysinfo_bpf *skel;
	struct seen seen = { 0 };
	unsigned int expected;
	__u32 zero = 0;
	int err = 1;

	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return list_syscalls();
	if (argc != 7) {
		fprintf(stderr, "usage: sysinfo TID CALLS PID DISKS SYSCALLS MODULES | sysinfo --list\n");
		return 1;
	}
	expected = strtoul(argv[2], NULL, 10);
	init_syscall_names();

	skel = sysinfo_bpf__open();
	if (!skel) {
		fprintf(stderr, "open: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->target_tid = strtoul(argv[1], NULL, 10);
	if (sysinfo_bpf__load(skel) || sysinfo_bpf__attach(skel)) {
		fprintf(stderr, "load or attach: %s\n", strerror(errno));
		goto cleanup;
	}
	printf("ready\n");
	fflush(stdout);
	for (int i = 0; i < 3000 && seen.calls < expected; i++) {
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.seen), &zero, &seen)) {
			printf("lookup: %s\n", strerror(errno));
			goto cleanup;
		}
		usleep(10000);
	}

	printf("architecture: %s\n", wasi_bpf_architecture());
	printf("getpgid calls: %u, as syscall %lld\n", seen.calls, seen.id);
	print_syscall((unsigned int)seen.id);
	for (char *n = strtok(argv[5], ","); n; n = strtok(NULL, ","))
		print_syscall(strtoul(n, NULL, 10));
	print_partitions(argv[4]);
	print_loadavg();
	print_comm(strtoul(argv[3], NULL, 10));
	print_refusals(strtoul(argv[3], NULL, 10));
	print_online_cpus();
	for (char *m = strtok(argv[6], ","); m; m = strtok(NULL, ","))
		printf("module %s: %s\n", m, is_kernel_module(m) ? "loaded" : "not loaded");
	err = 0;

cleanup:
	sysinfo_bpf__destroy(skel);
	free_syscall_names();
	return err;
}
