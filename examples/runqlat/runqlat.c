// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* runqlat: summarizes run queue (scheduler) latency as a histogram, as
 * libbpf-tools' runqlat does, as a wasi:bpf guest.
 *
 * Usage: runqlat [-h] [-T] [-m] [-P] [-L] [-p PID] [-v] [interval] [count] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "runqlat.skel.h"
#include "trace_helpers.h"

#define MAX_SLOTS (sizeof(((struct hist *)0)->slots) / sizeof(((struct hist *)0)->slots[0]))

static struct env {
	long interval;
	long times;
	pid_t pid;
	bool milliseconds;
	bool per_process;
	bool per_thread;
	bool timestamp;
	bool verbose;
} env = {
	.interval = 99999999,
	.times = 99999999,
};

static const char usage_text[] =
	"Summarize run queue (scheduler) latency as a histogram.\n"
	"\n"
	"USAGE: runqlat [--help] [-T] [-m] [-L] [-P] [-p PID] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    runqlat         # summarize run queue latency as a histogram\n"
	"    runqlat 1 10    # print 1 second summaries, 10 times\n"
	"    runqlat -mT 1   # 1s summaries, milliseconds, and timestamps\n"
	"    runqlat -P      # show each PID separately\n"
	"    runqlat -p 185  # trace PID 185 only\n"
	"\n"
	"OPTIONS:\n"
	"  -T, --timestamp      Include timestamp on output\n"
	"  -m, --milliseconds   Millisecond histogram\n"
	"  -P, --pids           Print a histogram per process ID\n"
	"  -L, --tids           Print a histogram per thread ID\n"
	"  -p, --pid=PID        Trace this PID only\n"
	"  -v, --verbose        Verbose debug output\n"
	"  -h, --help           Show this help\n";

static const struct option long_options[] = {
	{ "timestamp", no_argument, NULL, 'T' },
	{ "milliseconds", no_argument, NULL, 'm' },
	{ "pids", no_argument, NULL, 'P' },
	{ "tids", no_argument, NULL, 'L' },
	{ "pid", required_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{},
};

/* `arg` as a number in [min, max], or -1 after saying what is wrong. */
static int parse_number(const char *what, const char *arg, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || end == arg || *end || *out < min || *out > max) {
		fprintf(stderr, "invalid %s: %s\n", what, arg);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv)
{
	long value;
	int opt;

	/* wasi-libc's getopt_long permutes like glibc's, so the interval and
	 * count may come before the options, as argp allows. */
	while ((opt = getopt_long(argc, argv, "TmPLp:vh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'T':
			env.timestamp = true;
			break;
		case 'm':
			env.milliseconds = true;
			break;
		case 'P':
			env.per_process = true;
			break;
		case 'L':
			env.per_thread = true;
			break;
		case 'p':
			if (parse_number("PID", optarg, 1, INT32_MAX, &value))
				return -1;
			env.pid = value;
			break;
		case 'v':
			env.verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (optind < argc && parse_number("interval", argv[optind++], 1, 99999999, &env.interval))
		return -1;
	if (optind < argc && parse_number("count", argv[optind++], 1, 99999999, &env.times))
		return -1;
	if (optind < argc) {
		fprintf(stderr, "unrecognized positional argument: %s\n", argv[optind]);
		fputs(usage_text, stderr);
		return -1;
	}
	if (env.per_process && env.per_thread) {
		fprintf(stderr, "-P and -L cannot be used together\n");
		return -1;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

/* sleep(), in slices: a guest gets no signals, and Ctrl-C ends it when it
 * next runs wasm code, which one long WASI sleep would put off. */
static void sleep_interval(long seconds)
{
	struct timespec now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long long left_us = (long long)(end.tv_sec - now.tv_sec) * 1000000 + (end.tv_nsec - now.tv_nsec) / 1000;
		if (left_us <= 0)
			return;
		usleep(left_us < 100000 ? left_us : 100000);
	}
}

static int print_log2_hists(struct bpf_map *hists)
{
	const char *units = env.milliseconds ? "msecs" : "usecs";
	int err, fd = bpf_map__fd(hists);
	/* no histogram has this key: get_next_key then starts at the first */
	__u32 lookup_key = -2, next_key;
	struct hist hist;

	while (!bpf_map_get_next_key(fd, &lookup_key, &next_key)) {
		err = bpf_map_lookup_elem(fd, &next_key, &hist);
		if (err < 0) {
			fprintf(stderr, "failed to lookup hist: %s\n", libbpf_wasm_last_error());
			return -1;
		}
		if (env.per_process)
			printf("\npid = %d %s\n", next_key, hist.comm);
		else if (env.per_thread)
			printf("\ntid = %d %s\n", next_key, hist.comm);
		print_log2_hist(hist.slots, MAX_SLOTS, units);
		lookup_key = next_key;
	}

	lookup_key = -2;
	while (!bpf_map_get_next_key(fd, &lookup_key, &next_key)) {
		err = bpf_map_delete_elem(fd, &next_key);
		if (err < 0) {
			fprintf(stderr, "failed to cleanup hist: %s\n", libbpf_wasm_last_error());
			return -1;
		}
		lookup_key = next_key;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct runqlat_bpf *obj;
	struct tm *tm;
	char ts[32];
	time_t t;
	int err;

	if (parse_args(argc, argv))
		return 1;

	libbpf_set_print(libbpf_print_fn);

	obj = runqlat_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object: %s\n", libbpf_wasm_last_error());
		return 1;
	}

	/* initialize global data (filtering options) */
	obj->rodata->targ_per_process = env.per_process;
	obj->rodata->targ_per_thread = env.per_thread;
	obj->rodata->targ_ms = env.milliseconds;
	obj->rodata->targ_tgid = env.pid;

	err = runqlat_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	err = runqlat_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("Tracing run queue latency... Hit Ctrl-C to end.\n");

	/* main: poll (Ctrl-C ends the guest at once, without a last histogram) */
	for (;;) {
		sleep_interval(env.interval);
		printf("\n");

		if (env.timestamp) {
			time(&t);
			tm = localtime(&t);
			strftime(ts, sizeof(ts), "%H:%M:%S", tm);
			printf("%-8s\n", ts);
		}

		err = print_log2_hists(obj->maps.hists);
		if (err)
			break;

		if (--env.times == 0)
			break;
	}

cleanup:
	runqlat_bpf__destroy(obj);
	return err != 0;
}
