// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* stacks PID [file | /PATH]: the kernel and user stacks of PID's next
 * getppid() call, symbolized the libbpf-tools way (profile, offcputime):
 *   kernel:
 *     0xADDR SYMBOL+0xOFF
 *   user:
 *     0xADDR SYMBOL+0xOFF (FILE)     or  0xADDR [unknown] (FILE+0xOFF)
 * then exits. The user symbols come from syms_cache__get_syms; with
 * `file`, from syms__load_file("/proc/PID/maps"), with /PATH from
 * syms__load_file(PATH). Errors of ksyms__load, syms_cache__get_syms
 * and syms__load_file are printed with strerror, as the tools do. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "trace_helpers.h"
#include "stacks.h"
#include "stacks.skel.h"

#define MAX_STACK_DEPTH 127

static struct stacks_bpf *skel;
static struct ksyms *ksyms;
static struct syms_cache *syms_cache;
/* syms__load_file's, with `file` or /PATH. */
static struct syms *file_syms;
static int done;

static void print_stack(const struct stacks_event *e, int stack_id, bool user)
{
	__u64 ips[MAX_STACK_DEPTH] = { 0 };

	printf("%s:\n", user ? "user" : "kernel");
	if (stack_id < 0 || bpf_map_lookup_elem(bpf_map__fd(skel->maps.stackmap), &stack_id, ips)) {
		printf("  [missed: %d]\n", stack_id);
		return;
	}
	struct syms *syms = user ? (file_syms ? file_syms : syms_cache__get_syms(syms_cache, (int)e->pid)) : NULL;
	if (user && !syms) {
		printf("  syms_cache__get_syms: %s\n", strerror(errno));
		return;
	}
	for (int i = 0; i < MAX_STACK_DEPTH && ips[i]; i++) {
		if (!user) {
			const struct ksym *ksym = ksyms__map_addr(ksyms, ips[i]);
			if (ksym)
				printf("  0x%llx %s+0x%llx\n", ips[i], ksym->name, ips[i] - ksym->addr);
			else
				printf("  0x%llx [unknown]\n", ips[i]);
			continue;
		}
		struct sym_info sinfo;
		if (syms__map_addr_dso(syms, ips[i], &sinfo))
			printf("  0x%llx [unknown]\n", ips[i]);
		else if (sinfo.sym_name)
			printf("  0x%llx %s+0x%llx (%s)\n", ips[i], sinfo.sym_name, sinfo.sym_offset, sinfo.dso_name);
		else
			printf("  0x%llx [unknown] (%s+0x%llx)\n", ips[i], sinfo.dso_name, sinfo.dso_offset);
	}
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct stacks_event *e = data;

	print_stack(e, e->kernel_stack_id, false);
	print_stack(e, e->user_stack_id, true);
	done = 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	int err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	char path[32];
	const char *maps = NULL;
	if (argc == 3 && !strcmp(argv[2], "file")) {
		/* As libbpf-tools' syms__load_pid names it. */
		snprintf(path, sizeof(path), "/proc/%d/maps", atoi(argv[1]));
		maps = path;
	} else if (argc == 3 && argv[2][0] == '/') {
		maps = argv[2];
	} else if (argc != 2) {
		fprintf(stderr, "usage: stacks PID [file | /PATH]\n");
		return 1;
	}
	ksyms = ksyms__load();
	if (!ksyms) {
		printf("ksyms__load: %s\n", strerror(errno));
		return 1;
	}
	syms_cache = syms_cache__new(0);
	if (!syms_cache) {
		printf("syms_cache__new: %s\n", strerror(errno));
		goto cleanup;
	}
	/* A missing process fails here, as libbpf-tools' callers see it. */
	if (maps) {
		file_syms = syms__load_file(maps);
		if (!file_syms) {
			printf("syms__load_file: %s\n", strerror(errno));
			goto cleanup;
		}
	} else if (!syms_cache__get_syms(syms_cache, atoi(argv[1]))) {
		printf("syms_cache__get_syms: %s\n", strerror(errno));
		goto cleanup;
	}
	skel = stacks_bpf__open();
	if (!skel)
		goto cleanup;
	skel->rodata->target_tgid = (__u32)atoi(argv[1]);
	if (stacks_bpf__load(skel) || stacks_bpf__attach(skel))
		goto cleanup;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb)
		goto cleanup;
	printf("ready\n");
	while (!done) {
		int n = ring_buffer__poll(rb, 1000);
		if (n < 0 && n != -EINTR)
			goto cleanup;
	}
	err = 0;
cleanup:
	ring_buffer__free(rb);
	stacks_bpf__destroy(skel);
	syms_cache__free(syms_cache);
	syms__free(file_syms);
	ksyms__free(ksyms);
	return err;
}
