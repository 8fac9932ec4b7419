// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* compat: a test guest written the way libbpf-tools write a tool that
 * adapts its BPF object to the kernel before load:
 * - fentry on do_getpgid when fentry_can_attach() says so, else a tp_btf
 *   program pointed with bpf_program__set_attach_target() at the raw
 *   tracepoint -T (sys_enter) when probe_tp_btf() says so, else the
 *   syscall tracepoint (bpf_program__set_autoload(..., false) for the
 *   others);
 * - events through a ring buffer where the kernel has them, else a perf
 *   buffer (-p forces it): the map is declared a ring buffer and switched
 *   with bpf_map__set_type / set_key_size / set_value_size, and the perf
 *   path's heap is not created in ring buffer mode
 *   (bpf_map__set_autocreate), as libbpf-tools' compat layer does;
 * - an array map whose value holds -s u64 slots (bpf_map__set_value_size
 *   from the command line).
 * With -l it loads the tp_btf program with verifier log level 1 and says
 * whether the log reached its print function (libbpf prints it at debug
 * level). It prints what it configured, one line per getpgid() call of
 * thread -t until -n calls, then the slots. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <wasi_bpf/trace_helpers.h>
#include "compat_events.h"
#include "compat.skel.h"

#define POLL_TIMEOUT_MS 100
#define PERF_PAGES 8

static struct env {
	__u32 tid;
	int events;
	__u32 slots;
	bool perf;
	bool log;
	const char *attach_target;
} env = {
	.slots = 1,
	.attach_target = "sys_enter",
};

static const struct argp_option opts[] = {
	{ "tid", 't', "TID", 0, "Thread to trace", 0 },
	{ "events", 'n', "EVENTS", 0, "Calls to wait for", 0 },
	{ "slots", 's', "SLOTS", 0, "Slots of the slots map's value", 0 },
	{ "perf", 'p', NULL, 0, "Use a perf buffer even where ring buffers work", 0 },
	{ "log", 'l', NULL, 0, "Load the tp_btf program with verifier log level 1", 0 },
	{ "attach-target", 'T', "TRACEPOINT", 0, "Raw tracepoint of the tp_btf program", 0 },
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
	case 's':
		env.slots = strtoul(arg, NULL, 10);
		break;
	case 'p':
		env.perf = true;
		break;
	case 'l':
		env.log = true;
		break;
	case 'T':
		env.attach_target = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int seen;
static bool verifier_log_seen;

/* Notes a verifier log among libbpf's debug messages; prints warnings. */
static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG) {
		if (strstr(format, "BEGIN PROG LOAD LOG"))
			verifier_log_seen = true;
		return 0;
	}
	return vfprintf(stderr, format, args);
}

static const char *source_name(__u32 source)
{
	switch (source) {
	case SOURCE_FENTRY:
		return "fentry";
	case SOURCE_TP_BTF:
		return "tp_btf";
	default:
		return "tracepoint";
	}
}

static void print_event(const struct event *e)
{
	printf("%s: tid %u getpgid(%u)\n", source_name(e->source), e->tid, e->arg);
	seen++;
}

static int handle_ringbuf_event(void *ctx, void *data, size_t size)
{
	print_event(data);
	return 0;
}

static void handle_perf_event(void *ctx, int cpu, void *data, __u32 size)
{
	print_event(data);
}

static void handle_lost(void *ctx, int cpu, __u64 count)
{
	fprintf(stderr, "lost %llu events\n", (unsigned long long)count);
}

/* The switch of libbpf-tools' compat layer (bpf_buffer__new): the ring
 * buffer as declared, without the perf path's heap; or a perf event array
 * of int keys and values. */
