// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt: traces USDT probes (<sys/sdt.h>, `.note.stapsdt`) of a native
 * binary or library: attaches usdt.bpf.c's program to each
 * PROVIDER:NAME given with bpf_program__attach_usdt (its BPF cookie says
 * which probe fired) and prints a line per firing with the probe's
 * arguments, one of them read as a string with -s. */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "usdt.h"
#include "usdt.skel.h"

#define MAX_PROBES 16

static struct env {
	int pid;
	int string_arg;
	bool verbose;
	const char *binary;
	/* PROVIDER:NAME, split at the first colon. */
	char *providers[MAX_PROBES];
	char *names[MAX_PROBES];
	int nr_probes;
} env = { .pid = -1 };

static volatile sig_atomic_t exiting;

const char *argp_program_version = "usdt 0.1";
const char argp_program_doc[] = "Trace USDT probes of a binary or library, with their arguments.\n"
				"\n"
				"USAGE: usdt [-p PID] [-s ARG] [-v] BINARY PROVIDER:NAME [PROVIDER:NAME ...]\n"
				"\n"
				"EXAMPLES:\n"
				"    usdt /usr/sbin/app app:request          # every app:request of every process\n"
				"    usdt -s 3 /usr/sbin/app app:request     # its third argument as a string\n"
				"    usdt -p 181 /usr/lib/libx.so x:a x:b    # two probes of a library, in process 181\n";

static const struct argp_option opts[] = {
	{ "pid", 'p', "PID", 0, "Only this process", 0 },
	{ "string", 's', "ARG", 0, "Print argument ARG (from 1) as a string", 0 },
	{ "verbose", 'v', NULL, 0, "Verbose debug output", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static int positive(const char *arg, const char *what, struct argp_state *state)
{
	char *end;
	errno = 0;
	long value = strtol(arg, &end, 10);
	if (errno || *end || value <= 0 || value > 0x7fffffff) {
		fprintf(stderr, "Invalid %s: %s\n", what, arg);
		argp_usage(state);
	}
	return (int)value;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p':
		env.pid = positive(arg, "PID", state);
		break;
	case 's':
		env.string_arg = positive(arg, "argument", state);
		if (env.string_arg > MAX_ARGS) {
			fprintf(stderr, "Invalid argument: %s (a USDT probe has at most %d)\n", arg, MAX_ARGS);
			argp_usage(state);
		}
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		if (!env.binary) {
			env.binary = arg;
			break;
		}
		char *colon = strchr(arg, ':');
		if (!colon || colon == arg || !colon[1]) {
			fprintf(stderr, "Invalid probe: %s (PROVIDER:NAME)\n", arg);
			argp_usage(state);
		}
		if (env.nr_probes == MAX_PROBES) {
			fprintf(stderr, "Too many probes: at most %d\n", MAX_PROBES);
			argp_usage(state);
		}
		*colon = '\0';
		env.providers[env.nr_probes] = arg;
		env.names[env.nr_probes++] = colon + 1;
		break;
	case ARGP_KEY_END:
		if (!env.nr_probes)
			argp_usage(state);
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

static void sig_int(int signo)
{
	exiting = 1;
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;
	char ts[32], probe[64];
	time_t t = time(NULL);

	if (size < sizeof(*e) || e->probe >= (__u32)env.nr_probes)
		return 0;
	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
	snprintf(probe, sizeof(probe), "%s:%s", env.providers[e->probe], env.names[e->probe]);
	printf("%-8s %-7u %-7u %-16s %-20s", ts, e->pid, e->tid, e->comm, probe);
	for (__u32 i = 0; i < e->nargs; i++) {
		if ((int)i + 1 == env.string_arg)
			printf(" \"%s\"", e->str);
		else
			printf(" %lld", (long long)e->args[i]);
	}
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.args_doc = "BINARY PROVIDER:NAME...",
		.doc = argp_program_doc,
	};
	struct bpf_link *links[MAX_PROBES] = {};
	struct ring_buffer *rb = NULL;
	struct usdt_bpf *obj;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	libbpf_set_print(libbpf_print_fn);

	obj = usdt_bpf__open();
	if (!obj) {
		fprintf(stderr, "failed to open BPF object\n");
		return 1;
	}
	obj->rodata->string_arg = env.string_arg;
	err = usdt_bpf__load(obj);
	if (err) {
		fprintf(stderr, "failed to load BPF object: %d\n", err);
		goto cleanup;
	}
	for (int i = 0; i < env.nr_probes; i++) {
		LIBBPF_OPTS(bpf_usdt_opts, usdt_opts, .usdt_cookie = (__u64)i);
		links[i] = bpf_program__attach_usdt(obj->progs.handle_probe, env.pid, env.binary, env.providers[i],
						    env.names[i], &usdt_opts);
		if (!links[i]) {
			err = -errno;
			fprintf(stderr, "failed to attach to USDT probe %s:%s of %s: %d\n", env.providers[i],
				env.names[i], env.binary, err);
			goto cleanup;
		}
	}
	rb = ring_buffer__new(bpf_map__fd(obj->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "failed to create ring buffer: %d\n", err);
		goto cleanup;
	}
	if (signal(SIGINT, sig_int) == SIG_ERR) {
		fprintf(stderr, "can't set signal handler: %s\n", strerror(errno));
		err = 1;
		goto cleanup;
	}

	printf("%-8s %-7s %-7s %-16s %-20s %s\n", "TIME", "PID", "TID", "COMM", "PROBE", "ARGS");
	fflush(stdout);
	while (!exiting) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "error polling ring buffer: %d\n", err);
			goto cleanup;
		}
		/* reset err to return 0 if exiting */
		err = 0;
	}

cleanup:
	ring_buffer__free(rb);
	for (int i = 0; i < env.nr_probes; i++)
		bpf_link__destroy(links[i]);
	usdt_bpf__destroy(obj);
	return err != 0;
}
