// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* profile PID SECONDS: samples PID on every CPU at 99 Hz for SECONDS
 * (a software CPU clock event per CPU, opened as libbpf-tools' profile
 * opens them: syscall(__NR_perf_event_open) + bpf_program__attach_perf_event)
 * and prints each stack it saw, folded (outermost frame first, user
 * frames then kernel ones), with its count:
 *   COMM;FRAME;FRAME;... COUNT
 * A frame is the symbol, or [unknown]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <asm/unistd.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "trace_helpers.h"
#include "profile.h"
#include "profile.skel.h"

#define MAX_STACK_DEPTH 127
#define MAX_CPUS 1024

static struct ksyms *ksyms;
static struct syms_cache *syms_cache;

static int print_frames(int stackmap, int stack_id, struct syms *syms)
{
	__u64 ips[MAX_STACK_DEPTH] = { 0 };
	int n = 0;

	if (stack_id < 0 || bpf_map_lookup_elem(stackmap, &stack_id, ips))
		return 0;
	while (n < MAX_STACK_DEPTH && ips[n])
		n++;
	for (int i = n - 1; i >= 0; i--) {
		const char *name = NULL;
		if (syms) {
			const struct sym *sym = syms__map_addr(syms, ips[i]);
			name = sym ? sym->name : NULL;
		} else {
			const struct ksym *ksym = ksyms__map_addr(ksyms, ips[i]);
			name = ksym ? ksym->name : NULL;
		}
		printf(";%s", name ? name : "[unknown]");
	}
	return n;
}

int main(int argc, char **argv)
{
	struct bpf_link *links[MAX_CPUS] = { 0 };
	struct profile_bpf *skel = NULL;
	int err = 1, nr_cpus;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3) {
		fprintf(stderr, "usage: profile PID SECONDS\n");
		return 1;
	}
	int pid = atoi(argv[1]);
	ksyms = ksyms__load();
	syms_cache = syms_cache__new(0);
	if (!ksyms || !syms_cache) {
		printf("loading symbols: %s\n", strerror(errno));
		goto cleanup;
	}
	skel = profile_bpf__open();
	if (!skel)
		goto cleanup;
	skel->rodata->target_tgid = (__u32)pid;
	if (profile_bpf__load(skel))
		goto cleanup;
	nr_cpus = libbpf_num_possible_cpus();
	if (nr_cpus < 0 || nr_cpus > MAX_CPUS)
		goto cleanup;
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.freq = 1,
		.sample_freq = 99,
		.config = PERF_COUNT_SW_CPU_CLOCK,
	};
	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		int fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, 0);
		if (fd < 0) {
			printf("perf_event_open on cpu %d: %s\n", cpu, strerror(errno));
			goto cleanup;
		}
		links[cpu] = bpf_program__attach_perf_event(skel->progs.profile_sample, fd);
		if (!links[cpu]) {
			printf("attaching on cpu %d: %s\n", cpu, strerror(errno));
			close(fd);
			goto cleanup;
		}
	}
	printf("ready\n");
	sleep(atoi(argv[2]));

	struct syms *syms = syms_cache__get_syms(syms_cache, pid);
	int counts = bpf_map__fd(skel->maps.counts), stackmap = bpf_map__fd(skel->maps.stackmap);
	struct profile_key key, next, *prev = NULL;
	while (!bpf_map_get_next_key(counts, prev, &next)) {
		__u64 count = 0;
		bpf_map_lookup_elem(counts, &next, &count);
		printf("%s", next.comm);
		print_frames(stackmap, next.user_stack_id, syms);
		print_frames(stackmap, next.kernel_stack_id, NULL);
		printf(" %llu\n", (unsigned long long)count);
		key = next;
		prev = &key;
	}
	err = 0;
cleanup:
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		bpf_link__destroy(links[cpu]);
	profile_bpf__destroy(skel);
	syms_cache__free(syms_cache);
	ksyms__free(ksyms);
	return err;
}
