// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* cookies COMM N [raw]: BPF cookies the libbpf way (the object is
 * test-programs/bpf/cookies.bpf.c). One tracepoint program is attached to
 * sched_process_exec and to sched_process_exit, each attachment with its
 * own cookie; with `raw`, a raw tracepoint program on sched_process_exec
 * with another (Linux 6.10); and a software CPU clock on
 * every CPU, each with cookie 0x100 + CPU. After "ready" it waits (up to 30 s) until
 * the processes named COMM made N execs and N exits, then prints the
 * events by cookie and whether every sample carried its CPU's cookie.
 * Built as a guest and natively (against libbpf 1.5 or later, for
 * bpf_program__attach_raw_tracepoint_opts); the kernel test compares the
 * lines. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <asm/unistd.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include "cookies.skel.h"

#define EXEC_COOKIE 0xe1ecULL
#define EXIT_COOKIE 0xe817ULL
#define RAW_COOKIE 0x4a3ULL
#define PERF_COOKIE_BASE 0x100ULL
#define MAX_CPUS 256

static struct bpf_link *links[3 + MAX_CPUS];
static int link_count;

static __u64 hits(struct cookies_bpf *skel, __u64 cookie)
{
	__u64 n = 0;

	bpf_map__lookup_elem(skel->maps.hits, &cookie, sizeof(cookie), &n, sizeof(n), 0);
	return n;
}

static bool keep(struct bpf_link *link, const char *what)
{
	if (!link) {
		printf("attaching %s: %d\n", what, -errno);
		return false;
	}
	links[link_count++] = link;
	return true;
}

static bool attach_tracepoint(struct bpf_program *prog, const char *name, __u64 cookie)
{
	LIBBPF_OPTS(bpf_tracepoint_opts, opts, .bpf_cookie = cookie);
	return keep(bpf_program__attach_tracepoint_opts(prog, "sched", name, &opts), name);
}

static bool attach_raw_tracepoint(struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_raw_tracepoint_opts, opts, .cookie = RAW_COOKIE);
	return keep(bpf_program__attach_raw_tracepoint_opts(prog, "sched_process_exec", &opts), "raw tracepoint");
}

/* A 1000 Hz CPU clock on each CPU there is, with its CPU's cookie. */
static bool attach_perf_events(struct bpf_program *prog)
{
	int cpus = libbpf_num_possible_cpus();

	for (int cpu = 0; cpu < cpus && cpu < MAX_CPUS; cpu++) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_SOFTWARE,
			.config = PERF_COUNT_SW_CPU_CLOCK,
			.size = sizeof(attr),
			.freq = 1,
			.sample_freq = 1000,
		};
		int fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, 0);
		/* An offline CPU: natively at the open, in a guest (whose
		 * host opens the event) at the attach. */
		if (fd < 0 && errno == ENODEV)
			continue;
		if (fd < 0) {
			printf("perf_event_open on cpu %d: %d\n", cpu, -errno);
			return false;
		}
		LIBBPF_OPTS(bpf_perf_event_opts, opts, .bpf_cookie = PERF_COOKIE_BASE + cpu);
		struct bpf_link *link = bpf_program__attach_perf_event_opts(prog, fd, &opts);
		if (!link && errno == ENODEV)
			continue;
		if (!keep(link, "perf event")) {
			close(fd);
			return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	struct cookies_bpf *skel;
	int err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3 || strlen(argv[1]) > 15) {
		fprintf(stderr, "usage: cookies COMM N [raw]\n");
		return 1;
	}
	__u64 want = strtoull(argv[2], NULL, 0);
	bool raw = argc > 3 && !strcmp(argv[3], "raw");
	skel = cookies_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	strncpy((char *)skel->rodata->comm, argv[1], sizeof(skel->rodata->comm) - 1);
	skel->rodata->perf_cookie_base = PERF_COOKIE_BASE;
	bpf_program__set_autoload(skel->progs.on_raw_tracepoint, raw);
	if (cookies_bpf__load(skel)) {
		printf("load: %d\n", -errno);
		goto cleanup;
	}
	if (!attach_tracepoint(skel->progs.on_tracepoint, "sched_process_exec", EXEC_COOKIE) ||
	    !attach_tracepoint(skel->progs.on_tracepoint, "sched_process_exit", EXIT_COOKIE) ||
	    (raw && !attach_raw_tracepoint(skel->progs.on_raw_tracepoint)) ||
	    !attach_perf_events(skel->progs.on_sample))
		goto cleanup;
	printf("ready\n");

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((hits(skel, EXEC_COOKIE) < want || hits(skel, EXIT_COOKIE) < want ||
		  (raw && hits(skel, RAW_COOKIE) < want)) &&
		 now.tv_sec - start.tv_sec < 30);
	/* Events beyond the ones waited for would show now. */
	usleep(200000);
	printf("sched_process_exec (cookie %#llx): %llu\n", EXEC_COOKIE, (unsigned long long)hits(skel, EXEC_COOKIE));
	printf("sched_process_exit (cookie %#llx): %llu\n", EXIT_COOKIE, (unsigned long long)hits(skel, EXIT_COOKIE));
	if (raw)
		printf("raw sched_process_exec (cookie %#llx): %llu\n", RAW_COOKIE,
		       (unsigned long long)hits(skel, RAW_COOKIE));
	printf("events without a cookie: %llu\n", (unsigned long long)hits(skel, 0));
	printf("samples with their cpu's cookie: %s\n", skel->bss->samples ? "some" : "none");
	printf("samples with another cookie: %llu\n", (unsigned long long)skel->bss->foreign_samples);
	err = 0;
cleanup:
	while (link_count)
		bpf_link__destroy(links[--link_count]);
	cookies_bpf__destroy(skel);
	return err;
}
