/* execve (C): prints every execve(2) on the machine with its arguments.
 *
 * Usage: execve [-u UID] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "execve.h"
#include "execve.skel.h"

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;
	char ts[16];
	time_t t;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	time(&t);
	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
	printf("%-8s %-7u %-7u %-6u %-16s", ts, e->pid, e->ppid, e->uid, e->comm);
	for (uint32_t i = 0; i < e->argc && i < sizeof(e->args) / sizeof(e->args[0]); i++)
		printf(" %s", e->args[i]);
	printf("%s\n", e->truncated ? " ..." : "");
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct execve_bpf *skel;
	long uid = -1;
	int opt, err;

	while ((opt = getopt(argc, argv, "u:h")) != -1) {
		char *end;
		switch (opt) {
		case 'u':
			errno = 0;
			uid = strtol(optarg, &end, 10);
			if (errno || *end || uid < 0) {
				fprintf(stderr, "execve: invalid uid '%s'\n", optarg);
				return 1;
			}
			break;
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: execve [-u UID]\nPrints every execve(2) with its arguments.\n");
			return opt == 'h' ? 0 : 1;
		}
	}

	skel = execve_bpf__open();
	if (!skel) {
		fprintf(stderr, "execve: failed to open the BPF object: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->rodata->targ_uid = (uint32_t)uid;
	err = execve_bpf__load(skel);
	if (!err)
		err = execve_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "execve: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "execve: ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("%-8s %-7s %-7s %-6s %-16s %s\n", "TIME", "PID", "PPID", "UID", "COMM", "ARGS");
	while ((err = ring_buffer__poll(rb, 100)) >= 0)
		;
	fprintf(stderr, "execve: polling: %s\n", libbpf_wasm_last_error());

cleanup:
	ring_buffer__free(rb);
	execve_bpf__destroy(skel);
	return err < 0 ? 1 : 0;
}
