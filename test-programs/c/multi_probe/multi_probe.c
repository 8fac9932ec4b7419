// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* multi_probe BINARY PID OFFSET: uprobe multi-links the libbpf way
 * (bpf_program__attach_uprobe_multi; the object is
 * test-programs/bpf/multi_probe.bpf.c). One link puts the entry program
 * on functions wbt_multi_a, _b and _c of BINARY in process PID, with
 * cookies 1, 2 and 3; another on the function at file offset OFFSET with
 * cookie 7; a third the return program on every function matching
 * wbt_multi_?. After "ready" it waits (up to 30 s) until the test made
 * its calls (a once, b twice, c three times: c is at OFFSET), then
 * prints the calls by cookie. Built as a guest and natively (against
 * libbpf 1.7); the kernel test compares the lines.
 * multi_probe session BINARY PID: a session probe (Linux 6.13) on
 * wbt_multi_a, _b and _c with cookies 1, 2 and 3: after "ready", the
 * entries by cookie and the returns by the value each entry left them;
 * then the attaches libbpf and the kernel refuse, by errno.
 * multi_probe kpattern PATTERN...: attaches the kprobe.multi program by
 * each pattern (bpf_program__attach_kprobe_multi_opts) and prints
 * "PATTERN: ok" or "PATTERN: -ERRNO". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "multi_probe.skel.h"

/* multi_probe.bpf.c's marks of returns and sessions in its cookie-keyed
 * counts. */
#define RETURN 0x100000000ULL
#define SESSION 0x200000000ULL

