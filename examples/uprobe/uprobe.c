/* uprobe (C): prints every call of uprobed_add and uprobed_sub in a native
 * program (native/uprobe-target.c), with arguments and return value.
 *
 * Usage: uprobe [-p PID] BINARY */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "uprobe.h"
#include "uprobe.skel.h"

static const char *const func_names[] = { "uprobed_add", "uprobed_sub" };

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;

	(void)ctx;
	if (size < sizeof(*e) || e->func >= sizeof(func_names) / sizeof(func_names[0]))
		return 0;
	printf("%-7u %-12s a=%-6d b=%-6d %d\n", e->pid, func_names[e->func], e->a, e->b, e->ret);
	return 0;
}

/* Attaches `prog` to `func` of `binary`, on entry or on return. */
static struct bpf_link *attach(struct bpf_program *prog, pid_t pid, const char *binary, const char *func,
			       bool retprobe)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = func, .retprobe = retprobe);
	return bpf_program__attach_uprobe_opts(prog, pid, binary, 0, &opts);
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct uprobe_bpf *skel;
	long pid = -1;
	int opt, err = 0;

	while ((opt = getopt(argc, argv, "p:h")) != -1) {
		char *end;
		switch (opt) {
		case 'p':
			errno = 0;
			pid = strtol(optarg, &end, 10);
			if (errno || *end || pid <= 0) {
				fprintf(stderr, "uprobe: invalid pid '%s'\n", optarg);
				return 1;
			}
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	const char *binary = argv[optind];

	skel = uprobe_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "uprobe: failed to load the BPF object: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	/* Uprobes need a target: the skeleton's __attach leaves them alone. */
	if (!(skel->links.add_entry = attach(skel->progs.add_entry, pid, binary, "uprobed_add", false)) ||
	    !(skel->links.add_return = attach(skel->progs.add_return, pid, binary, "uprobed_add", true)) ||
	    !(skel->links.sub_entry = attach(skel->progs.sub_entry, pid, binary, "uprobed_sub", false)) ||
	    !(skel->links.sub_return = attach(skel->progs.sub_return, pid, binary, "uprobed_sub", true))) {
		err = -errno;
		fprintf(stderr, "uprobe: attaching to %s: %s\n", binary, libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "uprobe: ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("%-7s %-12s %-8s %-8s %s\n", "PID", "FUNCTION", "ARG A", "ARG B", "RETURN");
	while ((err = ring_buffer__poll(rb, 100)) >= 0)
		;
	fprintf(stderr, "uprobe: polling: %s\n", libbpf_wasm_last_error());

cleanup:
	ring_buffer__free(rb);
	uprobe_bpf__destroy(skel);
	return err < 0 ? 1 : 0;

usage:
	fprintf(opt == 'h' ? stdout : stderr,
		"usage: uprobe [-p PID] BINARY\n"
		"Prints the calls of uprobed_add and uprobed_sub in BINARY (a host path) with their results.\n");
	return opt == 'h' ? 0 : 1;
}
