// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pgidcount [-c CG] [-k] -p PID -a PID -n N: a test tool written the way
 * libbpf-tools write theirs, to port with include and build changes only:
 * - feature probes (trace_helpers.h): fentry_can_attach, kprobe_exists,
 *   tracepoint_exists pick the programs it loads;
 * - fentry with a kprobe fallback: the fentry program's dummy section is
 *   retargeted with bpf_program__set_attach_target, or, with -k or where
 *   fentry cannot attach, the kprobe program is attached by name; the
 *   other has bpf_program__set_autoload(..., false);
 * - `-c CG`: only tasks under cgroup CG count, through a cgroup array
 *   holding the open()ed cgroup's fd (bpf_map_update_elem);
 * - live globals: the pid to count is written into .bss after attach, and
 *   the counters are read and reset there while the programs run.
 * Counts do_getpgid(PID) calls until N are in (also seen by the syscall
 * tracepoint), prints them, then counts do_getpgid(PID of -a) the same.
 * Built as a guest and natively (the system's libbpf); the kernel test
 * compares the lines. */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pgidcount.skel.h"
#include "trace_helpers.h"

/* The kernel function traced: the getpgid syscall's, which fentry and
 * kprobes can both attach on the kernels tested. */
#define TRACED_FUNCTION "do_getpgid"
/* After the wanted count is reached, how long later calls may still land
 * (and be counted, making the count wrong). */
#define SETTLE_US 200000

static struct env {
	const char *cgroup;
	bool force_kprobe;
	int first_pid;
	int second_pid;
	unsigned long long calls;
} env;

static const struct argp_option opts[] = {
	{ "cgroup", 'c', "/sys/fs/cgroup/unified", 0, "Trace process in cgroup path", 0 },
	{ "kprobe", 'k', NULL, 0, "Use a kprobe even where fentry can attach", 0 },
	{ "pid", 'p', "PID", 0, "The getpgid() argument to count first", 0 },
	{ "again", 'a', "PID", 0, "The getpgid() argument to count next", 0 },
	{ "calls", 'n', "N", 0, "Calls to wait for, each time", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'c':
		env.cgroup = arg;
		break;
	case 'k':
		env.force_kprobe = true;
		break;
	case 'p':
		env.first_pid = atoi(arg);
		break;
	case 'a':
		env.second_pid = atoi(arg);
		break;
	case 'n':
		env.calls = strtoull(arg, NULL, 10);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* Waits until both programs counted env.calls calls (at most 30 s), lets
 * later ones land, and prints the counts. */
static void count(struct pgidcount_bpf *obj, int pid)
{
	for (int i = 0; i < 3000; i++) {
		if (obj->bss->function_calls >= env.calls && obj->bss->tracepoint_calls >= env.calls)
			break;
		usleep(10000);
	}
	usleep(SETTLE_US);
	printf("do_getpgid(%d): function %llu, tracepoint %llu\n", pid, (unsigned long long)obj->bss->function_calls,
	       (unsigned long long)obj->bss->tracepoint_calls);
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
	};
	struct pgidcount_bpf *obj;
	int err, cgfd = -1;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	if (!env.first_pid || !env.second_pid || !env.calls) {
		fprintf(stderr, "-p, -a and -n are required\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	bool fentry = fentry_can_attach(TRACED_FUNCTION, NULL);
	bool kprobe = kprobe_exists(TRACED_FUNCTION);
	bool tracepoint = tracepoint_exists("syscalls", "sys_enter_getpgid");
	printf("fentry_can_attach(%s): %d\n", TRACED_FUNCTION, fentry);
	printf("kprobe_exists(%s): %d\n", TRACED_FUNCTION, kprobe);
	printf("tracepoint_exists(syscalls, sys_enter_getpgid): %d\n", tracepoint);
	bool use_fentry = fentry && !env.force_kprobe;
	if ((!use_fentry && !kprobe) || !tracepoint) {
		fprintf(stderr, "%s can be traced neither by fentry nor by a kprobe, or no getpgid tracepoint\n",
			TRACED_FUNCTION);
		return 1;
	}

	obj = pgidcount_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->filter_cg = env.cgroup != NULL;
	if (use_fentry) {
		err = bpf_program__set_attach_target(obj->progs.count_fentry, 0, TRACED_FUNCTION);
		if (err) {
			fprintf(stderr, "failed to set the fentry attach target: %d\n", err);
			goto cleanup;
		}
	}
	bpf_program__set_autoload(obj->progs.count_fentry, use_fentry);
	bpf_program__set_autoload(obj->progs.count_kprobe, !use_fentry);

	err = pgidcount_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}

	if (env.cgroup) {
		int idx = 0;

		cgfd = open(env.cgroup, O_RDONLY);
		if (cgfd < 0) {
			err = -errno;
			fprintf(stderr, "failed opening cgroup %s: %d\n", env.cgroup, err);
			goto cleanup;
		}
		err = bpf_map_update_elem(bpf_map__fd(obj->maps.cgroup_map), &idx, &cgfd, BPF_ANY);
		if (err) {
			err = -errno;
			fprintf(stderr, "failed adding cgroup %s to the map: %d\n", env.cgroup, err);
			goto cleanup;
		}
	}

	if (use_fentry) {
		obj->links.count_fentry = bpf_program__attach(obj->progs.count_fentry);
	} else {
		obj->links.count_kprobe = bpf_program__attach_kprobe(obj->progs.count_kprobe, false, TRACED_FUNCTION);
	}
	if (!obj->links.count_fentry && !obj->links.count_kprobe) {
		err = -errno;
		fprintf(stderr, "failed to attach %s to %s: %d\n", use_fentry ? "fentry" : "a kprobe", TRACED_FUNCTION,
			err);
		goto cleanup;
	}
	obj->links.count_tracepoint = bpf_program__attach(obj->progs.count_tracepoint);
	if (!obj->links.count_tracepoint) {
		err = -errno;
		fprintf(stderr, "failed to attach the tracepoint: %d\n", err);
		goto cleanup;
	}

	/* Live .bss writes: counting starts now, with the programs running. */
	obj->bss->wanted_pid = env.first_pid;
	/* (A guest's globals reach the kernel at its next wait.) */
	usleep(1000);
	printf("tracing %s with %s%s\n", TRACED_FUNCTION, use_fentry ? "fentry" : "a kprobe",
	       env.cgroup ? " in the cgroup" : "");
	count(obj, env.first_pid);

	obj->bss->wanted_pid = env.second_pid;
	obj->bss->function_calls = 0;
	obj->bss->tracepoint_calls = 0;
	usleep(1000);
	printf("again\n");
	count(obj, env.second_pid);

cleanup:
	pgidcount_bpf__destroy(obj);
	if (cgfd >= 0)
		close(cgfd);
	return err != 0;
}