static __u64 hits(struct multi_probe_bpf *skel, __u64 cookie)
{
	__u64 n = 0;

	bpf_map__lookup_elem(skel->maps.hits, &cookie, sizeof(cookie), &n, sizeof(n), 0);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Prints "WHAT: ok" or "WHAT: -ERRNO" for an attach, and detaches. */
static void attach_outcome(const char *what, struct bpf_link *link)
{
	if (link)
		printf("%s: ok\n", what);
	else
		printf("%s: %d\n", what, -errno);
	bpf_link__destroy(link);
}

static int kernel_patterns(int count, char **patterns)
{
	struct multi_probe_bpf *skel = multi_probe_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	bpf_program__set_autoload(skel->progs.kernel_entry, true);
	int err = multi_probe_bpf__load(skel);
	if (err) {
		printf("load: %d\n", err);
		return 1;
	}
	for (int i = 0; i < count; i++) {
		attach_outcome(patterns[i], bpf_program__attach_kprobe_multi_opts(skel->progs.kernel_entry, patterns[i], NULL));
	}
	multi_probe_bpf__destroy(skel);
	return 0;
}

static int sessions(const char *binary, pid_t pid)
{
	struct multi_probe_bpf *skel = multi_probe_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	skel->rodata->target_tgid = pid;
	bpf_program__set_autoload(skel->progs.session_probe, true);
	bpf_program__set_autoload(skel->progs.multi_entry, true);
	int err = multi_probe_bpf__load(skel);
	if (err) {
		printf("load: %d\n", err);
		return 1;
	}
	const char *syms[] = { "wbt_multi_a", "wbt_multi_b", "wbt_multi_c" };
	const __u64 cookies[] = { 1, 2, 3 };
	LIBBPF_OPTS(bpf_uprobe_multi_opts, opts, .syms = syms, .cookies = cookies, .cnt = 3, .session = true);
	struct bpf_link *link = bpf_program__attach_uprobe_multi(skel->progs.session_probe, pid, binary, NULL, &opts);
	if (!link) {
		printf("attaching the session: %d\n", -errno);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);

	for (int waited = 0; waited < 30000 && hits(skel, 3 | SESSION | RETURN) < 3; waited += 10)
		sleep_ms(10);
	sleep_ms(200);
	printf("session entries by cookie: 1: %llu, 2: %llu, 3: %llu\n", hits(skel, 1 | SESSION), hits(skel, 2 | SESSION),
	       hits(skel, 3 | SESSION));
	printf("session returns by the entry's value: 1: %llu, 2: %llu, 3: %llu\n", hits(skel, 1 | SESSION | RETURN),
	       hits(skel, 2 | SESSION | RETURN), hits(skel, 3 | SESSION | RETURN));
	bpf_link__destroy(link);

	LIBBPF_OPTS(bpf_uprobe_multi_opts, both, .session = true, .retprobe = true);
	attach_outcome("a session with retprobe",
		       bpf_program__attach_uprobe_multi(skel->progs.session_probe, pid, binary, "wbt_multi_?", &both));
	attach_outcome("a session program without session",
		       bpf_program__attach_uprobe_multi(skel->progs.session_probe, pid, binary, "wbt_multi_?", NULL));
	LIBBPF_OPTS(bpf_uprobe_multi_opts, session, .session = true);
	attach_outcome("a uprobe.multi program as a session",
		       bpf_program__attach_uprobe_multi(skel->progs.multi_entry, pid, binary, "wbt_multi_?", &session));
	multi_probe_bpf__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "kpattern"))
		return kernel_patterns(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "session"))
		return sessions(argv[2], atoi(argv[3]));
	if (argc != 4) {
		fprintf(stderr, "usage: %s BINARY PID OFFSET | session BINARY PID | kpattern PATTERN...\n", argv[0]);
		return 2;
	}
	const char *binary = argv[1];
	pid_t pid = atoi(argv[2]);
	unsigned long offset = strtoul(argv[3], NULL, 0);

	struct multi_probe_bpf *skel = multi_probe_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	skel->rodata->target_tgid = pid;
	bpf_program__set_autoload(skel->progs.multi_entry, true);
	bpf_program__set_autoload(skel->progs.multi_return, true);
	int err = multi_probe_bpf__load(skel);
	if (err) {
		printf("load: %d\n", err);
		return 1;
	}

	const char *syms[] = { "wbt_multi_a", "wbt_multi_b", "wbt_multi_c" };
	const __u64 sym_cookies[] = { 1, 2, 3 };
	LIBBPF_OPTS(bpf_uprobe_multi_opts, by_symbol, .syms = syms, .cookies = sym_cookies, .cnt = 3);
	const __u64 offset_cookie = 7;
	LIBBPF_OPTS(bpf_uprobe_multi_opts, by_offset, .offsets = &offset, .cookies = &offset_cookie, .cnt = 1);
	LIBBPF_OPTS(bpf_uprobe_multi_opts, returns, .retprobe = true);
	struct bpf_link *links[] = {
		bpf_program__attach_uprobe_multi(skel->progs.multi_entry, pid, binary, NULL, &by_symbol),
		bpf_program__attach_uprobe_multi(skel->progs.multi_entry, pid, binary, NULL, &by_offset),
		bpf_program__attach_uprobe_multi(skel->progs.multi_return, pid, binary, "wbt_multi_?", &returns),
	};
	for (int i = 0; i < 3; i++) {
		if (!links[i]) {
			printf("attaching link %d: %d\n", i, -errno);
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);

	for (int waited = 0; waited < 30000 && (hits(skel, 3) < 3 || hits(skel, RETURN) < 6); waited += 10)
		sleep_ms(10);
	sleep_ms(200);
	printf("entries by cookie: 1: %llu, 2: %llu, 3: %llu\n", hits(skel, 1), hits(skel, 2), hits(skel, 3));
	printf("entries at the offset (cookie 7): %llu\n", hits(skel, 7));
	printf("returns by pattern (cookie 0): %llu\n", hits(skel, RETURN));
	printf("entries without a cookie: %llu\n", hits(skel, 0));

	for (int i = 0; i < 3; i++)
		bpf_link__destroy(links[i]);
	multi_probe_bpf__destroy(skel);
	return 0;
}
