/* biolatency: block device I/O latency as log2 histograms, of all disks
 * or per disk, printed every interval, as libbpf-tools' biolatency does,
 * as a wasi:bpf guest.
 *
 * Usage: biolatency [-D] [-m] [-d DISK] [INTERVAL [COUNT]] */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "trace_helpers.h"
#include "biolatency.h"
#include "biolatency.skel.h"

#include "../include/parse_number.h"

static struct {
	bool per_disk;
	bool milliseconds;
	const char *disk;
	long interval;
	long times;
} env = { .interval = 99999999, .times = 99999999 };

static volatile bool exiting;

static void usage(FILE *out)
{
	fprintf(out, "usage: biolatency [-D] [-m] [-d DISK] [INTERVAL [COUNT]]\n"
		     "Summarizes block device I/O latency (issue to completion) as histograms.\n"
		     "  -D        one histogram per disk\n"
		     "  -m        milliseconds (default: microseconds)\n"
		     "  -d DISK   only this disk (a name of /proc/partitions: sda, nvme0n1, loop0)\n"
		     "  INTERVAL  seconds between two printouts (default: one, at Ctrl-C)\n"
		     "  COUNT     printouts before exiting (default: until Ctrl-C)\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "Dmd:h")) != -1) {
		switch (opt) {
		case 'D':
			env.per_disk = true;
			break;
		case 'm':
			env.milliseconds = true;
			break;
		case 'd':
			env.disk = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind > 2) {
		usage(stderr);
		return -1;
	}
	if (optind < argc && parse_number("biolatency", argv[optind++], 1, &env.interval))
		return -1;
	if (optind < argc && parse_number("biolatency", argv[optind++], 1, &env.times))
		return -1;
	return 0;
}

static void sig_handler(int sig)
{
	exiting = true;
}

/* Prints every histogram, then empties the map for the next interval. */
static int print_and_clear(int fd, const struct partitions *partitions)
{
	struct hist_key key, next, *prev = NULL;
	const char *units = env.milliseconds ? "msecs" : "usecs";
	struct hist hist;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		if (bpf_map_lookup_elem(fd, &next, &hist)) {
			fprintf(stderr, "biolatency: failed to read a histogram: %s\n", libbpf_wasm_last_error());
			return -errno;
		}
		if (env.per_disk) {
			const struct partition *p = partitions__get_by_dev(partitions, next.dev);
			printf("\ndisk = %s\n", p ? p->name : "Unknown");
		}
		print_log2_hist(hist.slots, MAX_SLOTS, units);
		key = next;
		prev = &key;
	}
	prev = NULL;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		if (bpf_map_delete_elem(fd, &next)) {
			fprintf(stderr, "biolatency: failed to clear a histogram: %s\n", libbpf_wasm_last_error());
			return -errno;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct partitions *partitions = NULL;
	struct biolatency_bpf *skel;
	bool btf;
	int err;

	if (parse_args(argc, argv))
		return 1;

	partitions = partitions__load();
	if (!partitions) {
		fprintf(stderr, "biolatency: failed to load partitions info: %s\n", strerror(errno));
		return 1;
	}
	skel = biolatency_bpf__open();
	if (!skel) {
		fprintf(stderr, "biolatency: failed to open BPF skeleton: %s\n", libbpf_wasm_last_error());
		err = -errno;
		goto cleanup;
	}
	if (env.disk) {
		const struct partition *p = partitions__get_by_name(partitions, env.disk);
		if (!p) {
			fprintf(stderr, "biolatency: invalid partition name: %s\n", env.disk);
			err = -ENOENT;
			goto cleanup;
		}
		skel->rodata->filter_dev = true;
		skel->rodata->targ_dev = p->dev;
	}
	skel->rodata->targ_per_disk = env.per_disk;
	skel->rodata->targ_ms = env.milliseconds;
	/* tp_btf where the kernel has BTF for the tracepoints, else raw_tp. */
	btf = probe_tp_btf("block_rq_issue");
	bpf_program__set_autoload(skel->progs.issue_btf, btf);
	bpf_program__set_autoload(skel->progs.complete_btf, btf);
	bpf_program__set_autoload(skel->progs.issue_raw, !btf);
	bpf_program__set_autoload(skel->progs.complete_raw, !btf);

	err = biolatency_bpf__load(skel);
	if (err) {
		fprintf(stderr, "biolatency: failed to load BPF object: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}
	err = biolatency_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "biolatency: failed to attach BPF programs: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	signal(SIGINT, sig_handler);
	printf("Tracing block device I/O... Hit Ctrl-C to end.\n");
	/* Ctrl-C cuts a sleep short, and ends after that printout. */
	while (env.times-- > 0 && !exiting) {
		sleep(env.interval);
		printf("\n");
		err = print_and_clear(bpf_map__fd(skel->maps.hists), partitions);
		if (err)
			break;
	}

cleanup:
	biolatency_bpf__destroy(skel);
	partitions__free(partitions);
	return err != 0;
}
