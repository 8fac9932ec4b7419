// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bigstack: a test guest written the way libbpf-tools write a tool, built
 * with guest.mk's default flags and unchanged sources:
 * - its summary is sorted in a 320 KiB array on the stack, written in full
 *   (a tool's like syscount's; a 64 KiB stack traps here);
 * - it includes <linux/bpf.h> and relies on what libbpf's headers and
 *   glibc's argp.h include for it (no <string.h>, <limits.h>, <errno.h>
 *   of its own: memset, strerror, INT_MAX and errno come through them);
 * - its shared header bigstack.h is included on both sides.
 *
 * It prints one line per getpgid() call of thread -t, and after -n calls
 * a summary of calls by argument, most first. */
#include <argp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "bigstack.h"
#include "bigstack.skel.h"

/* Rows of the summary: 20480 of 16 bytes, 320 KiB on the stack. */
#define MAX_ROWS	20480
#define POLL_TIMEOUT_MS	100

static volatile sig_atomic_t exiting = 0;

static struct env {
	__u32 tid;
	int events;
	bool verbose;
} env;

const char *argp_program_version = "bigstack 0.1";
const char argp_program_doc[] =
"Count a thread's getpgid() calls by argument.\n"
"\n"
"USAGE: bigstack -t TID -n EVENTS [-v]\n";

static const struct argp_option opts[] = {
	{ "tid", 't', "TID", 0, "Thread to trace", 0 },
	{ "events", 'n', "EVENTS", 0, "Calls to wait for before the summary", 0 },
	{ "verbose", 'v', NULL, 0, "Verbose debug output", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	long value;

	switch (key) {
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case 'v':
		env.verbose = true;
		break;
	case 't':
	case 'n':
		errno = 0;
		value = strtol(arg, NULL, 10);
		if (errno || value <= 0 || value > INT_MAX) {
			fprintf(stderr, "invalid %s: %s\n", key == 't' ? "TID" : "EVENTS", arg);
			argp_usage(state);
		}
		if (key == 't')
			env.tid = value;
		else
			env.events = value;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static void sig_int(int signo)
{
	exiting = 1;
}

static int seen;

static int handle_event(void *ctx, void *data, size_t data_sz)
{
	const struct event *e = data;

	printf("%-8u %-16s %u\n", e->tid, e->comm, e->arg);
	seen++;
	return 0;
}

struct row {
	__u32 arg;
	__u64 count;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->arg < y->arg ? -1 : x->arg > y->arg;
}

static int print_summary(int fd)
{
	struct row rows[MAX_ROWS];
	__u32 key, *prev = NULL;
	int i, n = 0, err;

	memset(rows, 0, sizeof(rows));
	while (n < MAX_ROWS && !(err = bpf_map_get_next_key(fd, prev, &key))) {
		err = bpf_map_lookup_elem(fd, &key, &rows[n].count);
		if (err) {
			fprintf(stderr, "failed to look up %u: %s\n", key, strerror(-err));
			return err;
		}
		rows[n].arg = key;
		prev = &rows[n++].arg;
	}
	if (err && err != -ENOENT) {
		fprintf(stderr, "failed to iterate: %s\n", strerror(-err));
		return err;
	}
	qsort(rows, n, sizeof(rows[0]), cmp_rows);
	printf("%-8s %s\n", "ARG", "CALLS");
	for (i = 0; i < n; i++)
		printf("%-8u %llu\n", rows[i].arg, rows[i].count);
	/* The rows past the last are still the zeroes written above. */
	for (i = n; i < MAX_ROWS; i++)
		if (rows[i].arg || rows[i].count)
			return -EINVAL;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.doc = argp_program_doc,
	};
	struct ring_buffer *rb = NULL;
	struct bigstack_bpf *obj;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	if (!env.tid || !env.events) {
		fprintf(stderr, "-t and -n are required\n");
		return 1;
	}

	libbpf_set_print(libbpf_print_fn);

	obj = bigstack_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->target_tid = env.tid;

	err = bigstack_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	if (bpf_map__type(obj->maps.counts) != BPF_MAP_TYPE_HASH ||
	    bpf_map__type(obj->maps.events) != BPF_MAP_TYPE_RINGBUF ||
	    bpf_program__type(obj->progs.bigstack_enter) != BPF_PROG_TYPE_TRACEPOINT) {
		fprintf(stderr, "unexpected map or program types\n");
		err = -EINVAL;
		goto cleanup;
	}

	err = bigstack_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs: %d\n", err);
		goto cleanup;
	}

	rb = ring_buffer__new(bpf_map__fd(obj->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "failed to create ring buffer: %d\n", err);
		goto cleanup;
	}

	if (signal(SIGINT, sig_int) == SIG_ERR) {
		fprintf(stderr, "can't set signal handler: %s\n", strerror(errno));
		err = 1;
		goto cleanup;
	}

	printf("%-8s %-16s %s\n", "TID", "COMM", "ARG");
	while (!exiting && seen < env.events) {
		err = ring_buffer__poll(rb, POLL_TIMEOUT_MS);
		if (err == -EINTR) {
			err = 0;
			break;
		}
		if (err < 0) {
			fprintf(stderr, "error polling ring buffer: %d\n", err);
			goto cleanup;
		}
		err = 0;
	}

	err = print_summary(bpf_map__fd(obj->maps.counts));

cleanup:
	ring_buffer__free(rb);
	bigstack_bpf__destroy(obj);
	return err != 0;
}
