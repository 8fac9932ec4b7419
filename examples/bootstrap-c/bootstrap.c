/* bootstrap (C): prints every process exec and exit on the machine, like
 * libbpf-bootstrap's bootstrap, as a wasi:bpf guest. The kernel side is
 * the Rust example's src/bpf/bootstrap.bpf.c.
 *
 * Usage: bootstrap [-v] [-d MIN_DURATION_MS] */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "bootstrap.h"
#include "bootstrap.skel.h"

static struct {
	bool verbose;
	long min_duration_ms;
} env;

static void usage(FILE *out)
{
	fprintf(out, "usage: bootstrap [-v] [-d MIN_DURATION_MS]\n"
		     "Prints process exec and exit events.\n"
		     "  -d MS  only report processes that lived at least MS ms (no exec events then)\n"
		     "  -v     print libbpf debug messages\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "vd:h")) != -1) {
		switch (opt) {
		case 'v':
			env.verbose = true;
			break;
		case 'd': {
			char *end;
			errno = 0;
			env.min_duration_ms = strtol(optarg, &end, 10);
			if (errno || *end || env.min_duration_ms < 0) {
				fprintf(stderr, "bootstrap: invalid duration '%s'\n", optarg);
				return -1;
			}
			break;
		}
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

static volatile bool exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = true;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;
	char ts[32];
	time_t t;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	time(&t);
	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
	if (e->exit_event) {
		printf("%-8s %-5s %-16s %-7d %-7d [%u]", ts, "EXIT", e->comm, e->pid, e->ppid,
		       e->exit_code);
		if (e->duration_ns)
			printf(" (%llums)", (unsigned long long)e->duration_ns / 1000000);
		printf("\n");
	} else {
		printf("%-8s %-5s %-16s %-7d %-7d %s\n", ts, "EXEC", e->comm, e->pid, e->ppid,
		       e->filename);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct bootstrap_bpf *skel;
	int err;

	if (parse_args(argc, argv))
		return 1;
	libbpf_set_print(libbpf_print_fn);

	skel = bootstrap_bpf__open();
	if (!skel) {
		fprintf(stderr, "bootstrap: failed to open BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->rodata->min_duration_ns = (uint64_t)env.min_duration_ms * 1000000;

	err = bootstrap_bpf__load(skel);
	if (err) {
		fprintf(stderr, "bootstrap: failed to load BPF skeleton: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	err = bootstrap_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "bootstrap: failed to attach BPF skeleton: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "bootstrap: failed to create ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("%-8s %-5s %-16s %-7s %-7s %s\n", "TIME", "EVENT", "COMM", "PID", "PPID", "FILENAME/EXIT CODE");
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);
	while (!exiting) {
		err = ring_buffer__poll(rb, 100);
		/* Ctrl-C */
		if (err == -EINTR) {
			err = 0;
			break;
		}
		if (err < 0) {
			fprintf(stderr, "bootstrap: error polling ring buffer: %s\n", libbpf_wasm_last_error());
			break;
		}
	}

cleanup:
	ring_buffer__free(rb);
	bootstrap_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
