/* lsm (C): refuses rmdir(2) of every directory with the given name, with
 * a BPF LSM program on path_rmdir, and prints each refusal. Needs a kernel
 * booted with "bpf" in its LSM list (lsm=...,bpf).
 *
 * Usage: lsm DIRECTORY_NAME */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types lsm.bpf.c keeps to itself. */
#include "lsm.types.h"
#include "lsm.skel.h"

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	printf("%-7u %-16s %s\n", e->pid, e->comm, e->name);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct lsm_bpf *skel;
	int err;

	if (argc != 2 || argv[1][0] == '-' || strchr(argv[1], '/')) {
		fprintf(stderr, "usage: lsm DIRECTORY_NAME\n"
				"Refuses rmdir of every directory named DIRECTORY_NAME (a name, not a path).\n");
		return 1;
	}
	if (strlen(argv[1]) >= sizeof(((struct lsm_bpf__rodata *)0)->target_name)) {
		fprintf(stderr, "lsm: the name is too long\n");
		return 1;
	}

	skel = lsm_bpf__open();
	if (!skel) {
		fprintf(stderr, "lsm: failed to open the BPF object: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	strcpy(skel->rodata->target_name, argv[1]);
	err = lsm_bpf__load(skel);
	if (!err)
		err = lsm_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "lsm: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "lsm: ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("Refusing rmdir of directories named '%s'; Ctrl-C to stop.\n", argv[1]);
	printf("%-7s %-16s %s\n", "PID", "COMM", "REFUSED");
	while ((err = ring_buffer__poll(rb, 100)) >= 0)
		;
	fprintf(stderr, "lsm: polling: %s\n", libbpf_wasm_last_error());

cleanup:
	ring_buffer__free(rb);
	lsm_bpf__destroy(skel);
	return err < 0 ? 1 : 0;
}
