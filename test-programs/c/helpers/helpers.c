// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* helpers TID CALLS NAMES: the SDK's libbpf-tools helpers over a real BPF
 * program, written as a libbpf-tools tool is. Built twice from this one
 * source, as a guest and natively (gcc, glibc, libbpf, and the SDK's
 * helper sources compiled natively); the kernel test compares the lines.
 *
 * Counts thread TID's getpgid() calls until CALLS (str_to_int) are in,
 * then prints: the log2 histograms of their arguments (print_log2_hist,
 * ten- and twenty-column ranges) and a linear one (print_linear_hist);
 * the calls per argument (dump_hash, then dump_hash with delete, then
 * what is left); the ESRCH failures, looked up by errno_by_name("ESRCH");
 * whether the first call's bpf_ktime_get_ns() lies between two
 * get_ktime_ns() readings; errno_by_name of each comma-separated name
 * of NAMES (split_convert); and what str_to_int, str_to_long and
 * str_timestamp return. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "btf_helpers.h"
#include "errno_helpers.h"
#include "map_helpers.h"
#include "trace_helpers.h"
#include "helpers.h"
#include "helpers.skel.h"

#define MAX_ARGS 64
#define MAX_NAMES 16

static int to_errno(const char *src, void *dest)
{
	*(int *)dest = errno_by_name(src);
	return 0;
}

static int compare_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

/* dump_hash of `calls`, sorted by argument; returns the count. */
static int print_calls(int fd, bool delete, bool quiet)
{
	struct { __u32 key; __u64 value; } rows[MAX_ARGS];
	__u32 keys[MAX_ARGS], invalid = ~0U;
	__u64 values[MAX_ARGS];
	__u32 count = MAX_ARGS;

	if (dump_hash(fd, keys, sizeof(keys[0]), values, sizeof(values[0]), &count, &invalid, delete)) {
		printf("dump_hash: %s\n", strerror(errno));
		return -1;
	}
	for (__u32 i = 0; i < count; i++) {
		rows[i].key = keys[i];
		rows[i].value = values[i];
	}
	qsort(rows, count, sizeof(rows[0]), compare_u32);
	if (!quiet)
		for (__u32 i = 0; i < count; i++)
			printf("arg %u: %llu calls\n", rows[i].key, (unsigned long long)rows[i].value);
	return (int)count;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts);
	struct helpers_bpf *skel = NULL;
	unsigned long long before, after;
	int tid, expected, names[MAX_NAMES], err;
	struct hist hist;
	__u32 zero = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: helpers TID CALLS NAMES\n");
		return 1;
	}
	if (str_to_int(argv[1], &tid) || str_to_int(argv[2], &expected)) {
		fprintf(stderr, "bad number\n");
		return 1;
	}
	err = ensure_core_btf(&open_opts);
	if (err) {
		fprintf(stderr, "ensure_core_btf: %d\n", err);
		return 1;
	}
	skel = helpers_bpf__open_opts(&open_opts);
	if (!skel) {
		fprintf(stderr, "open: %s\n", strerror(errno));
		goto cleanup;
	}
	skel->rodata->target_tid = tid;
	err = helpers_bpf__load(skel);
	if (!err)
		err = helpers_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "load or attach: %d\n", err);
		goto cleanup;
	}
	before = get_ktime_ns();
	printf("ready\n");
	fflush(stdout);
	for (int i = 0; i < 3000; i++) {
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.hists), &zero, &hist)) {
			printf("lookup: %s\n", strerror(errno));
			err = 1;
			goto cleanup;
		}
		if (hist.calls >= (unsigned int)expected)
			break;
		usleep(10000);
	}
	after = get_ktime_ns();
	printf("calls: %u\n", hist.calls);

	print_log2_hist(hist.log2, LOG2_SLOTS, "arg");
	print_log2_hist(hist.wide, LOG2_SLOTS, "arg << 16");
	print_linear_hist(hist.linear, LINEAR_SLOTS, LINEAR_BASE, LINEAR_STEP, "arg");

	int fd = bpf_map__fd(skel->maps.calls);
	printf("dump_hash: %d arguments\n", print_calls(fd, false, false));
	printf("dump_hash, deleting: %d arguments\n", print_calls(fd, true, true));
	printf("dump_hash, after: %d arguments\n", print_calls(fd, false, false));

	/* Last: in a guest, this map's keys turn dump_hash to
	 * bpf_map_get_next_key for good (libbpf-tools' fallback). */
	struct big_key big_keys[MAX_ARGS], invalid;
	__u64 big_values[MAX_ARGS];
	__u32 big_count = MAX_ARGS;
	memset(&invalid, 0xff, sizeof(invalid));
	for (int pass = 0; pass < 3; pass++) {
		big_count = MAX_ARGS;
		if (dump_hash(bpf_map__fd(skel->maps.big_calls), big_keys, sizeof(big_keys[0]), big_values,
			      sizeof(big_values[0]), &big_count, &invalid, pass == 1)) {
			printf("dump_hash of big keys: %s\n", strerror(errno));
			break;
		}
		unsigned long long sum = 0;
		for (__u32 i = 0; i < big_count; i++)
			sum += big_values[i];
		printf("dump_hash of big keys%s: %u arguments, %llu calls\n",
		       pass == 1 ? ", deleting" : pass == 2 ? ", after" : "", big_count, sum);
	}

	__u32 esrch = errno_by_name("ESRCH"), failed = 0;
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.errors), &esrch, &failed) && errno != ENOENT)
		printf("lookup: %s\n", strerror(errno));
	printf("ESRCH (%u, %s): %u calls\n", esrch, strerror(esrch), failed);

	printf("first call within get_ktime_ns() readings: %s\n",
	       before <= hist.first_ns && hist.first_ns <= after ? "yes" : "no");

	char *list = strdup(argv[3]);
	int listed = split_convert(list, ",", names, sizeof(names), sizeof(names[0]), to_errno);
	free(list);
	if (listed) {
		printf("split_convert: %d\n", listed);
	} else {
		list = strdup(argv[3]);
		int i = 0;
		for (char *name = strtok(list, ","); name; name = strtok(NULL, ","))
			printf("errno_by_name(\"%s\") = %d\n", name, names[i++]);
		free(list);
	}
	/* More names than room. */
	char many[] = "EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM,EPERM";
	printf("split_convert of 17 names into 16: %d\n",
	       split_convert(many, ",", names, sizeof(names), sizeof(names[0]), to_errno));

	int i32;
	long l;
	char stamp[16];
	int ret = str_to_int("4294967298", &i32);
	printf("str_to_int(\"4294967298\"): %d, %d\n", ret, i32);
	ret = str_to_int("99999999999999999999", &i32);
	printf("str_to_int(\"99999999999999999999\"): %s\n", ret == ERANGE ? "ERANGE" : "no error");
	ret = str_to_long("-12", &l);
	printf("str_to_long(\"-12\"): %d, %ld\n", ret, l);
	printf("str_timestamp(\"%%H:%%M:%%S\"): %d\n", str_timestamp("%H:%M:%S", stamp, sizeof(stamp)));
	printf("str_timestamp into no room: %d\n", str_timestamp("%H:%M:%S", stamp, 0));
	err = 0;

cleanup:
	helpers_bpf__destroy(skel);
	cleanup_core_btf(&open_opts);
	return err != 0;
}
