// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* perf_cpu TID CALLS: a perf buffer read one CPU buffer at a time. Once
 * thread TID (which the test pins to one CPU, then another) has made
 * CALLS getpgid() calls, consumes buffer 0, 1, ... with
 * perf_buffer__consume_buffer and prints each sample with the buffer it
 * came from; then the refusal of an index past perf_buffer__buffer_cnt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "perf_cpu.skel.h"

struct cpu_sample {
	__u32 cpu;
	__u32 arg;
};

static size_t current_buffer;
static int samples_seen;

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	const struct cpu_sample *s = data;
	samples_seen++;
	printf("buffer %zu: sample from cpu %d (bpf says %u) arg %u, %u bytes\n", current_buffer, cpu, s->cpu, s->arg,
	       size);
}

static void on_lost(void *ctx, int cpu, __u64 count)
{
	printf("buffer %zu: cpu %d lost %llu\n", current_buffer, cpu, (unsigned long long)count);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: perf_cpu TID CALLS\n");
		return 2;
	}
	unsigned long long want = strtoull(argv[2], NULL, 10);
	struct perf_cpu_bpf *skel = perf_cpu_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->target_tid = (__u32)strtoul(argv[1], NULL, 10);
	if (perf_cpu_bpf__load(skel) || perf_cpu_bpf__attach(skel)) {
		printf("load and attach failed: %d\n", -errno);
		return 1;
	}
	struct perf_buffer *pb = perf_buffer__new(bpf_map__fd(skel->maps.samples), 8, on_sample, on_lost, NULL, NULL);
	if (!pb) {
		printf("perf_buffer__new: %d\n", -errno);
		return 1;
	}
	size_t count = perf_buffer__buffer_cnt(pb);
	printf("buffers: %zu, possible CPUs: %d\n", count, libbpf_num_possible_cpus());
	printf("ready\n");
	fflush(stdout);

	__u32 zero = 0;
	__u64 calls = 0;
	for (int i = 0; i < 3000 && calls < want; i++) {
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.calls), &zero, &calls);
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	printf("calls: %llu\n", (unsigned long long)calls);
	for (current_buffer = 0; current_buffer < count; current_buffer++)
		printf("consume buffer %zu: %d\n", current_buffer, perf_buffer__consume_buffer(pb, current_buffer));
	/* Taken: a second pass finds nothing. */
	samples_seen = 0;
	for (current_buffer = 0; current_buffer < count; current_buffer++)
		perf_buffer__consume_buffer(pb, current_buffer);
	printf("again: %d samples\n", samples_seen);
	int ret = perf_buffer__consume_buffer(pb, count);
	printf("consume buffer %zu: %d (%s)\n", count, ret, libbpf_wasm_last_error());
	printf("buffer_cnt(NULL): %zu\n", perf_buffer__buffer_cnt(NULL));
	perf_buffer__free(pb);
	perf_cpu_bpf__destroy(skel);
	return 0;
}
