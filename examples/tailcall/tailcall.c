/* tailcall: counts the syscalls of a process (or of all) with a
 * dispatcher that tail-calls a handler per syscall (read, write, openat;
 * the rest count as "other"), and prints the totals since it attached
 * every interval, as a wasi:bpf guest.
 *
 * Usage: tailcall [-p PID] [-i INTERVAL_S] [-c COUNT] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "syscall_helpers.h"
/* The wasm32 mirrors of the types tailcall.bpf.c keeps to itself. */
#include "tailcall.types.h"
#include "tailcall.skel.h"

#include "../include/interval_tool.h"

#include "tailcall.h"

static struct {
	long pid;
	struct interval interval;
} env = { .interval = { .seconds = 1 } };

static const char *const slot_names[SLOTS] = { "read", "write", "openat", "other" };

static void usage(FILE *out)
{
	fprintf(out, "usage: tailcall [-p PID] [-i INTERVAL_S] [-c COUNT]\n"
		     "Counts syscalls through a dispatcher that tail-calls one handler per syscall;\n"
		     "prints the totals every interval.\n"
		     "  -p PID         the process to trace (default: every process)\n"
		     "  -i INTERVAL_S  seconds between two lines (default: 1)\n"
		     "  -c COUNT       exit after COUNT lines (default: run until Ctrl-C)\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "p:i:c:h")) != -1) {
		switch (opt) {
		case 'p':
			if (parse_number("tailcall", optarg, 1, &env.pid))
				return -1;
			break;
		case 'i':
		case 'c':
			if (interval_option("tailcall", opt, optarg, &env.interval))
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* The number of syscall `name` on the host's architecture (the guest is
 * wasm32: its own <sys/syscall.h> says nothing of the kernel's), or -1. */
static int syscall_number(const char *name)
{
	char buf[64];
	for (unsigned n = 0; n < MAX_SYSCALLS; n++) {
		if (!syscall_name(n, buf, sizeof(buf)) && !strcmp(buf, name))
			return n;
	}
	return -1;
}

/* Puts each handler into the prog array at its syscall's number. */
static int fill_handlers(struct tailcall_bpf *skel)
{
	const struct bpf_program *progs[] = { skel->progs.handle_read, skel->progs.handle_write,
					      skel->progs.handle_openat };
	int map_fd = bpf_map__fd(skel->maps.handlers);
	for (int slot = READ_SLOT; slot < OTHER_SLOT; slot++) {
		int nr = syscall_number(slot_names[slot]);
		if (nr < 0) {
			fprintf(stderr, "tailcall: no syscall '%s' on this architecture\n", slot_names[slot]);
			return -ENOENT;
		}
		int prog_fd = bpf_program__fd(progs[slot]);
		__u32 key = nr;
		int err = bpf_map_update_elem(map_fd, &key, &prog_fd, BPF_ANY);
		if (err) {
			fprintf(stderr, "tailcall: failed to put handler '%s' at %d: %s\n", bpf_program__name(progs[slot]),
				nr, libbpf_wasm_last_error());
			return err;
		}
	}
	return 0;
}

/* One line of every slot's totals, summed over the CPUs. */
static int print_totals(int map_fd, struct callrec *values, int ncpus)
{
	struct callrec sums[SLOTS] = { 0 };

	for (__u32 slot = 0; slot < SLOTS; slot++) {
		int err = bpf_map_lookup_elem(map_fd, &slot, values);
		if (err) {
			fprintf(stderr, "tailcall: failed to read slot %u: %s\n", slot, libbpf_wasm_last_error());
			return err;
		}
		for (int cpu = 0; cpu < ncpus; cpu++) {
			sums[slot].calls += values[cpu].calls;
			sums[slot].bytes += values[cpu].bytes;
		}
	}
	printf("read %llu calls %llu bytes, write %llu calls %llu bytes, openat %llu calls, other %llu calls\n",
	       (unsigned long long)sums[READ_SLOT].calls, (unsigned long long)sums[READ_SLOT].bytes,
	       (unsigned long long)sums[WRITE_SLOT].calls, (unsigned long long)sums[WRITE_SLOT].bytes,
	       (unsigned long long)sums[OPENAT_SLOT].calls, (unsigned long long)sums[OTHER_SLOT].calls);
	return 0;
}

int main(int argc, char **argv)
{
	struct callrec *values = NULL;
	struct tailcall_bpf *skel;
	int err, ncpus;

	if (parse_args(argc, argv))
		return 1;

	skel = tailcall_bpf__open();
	if (!skel) {
		fprintf(stderr, "tailcall: failed to open BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->rodata->target_tgid = env.pid;
	err = tailcall_bpf__load(skel);
	if (err) {
		fprintf(stderr, "tailcall: failed to load BPF skeleton: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	/* The handlers are filled in before the dispatcher runs, and run
	 * only by its tail calls. */
	err = fill_handlers(skel);
	if (err)
		goto cleanup;
	bpf_program__set_autoattach(skel->progs.handle_read, false);
	bpf_program__set_autoattach(skel->progs.handle_write, false);
	bpf_program__set_autoattach(skel->progs.handle_openat, false);
	err = tailcall_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "tailcall: failed to attach: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	/* Per-CPU values come as one value per possible CPU; a struct
	 * callrec is 16 bytes, a multiple of 8 already. */
	ncpus = libbpf_num_possible_cpus();
	values = calloc(ncpus, sizeof(*values));
	if (!values) {
		err = -ENOMEM;
		fprintf(stderr, "tailcall: out of memory\n");
		goto cleanup;
	}

	if (env.pid)
		printf("Counting the syscalls of PID %ld every %ld s; Ctrl-C to stop.\n", env.pid, env.interval.seconds);
	else
		printf("Counting every process's syscalls every %ld s; Ctrl-C to stop.\n", env.interval.seconds);
	for (long n = 0; interval_wait(&env.interval, &n);) {
		err = print_totals(bpf_map__fd(skel->maps.counts), values, ncpus);
		if (err)
			goto cleanup;
	}
	err = 0;

cleanup:
	free(values);
	tailcall_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
