// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* feature_probes: a test guest written the way libbpf-tools write a tool
 * that probes the kernel before it loads: fentry on do_getpgid when
 * fentry_can_attach() says so, else the syscall tracepoint when
 * tracepoint_exists() says so (bpf_program__set_autoload(..., false) for
 * the other). First it prints the answers of the probes for names every
 * kernel has or none has, then one line per getpgid() call of thread -t,
 * and ends after -n calls. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include <wasi_bpf/trace_helpers.h>
#include "feature_probes.h"
#include "feature_probes.skel.h"

#define POLL_TIMEOUT_MS 100

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

static int handle_event(void *ctx, void *data, size_t data_sz)
{
	const struct event *e = data;

	printf("%s: tid %u getpgid(%u)\n", e->source == SOURCE_FENTRY ? "fentry" : "tracepoint", e->tid, e->arg);
	seen++;
	return 0;
}

static void print_probes(void)
{
	printf("tracepoint_exists(syscalls, sys_enter_getpgid): %d\n",
	       tracepoint_exists("syscalls", "sys_enter_getpgid"));
	printf("tracepoint_exists(syscalls, sys_enter_no_such_call): %d\n",
	       tracepoint_exists("syscalls", "sys_enter_no_such_call"));
	printf("tracepoint_exists(.., syscalls): %d\n", tracepoint_exists("..", "syscalls"));
	printf("kprobe_exists(do_getpgid): %d\n", kprobe_exists("do_getpgid"));
	printf("kprobe_exists(no_such_function_in_any_kernel): %d\n",
	       kprobe_exists("no_such_function_in_any_kernel"));
	printf("fentry_can_attach(no_such_function_in_any_kernel): %d\n",
	       fentry_can_attach("no_such_function_in_any_kernel", NULL));
	printf("vmlinux_btf_exists(): %d\n", vmlinux_btf_exists());
	printf("probe_ringbuf(): %d\n", probe_ringbuf());
	printf("probe_bpf_ns_current_pid_tgid(): %d\n", probe_bpf_ns_current_pid_tgid());
	printf("libbpf_probe_bpf_prog_type(TRACEPOINT): %d\n",
	       libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACEPOINT, NULL));
	printf("libbpf_probe_bpf_map_type(HASH): %d\n", libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH, NULL));
	printf("libbpf_probe_bpf_helper(TRACEPOINT, map_lookup_elem): %d\n",
	       libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_map_lookup_elem, NULL));
	printf("libbpf_probe_bpf_helper(TRACEPOINT, 100000): %d\n",
	       libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, (enum bpf_func_id)100000, NULL));
	printf("libbpf_probe_bpf_map_type(HASH, opts): %d\n",
	       libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH, &env));
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
	};
	struct ring_buffer *rb = NULL;
	struct feature_probes_bpf *obj;
	bool use_fentry, use_tp;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	if (!env.tid || env.events <= 0) {
		fprintf(stderr, "-t and -n are required\n");
		return 1;
	}

	print_probes();

	use_fentry = fentry_can_attach("do_getpgid", NULL);
	use_tp = !use_fentry && tracepoint_exists("syscalls", "sys_enter_getpgid");
	if (!use_fentry && !use_tp) {
		fprintf(stderr, "neither fentry nor the tracepoint is available\n");
		return 1;
	}

	obj = feature_probes_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->target_tid = env.tid;
	bpf_program__set_autoload(obj->progs.getpgid_fentry, use_fentry);
	bpf_program__set_autoload(obj->progs.getpgid_tp, use_tp);

	err = feature_probes_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	err = feature_probes_bpf__attach(obj);
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

	printf("tracing getpgid with %s\n", use_fentry ? "fentry" : "the tracepoint");
	fflush(stdout);
	while (seen < env.events) {
		err = ring_buffer__poll(rb, POLL_TIMEOUT_MS);
		if (err < 0) {
			fprintf(stderr, "error polling ring buffer: %d\n", err);
			goto cleanup;
		}
		err = 0;
	}

cleanup:
	ring_buffer__free(rb);
	feature_probes_bpf__destroy(obj);
	return err != 0;
}
