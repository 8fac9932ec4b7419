// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_buffer: a test guest using libbpf-tools' compat layer as their
 * tools do (bpf_buffer__new before load, __open after, __poll, __free),
 * over the SDK's <wasi_bpf/compat.h>: it prints which buffer it got, one
 * line per getpgid() call of thread -t, and ends after -n calls. Run with
 * WASI_BPF_BUFFER=perf in its environment it uses the perf buffer. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include <wasi_bpf/compat.h>
#include "bpf_buffer.h"
#include "bpf_buffer.skel.h"

static struct env {
	__u32 tid;
	int events;
} env;

static const struct argp_option opts[] = {
	{ "tid", 't', "TID", 0, "Thread to trace", 0 },
	{ "events", 'n', "EVENTS", 0, "Calls to wait for", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 't':
		env.tid = strtoul(arg, NULL, 10);
		break;
	case 'n':
		env.events = atoi(arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int seen;

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;

	printf("tid %u getpgid(%u)\n", e->tid, e->arg);
	seen++;
	return 0;
}

static void handle_lost_events(void *ctx, int cpu, __u64 count)
{
	fprintf(stderr, "lost %llu events\n", (unsigned long long)count);
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
	};
	struct bpf_buffer *buf = NULL;
	struct bpf_buffer_bpf *obj;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	if (!env.tid || env.events <= 0) {
		fprintf(stderr, "-t and -n are required\n");
		return 1;
	}

	obj = bpf_buffer_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->target_tid = env.tid;
	buf = bpf_buffer__new(obj->maps.events, obj->maps.heap);
	if (!buf) {
		err = -errno;
		fprintf(stderr, "failed to create ring/perf buffer: %d\n", err);
		goto cleanup;
	}
	err = bpf_buffer_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	err = bpf_buffer_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs: %d\n", err);
		goto cleanup;
	}
	err = bpf_buffer__open(buf, handle_event, handle_lost_events, NULL);
	if (err) {
		fprintf(stderr, "failed to open ring/perf buffer: %d\n", err);
		goto cleanup;
	}

	printf("tracing getpgid through a %s\n",
	       bpf_map__type(obj->maps.events) == BPF_MAP_TYPE_RINGBUF ? "ring buffer" : "perf buffer");
	fflush(stdout);
	while (seen < env.events) {
		err = bpf_buffer__poll(buf, POLL_TIMEOUT_MS);
		if (err < 0) {
			fprintf(stderr, "error polling ring/perf buffer: %d\n", err);
			goto cleanup;
		}
		err = 0;
	}

cleanup:
	bpf_buffer__free(buf);
	bpf_buffer_bpf__destroy(obj);
	return err != 0;
}
