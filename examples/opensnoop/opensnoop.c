// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* opensnoop: traces the open() family of syscalls, as libbpf-tools'
 * opensnoop does, as a wasi:bpf guest.
 *
 * Usage: opensnoop [-h] [-T] [-U] [-x] [-p PID] [-t TID] [-u UID]
 *                  [-d DURATION] [-n NAME] [-e] [-v] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "opensnoop.skel.h"

/* Tune the buffer size if you see lost events. */
#define PERF_BUFFER_PAGES 64
#define PERF_POLL_TIMEOUT_MS 100
#define NSEC_PER_SEC 1000000000ULL
/* opensnoop.h is the kernel side's (its struct event would clash with the
 * skeleton's mirror), so user space spells this one itself. */
#define INVALID_UID ((uid_t)-1)

static struct env {
	pid_t pid;
	pid_t tid;
	uid_t uid;
	long duration;
	bool verbose;
	bool timestamp;
	bool print_uid;
	bool extended;
	bool failed;
	const char *name;
} env = {
	.uid = INVALID_UID,
};

static const char usage_text[] =
	"Trace open family syscalls\n"
	"\n"
	"USAGE: opensnoop [-h] [-T] [-U] [-x] [-p PID] [-t TID] [-u UID]\n"
	"                 [-d DURATION] [-n NAME] [-e] [-v]\n"
	"\n"
	"EXAMPLES:\n"
	"    ./opensnoop           # trace all open() syscalls\n"
	"    ./opensnoop -T        # include timestamps\n"
	"    ./opensnoop -U        # include UID\n"
	"    ./opensnoop -x        # only show failed opens\n"
	"    ./opensnoop -p 181    # only trace PID 181\n"
	"    ./opensnoop -t 123    # only trace TID 123\n"
	"    ./opensnoop -u 1000   # only trace UID 1000\n"
	"    ./opensnoop -d 10     # trace for 10 seconds only\n"
	"    ./opensnoop -n main   # only print process names containing \"main\"\n"
	"    ./opensnoop -e        # show extended fields\n"
	"\n"
	"OPTIONS:\n"
	"  -d, --duration=DURATION    Duration to trace (seconds)\n"
	"  -e, --extended-fields      Print extended fields (the open flags)\n"
	"  -n, --name=NAME            Trace process names containing this\n"
	"  -p, --pid=PID              Process ID to trace\n"
	"  -t, --tid=TID              Thread ID to trace\n"
	"  -T, --timestamp            Print timestamp\n"
	"  -u, --uid=UID              User ID to trace\n"
	"  -U, --print-uid            Print UID\n"
	"  -v, --verbose              Verbose debug output\n"
	"  -x, --failed               Failed opens only\n"
	"  -h, --help                 Show this help\n";

static const struct option long_options[] = {
	{ "duration", required_argument, NULL, 'd' },
	{ "extended-fields", no_argument, NULL, 'e' },
	{ "name", required_argument, NULL, 'n' },
	{ "pid", required_argument, NULL, 'p' },
	{ "tid", required_argument, NULL, 't' },
	{ "timestamp", no_argument, NULL, 'T' },
	{ "uid", required_argument, NULL, 'u' },
	{ "print-uid", no_argument, NULL, 'U' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "failed", no_argument, NULL, 'x' },
	{ "help", no_argument, NULL, 'h' },
	{},
};

/* `arg` as a number in [min, max], or -1 after saying what is wrong.
 * long long: a wasm32 long cannot hold every UID. */