static int pick_buffer(struct compat_bpf *obj, bool ringbuf)
{
	int err;

	if (ringbuf)
		return bpf_map__set_autocreate(obj->maps.heap, false);
	err = bpf_map__set_type(obj->maps.events, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	if (!err)
		err = bpf_map__set_key_size(obj->maps.events, sizeof(int));
	if (!err)
		err = bpf_map__set_value_size(obj->maps.events, sizeof(int));
	return err;
}

static int print_slots(struct compat_bpf *obj)
{
	__u64 values[MAX_SLOTS];
	__u32 zero = 0;
	int err = bpf_map_lookup_elem(bpf_map__fd(obj->maps.slots), &zero, values);

	if (err) {
		fprintf(stderr, "failed to read the slots: %d\n", err);
		return err;
	}
	for (__u32 i = 0; i < env.slots; i++)
		printf("slot %u: %llu\n", i, (unsigned long long)values[i]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
	};
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	struct compat_bpf *obj;
	bool use_fentry, use_tp_btf, use_tp, ringbuf;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	if (!env.tid || env.events <= 0 || !env.slots || env.slots > MAX_SLOTS) {
		fprintf(stderr, "-t and -n are required, and -s is 1 to %d\n", MAX_SLOTS);
		return 1;
	}

	use_fentry = fentry_can_attach("do_getpgid", NULL);
	use_tp_btf = !use_fentry && probe_tp_btf(env.attach_target);
	use_tp = !use_fentry && !use_tp_btf && tracepoint_exists("syscalls", "sys_enter_getpgid");
	ringbuf = !env.perf && probe_ringbuf();

	libbpf_set_print(libbpf_print_fn);
	obj = compat_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->target_tid = env.tid;
	obj->rodata->use_ringbuf = ringbuf;
	obj->rodata->nr_slots = env.slots;
	bpf_program__set_autoload(obj->progs.getpgid_fentry, use_fentry);
	bpf_program__set_autoload(obj->progs.getpgid_tp_btf, use_tp_btf);
	bpf_program__set_autoload(obj->progs.getpgid_tp, use_tp);
	if (env.log)
		bpf_program__set_log_level(obj->progs.getpgid_tp_btf, 1);
	if (use_tp_btf) {
		err = bpf_program__set_attach_target(obj->progs.getpgid_tp_btf, 0, env.attach_target);
		if (err) {
			fprintf(stderr, "failed to set attach target %s: %d\n", env.attach_target, err);
			goto cleanup;
		}
	}
	err = pick_buffer(obj, ringbuf);
	if (err) {
		fprintf(stderr, "failed to pick the buffer: %d\n", err);
		goto cleanup;
	}
	err = bpf_map__set_value_size(obj->maps.slots, env.slots * sizeof(__u64));
	if (err) {
		fprintf(stderr, "failed to size the slots: %d\n", err);
		goto cleanup;
	}
	printf("events: type %d, key size %u, value size %u; heap autocreate %d; slots value size %u\n",
	       bpf_map__type(obj->maps.events), bpf_map__key_size(obj->maps.events),
	       bpf_map__value_size(obj->maps.events), bpf_map__autocreate(obj->maps.heap),
	       bpf_map__value_size(obj->maps.slots));

	err = compat_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	if (env.log)
		printf("verifier log printed: %d (log level %u)\n", verifier_log_seen,
		       bpf_program__log_level(obj->progs.getpgid_tp_btf));
	err = compat_bpf__attach(obj);
	if (err) {
		fprintf(stderr, "failed to attach BPF programs: %d\n", err);
		goto cleanup;
	}
	if (ringbuf)
		rb = ring_buffer__new(bpf_map__fd(obj->maps.events), handle_ringbuf_event, NULL, NULL);
	else
		pb = perf_buffer__new(bpf_map__fd(obj->maps.events), PERF_PAGES, handle_perf_event, handle_lost, NULL,
				      NULL);
	if (!rb && !pb) {
		err = -errno;
		fprintf(stderr, "failed to create the buffer: %d\n", err);
		goto cleanup;
	}

	printf("tracing getpgid with %s through a %s\n",
	       use_fentry ? "fentry" : use_tp_btf ? "tp_btf" : "the tracepoint",
	       ringbuf ? "ring buffer" : "perf buffer");
	fflush(stdout);
	while (seen < env.events) {
		err = rb ? ring_buffer__poll(rb, POLL_TIMEOUT_MS) : perf_buffer__poll(pb, POLL_TIMEOUT_MS);
		if (err < 0) {
			fprintf(stderr, "error polling the buffer: %d\n", err);
			goto cleanup;
		}
		err = 0;
	}
	err = print_slots(obj);

cleanup:
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	compat_bpf__destroy(obj);
	return err != 0;
}
