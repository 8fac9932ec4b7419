// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tasks: lists processes, like ps, through a BPF task iterator: attach
 * the iter/task program, bpf_iter_create a run of it, read() the
 * struct task_info records it writes, print one line each. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "tasks.h"
#include "tasks.skel.h"

static struct env {
	bool kthreads;
	int pid;
	bool verbose;
} env;

const char *argp_program_version = "tasks 0.1";
const char argp_program_doc[] = "List processes through a BPF task iterator.\n"
				"\n"
				"USAGE: tasks [-k] [-p PID] [-v]\n"
				"\n"
				"EXAMPLES:\n"
				"    tasks          # every user-space process\n"
				"    tasks -k       # kernel threads too\n"
				"    tasks -p 181   # process 181 only\n";

static const struct argp_option opts[] = {
	{ "kthreads", 'k', NULL, 0, "Include kernel threads", 0 },
	{ "pid", 'p', "PID", 0, "Only this process", 0 },
	{ "verbose", 'v', NULL, 0, "Verbose debug output", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'k':
		env.kthreads = true;
		break;
	case 'p':
		errno = 0;
		env.pid = (int)strtol(arg, NULL, 10);
		if (errno || env.pid <= 0) {
			fprintf(stderr, "Invalid PID: %s\n", arg);
			argp_usage(state);
		}
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

/* Reads the whole run: records may be split across reads. */
static int print_tasks(int iter_fd)
{
	struct task_info info;
	size_t have = 0;
	ssize_t n;

	printf("%-7s %-7s %-6s %-7s %s\n", "PID", "PPID", "UID", "THREADS", "COMM");
	while ((n = read(iter_fd, (char *)&info + have, sizeof(info) - have)) > 0) {
		have += (size_t)n;
		if (have < sizeof(info))
			continue;
		printf("%-7d %-7d %-6u %-7u %s\n", info.pid, info.ppid, info.uid, info.threads, info.comm);
		have = 0;
	}
	return n < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.doc = argp_program_doc,
	};
	struct tasks_bpf *obj;
	struct bpf_link *link = NULL;
	int iter_fd = -1, err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	libbpf_set_print(libbpf_print_fn);

	obj = tasks_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->show_kthreads = env.kthreads;
	err = tasks_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}

	union bpf_iter_link_info linfo;
	memset(&linfo, 0, sizeof(linfo));
	linfo.task.pid = env.pid;
	LIBBPF_OPTS(bpf_iter_attach_opts, iter_opts, .link_info = &linfo, .link_info_len = sizeof(linfo));
	link = bpf_program__attach_iter(obj->progs.dump_task, env.pid ? &iter_opts : NULL);
	if (!link) {
		err = -errno;
		fprintf(stderr, "failed to attach the iterator: %d\n", err);
		goto cleanup;
	}
	iter_fd = bpf_iter_create(bpf_link__fd(link));
	if (iter_fd < 0) {
		err = -errno;
		fprintf(stderr, "failed to create the iterator: %d\n", err);
		goto cleanup;
	}
	err = print_tasks(iter_fd);
	if (err)
		fprintf(stderr, "failed to read the iterator: %d\n", err);

cleanup:
	if (iter_fd >= 0)
		close(iter_fd);
	bpf_link__destroy(link);
	tasks_bpf__destroy(obj);
	return err != 0;
}
