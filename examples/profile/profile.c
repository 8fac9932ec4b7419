/* profile: samples the stacks running on every CPU (or those of one
 * process) at a fixed frequency, with a perf_event program on a CPU clock
 * event per CPU, and prints each stack seen, symbolized, with its count,
 * as libbpf-tools' profile does, as a wasi:bpf guest.
 *
 * Usage: profile [-p PID] [-F FREQUENCY] [-U | -K] [-I] [-f] [DURATION] */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <asm/unistd.h>
#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "trace_helpers.h"

#include "../include/parse_number.h"

#include "profile.h"
#include "profile.skel.h"

static struct {
	long pid;
	long frequency;
	bool user_stacks_only;
	bool kernel_stacks_only;
	bool include_idle;
	bool folded;
	long duration;
} env = { .frequency = 49, .duration = 99999999 };

static void usage(FILE *out)
{
	fprintf(out, "usage: profile [-p PID] [-F FREQUENCY] [-U | -K] [-I] [-f] [DURATION]\n"
		     "Samples the stacks running on the CPUs; prints each stack seen with its count.\n"
		     "  -p PID        only this process's stacks\n"
		     "  -F FREQUENCY  samples per second on each CPU (default: 49)\n"
		     "  -U            user stacks only\n"
		     "  -K            kernel stacks only\n"
		     "  -I            include the idle task (CPUs with nothing to run)\n"
		     "  -f            folded output, one line per stack: COMM;FRAME;... COUNT (flame graphs)\n"
		     "  DURATION      seconds to sample (default: until Ctrl-C)\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "p:F:UKIfh")) != -1) {
		switch (opt) {
		case 'p':
			if (parse_number("profile", optarg, 1, &env.pid))
				return -1;
			break;
		case 'F':
			if (parse_number("profile", optarg, 1, &env.frequency))
				return -1;
			break;
		case 'U':
			env.user_stacks_only = true;
			break;
		case 'K':
			env.kernel_stacks_only = true;
			break;
		case 'I':
			env.include_idle = true;
			break;
		case 'f':
			env.folded = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (env.user_stacks_only && env.kernel_stacks_only) {
		fprintf(stderr, "profile: -U and -K exclude each other\n");
		return -1;
	}
	if (optind < argc - 1) {
		usage(stderr);
		return -1;
	}
	if (optind == argc - 1 && parse_number("profile", argv[optind], 1, &env.duration))
		return -1;
	return 0;
}

static void sig_handler(int sig)
{
}

/* Frame `i` of a stack of `n`, outermost first where `outermost_first`. */
static int frame_index(int i, int n, bool outermost_first)
{
	return outermost_first ? n - 1 - i : i;
}

/* The frames of stack `stack_id`: "FRAME;FRAME" outermost first when
 * folded, else a line each, innermost first. User frames are looked up in
 * `syms` (NULL: the process is gone), kernel ones in `ksyms`. */
static void print_stack(int stackmap_fd, int stack_id, bool user, const struct syms *syms,
			const struct ksyms *ksyms, bool *first)
{
	static __u64 ips[MAX_STACK_DEPTH];
	int n = 0;

	if (stack_id < 0 || bpf_map_lookup_elem(stackmap_fd, &stack_id, ips))
		return;
	while (n < MAX_STACK_DEPTH && ips[n])
		n++;
	for (int i = 0; i < n; i++) {
		__u64 ip = ips[frame_index(i, n, env.folded)];
		const char *name = NULL;
		if (user && syms) {
			const struct sym *sym = syms__map_addr(syms, ip);
			name = sym ? sym->name : NULL;
		} else if (!user && ksyms) {
			const struct ksym *ksym = ksyms__map_addr(ksyms, ip);
			name = ksym ? ksym->name : NULL;
		}
		if (env.folded)
			printf("%s%s", *first ? "" : ";", name ? name : "[unknown]");
		else
			printf("    %s\n", name ? name : "[unknown]");
		*first = false;
	}
}

struct stack_count {
	struct key_t key;
	__u64 count;
};

static int by_count(const void *a, const void *b)
{
	const struct stack_count *x = a, *y = b;
	return x->count < y->count ? -1 : x->count > y->count;
}

/* Every stack counted, fewest samples first (the busiest end the output). */
static int print_counts(struct profile_bpf *skel, const struct ksyms *ksyms, struct syms_cache *syms_cache)
{
	int counts_fd = bpf_map__fd(skel->maps.counts), stackmap_fd = bpf_map__fd(skel->maps.stackmap);
	size_t n = 0, room = bpf_map__max_entries(skel->maps.counts);
	struct stack_count *stacks = calloc(room, sizeof(*stacks));
	struct key_t key, *prev = NULL;

	if (!stacks) {
		fprintf(stderr, "profile: out of memory\n");
		return -ENOMEM;
	}
	while (n < room && !bpf_map_get_next_key(counts_fd, prev, &key)) {
		stacks[n].key = key;
		prev = &stacks[n].key;
		/* An entry gone since: its slot is taken by the next one. */
		if (!bpf_map_lookup_elem(counts_fd, &key, &stacks[n].count))
			n++;
	}
	qsort(stacks, n, sizeof(*stacks), by_count);

	for (size_t i = 0; i < n; i++) {
		const struct key_t *k = &stacks[i].key;
		const struct syms *syms = syms_cache__get_syms(syms_cache, k->pid);
		bool first = true;
		if (env.folded) {
			/* comm;user frames;kernel frames count, outermost first. */
			printf("%s", k->comm);
			first = false;
			print_stack(stackmap_fd, k->user_stack_id, true, syms, ksyms, &first);
			print_stack(stackmap_fd, k->kernel_stack_id, false, syms, ksyms, &first);
			printf(" %llu\n", (unsigned long long)stacks[i].count);
		} else {
			print_stack(stackmap_fd, k->kernel_stack_id, false, syms, ksyms, &first);
			if (k->kernel_stack_id >= 0 && k->user_stack_id >= 0)
				printf("    --\n");
			print_stack(stackmap_fd, k->user_stack_id, true, syms, ksyms, &first);
			printf("    -                %s (%u)\n        %llu\n\n", k->comm, k->pid,
			       (unsigned long long)stacks[i].count);
		}
	}
	free(stacks);
	return 0;
}

/* A CPU clock event per CPU, sampling at env.frequency, each running the
 * program (libbpf-tools' way: perf_event_open, then
 * bpf_program__attach_perf_event). */
static int attach_per_cpu(struct profile_bpf *skel, struct bpf_link **links, int nr_cpus)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_freq = env.frequency,
		.freq = 1,
	};
	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		int fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, 0);
		if (fd < 0) {
			/* A CPU that is possible but offline has no events. */
			if (errno == ENODEV)
				continue;
			fprintf(stderr, "profile: failed to open a perf event on CPU %d: %s\n", cpu, strerror(errno));
			return -errno;
		}
		links[cpu] = bpf_program__attach_perf_event(skel->progs.do_sample, fd);
		if (!links[cpu]) {
			int err = -errno;
			fprintf(stderr, "profile: failed to attach on CPU %d: %s\n", cpu, libbpf_wasm_last_error());
			close(fd);
			return err;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct syms_cache *syms_cache = NULL;
	struct ksyms *ksyms = NULL;
	struct bpf_link **links = NULL;
	struct profile_bpf *skel;
	int err, nr_cpus;

	if (parse_args(argc, argv))
		return 1;

	nr_cpus = libbpf_num_possible_cpus();
	if (nr_cpus < 0) {
		fprintf(stderr, "profile: failed to get the number of CPUs: %s\n", strerror(-nr_cpus));
		return 1;
	}
	skel = profile_bpf__open();
	if (!skel) {
		fprintf(stderr, "profile: failed to open BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->rodata->target_tgid = env.pid;
	skel->rodata->user_stacks_only = env.user_stacks_only;
	skel->rodata->kernel_stacks_only = env.kernel_stacks_only;
	skel->rodata->include_idle = env.include_idle;
	err = profile_bpf__load(skel);
	if (err) {
		fprintf(stderr, "profile: failed to load BPF skeleton: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	/* Kernel symbols are needed only for kernel frames (and need
	 * --allow kernel-symbols). */
	if (!env.user_stacks_only && !(ksyms = ksyms__load())) {
		err = -errno;
		fprintf(stderr, "profile: failed to load kernel symbols: %s\n", strerror(errno));
		goto cleanup;
	}
	syms_cache = syms_cache__new(0);
	links = calloc(nr_cpus, sizeof(*links));
	if (!syms_cache || !links) {
		err = -ENOMEM;
		fprintf(stderr, "profile: out of memory\n");
		goto cleanup;
	}
	err = attach_per_cpu(skel, links, nr_cpus);
	if (err)
		goto cleanup;

	signal(SIGINT, sig_handler);
	if (!env.folded) {
		if (env.pid)
			printf("Sampling PID %ld at %ld Hz", env.pid, env.frequency);
		else
			printf("Sampling every process at %ld Hz", env.frequency);
		if (env.duration < 99999999)
			printf(" for %ld s.\n", env.duration);
		else
			printf("... Hit Ctrl-C to end.\n");
	}
	/* Ends early at Ctrl-C. */
	sleep(env.duration);

	err = print_counts(skel, ksyms, syms_cache);

cleanup:
	if (links) {
		for (int cpu = 0; cpu < nr_cpus; cpu++)
			bpf_link__destroy(links[cpu]);
		free(links);
	}
	profile_bpf__destroy(skel);
	syms_cache__free(syms_cache);
	ksyms__free(ksyms);
	return err < 0 ? -err : 0;
}