static int parse_number(const char *what, const char *arg, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || *out < min || *out > max) {
		fprintf(stderr, "Invalid %s: %s\n", what, arg);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv)
{
	long long value;
	int opt;

	while ((opt = getopt_long(argc, argv, "d:en:p:t:Tu:Uvxh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (parse_number("duration", optarg, 1, 1000000, &value))
				return -1;
			env.duration = value;
			break;
		case 'e':
			env.extended = true;
			break;
		case 'n':
			env.name = optarg;
			break;
		case 'p':
			if (parse_number("PID", optarg, 1, INT32_MAX, &value))
				return -1;
			env.pid = value;
			break;
		case 't':
			if (parse_number("TID", optarg, 1, INT32_MAX, &value))
				return -1;
			env.tid = value;
			break;
		case 'T':
			env.timestamp = true;
			break;
		case 'u':
			if (parse_number("UID", optarg, 0, (long long)INVALID_UID - 1, &value))
				return -1;
			env.uid = value;
			break;
		case 'U':
			env.print_uid = true;
			break;
		case 'v':
			env.verbose = true;
			break;
		case 'x':
			env.failed = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "Unrecognized argument: %s\n", argv[optind]);
		fputs(usage_text, stderr);
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

static __u64 get_ktime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static void handle_event(void *ctx, int cpu, void *data, __u32 data_sz)
{
	const struct event *e = data;
	struct tm *tm;
	char ts[32];
	time_t t;
	int fd, err;

	(void)ctx;
	(void)cpu;
	if (data_sz < sizeof(*e))
		return;

	/* name filtering is done in user space, as upstream does */
	if (env.name && strstr(e->comm, env.name) == NULL)
		return;

	time(&t);
	tm = localtime(&t);
	strftime(ts, sizeof(ts), "%H:%M:%S", tm);
	if (e->ret >= 0) {
		fd = e->ret;
		err = 0;
	} else {
		fd = -1;
		err = -e->ret;
	}

	if (env.timestamp)
		printf("%-8s ", ts);
	if (env.print_uid)
		printf("%-7u ", e->uid);
	printf("%-6d %-16s %3d %3d ", e->pid, e->comm, fd, err);
	if (env.extended)
		printf("%08o ", (unsigned int)e->flags);
	printf("%s\n", e->fname);
}

static void handle_lost_events(void *ctx, int cpu, __u64 lost_cnt)
{
	(void)ctx;
	/* The host sums what every CPU lost: cpu is -1. */
	(void)cpu;
	fprintf(stderr, "Lost %llu events!\n", (unsigned long long)lost_cnt);
}

int main(int argc, char **argv)
{
	struct perf_buffer *pb = NULL;
	struct opensnoop_bpf *obj;
	__u64 time_end = 0;
	int err;

	if (parse_args(argc, argv))
		return 1;

	libbpf_set_print(libbpf_print_fn);

	obj = opensnoop_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object: %s\n", libbpf_wasm_last_error());
		return 1;
	}

	/* initialize global data (filtering options) */
	obj->rodata->targ_tgid = env.pid;
	obj->rodata->targ_pid = env.tid;
	obj->rodata->targ_uid = env.uid;
	obj->rodata->targ_failed = env.failed;

	err = opensnoop_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	err = opensnoop_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	/* Opened before the headers are printed, so that whoever waits for
	 * them knows that every open from then on is reported. */
	pb = perf_buffer__new(bpf_map__fd(obj->maps.events), PERF_BUFFER_PAGES, handle_event, handle_lost_events,
			      NULL, NULL);
	if (!pb) {
		err = -errno;
		fprintf(stderr, "failed to open perf buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	/* print headers */
	if (env.timestamp)
		printf("%-8s ", "TIME");
	if (env.print_uid)
		printf("%-7s ", "UID");
	printf("%-6s %-16s %3s %3s ", "PID", "COMM", "FD", "ERR");
	if (env.extended)
		printf("%-8s ", "FLAGS");
	printf("%s\n", "PATH");

	if (env.duration)
		time_end = get_ktime_ns() + env.duration * NSEC_PER_SEC;

	/* main: poll (Ctrl-C ends the guest inside the poll) */
	for (;;) {
		err = perf_buffer__poll(pb, PERF_POLL_TIMEOUT_MS);
		if (err < 0) {
			fprintf(stderr, "error polling perf buffer: %s\n", libbpf_wasm_last_error());
			goto cleanup;
		}
		if (env.duration && get_ktime_ns() > time_end)
			break;
	}
	err = 0;

cleanup:
	perf_buffer__free(pb);
	opensnoop_bpf__destroy(obj);
	return err != 0;
}
