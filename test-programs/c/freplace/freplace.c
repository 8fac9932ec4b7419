// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* freplace: an extension the libbpf way (the object is
 * test-programs/bpf/freplace.bpf.c, opened twice). The first copy loads
 * wbt_decide, an XDP program whose verdict its global function
 * wbt_verdict gives; the second copy loads the extension
 * wbt_replace_verdict, bound to that function with
 * bpf_program__set_attach_target(bpf_program__fd(target), ...). The
 * skeleton's attach puts it in place, bpf_link__destroy takes it away, and
 * bpf_program__attach_freplace puts it back (given the target: the one
 * it was loaded for went to the first attach); a test-run of wbt_decide
 * after each step prints its verdict (2 XDP_PASS, 3 XDP_TX). A kernel
 * that refuses extensions gives one line: "load: -ERRNO".
 * Built as a guest and natively; the kernel test compares the lines. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "freplace.skel.h"

/* wbt_decide's verdict on an Ethernet frame, or -errno. */
static int verdict(const struct bpf_program *decide)
{
	unsigned char frame[64];
	memset(frame, 0xff, 12);
	frame[12] = 0x08;
	frame[13] = 0x00;
	memset(frame + 14, 0, sizeof(frame) - 14);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame));
	int err = bpf_prog_test_run_opts(bpf_program__fd(decide), &opts);
	return err ? -errno : (int)opts.retval;
}

/* A copy of the object that loads `only`. */
static struct freplace_bpf *copy(const char *only)
{
	struct freplace_bpf *skel = freplace_bpf__open();
	if (!skel)
		return NULL;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, strcmp(bpf_program__name(prog), only) == 0);
	return skel;
}

int main(void)
{
	struct freplace_bpf *target = copy("wbt_decide"), *ext = copy("wbt_replace_verdict");
	struct bpf_link *again = NULL;
	int err = -1;

	libbpf_set_print(NULL);
	if (!target || !ext || freplace_bpf__load(target)) {
		fprintf(stderr, "freplace: opening or loading the target failed\n");
		goto out;
	}
	const struct bpf_program *decide = target->progs.wbt_decide;
	printf("own verdict: %d\n", verdict(decide));
	err = bpf_program__set_attach_target(ext->progs.wbt_replace_verdict, bpf_program__fd(decide), "wbt_verdict");
	if (err) {
		printf("set_attach_target: %d\n", err);
		goto out;
	}
	err = freplace_bpf__load(ext);
	if (err) {
		printf("load: %d\n", err);
		err = 0;
		goto out;
	}
	err = freplace_bpf__attach(ext);
	if (err) {
		printf("attach: %d\n", err);
		goto out;
	}
	printf("attached: %d\n", verdict(decide));
	bpf_link__destroy(ext->links.wbt_replace_verdict);
	ext->links.wbt_replace_verdict = NULL;
	printf("detached: %d\n", verdict(decide));
	again = bpf_program__attach_freplace(ext->progs.wbt_replace_verdict, bpf_program__fd(decide), "wbt_verdict");
	printf("attach_freplace: %d\n", again ? verdict(decide) : -errno);
	bpf_link__destroy(again);
	/* Where it was loaded for: the kernel gave that target to the first
	 * attach (the skeleton's), and takes none again: -EINVAL, natively too. */
	again = bpf_program__attach_freplace(ext->progs.wbt_replace_verdict, 0, NULL);
	printf("attach_freplace where it was loaded for, again: %d\n", again ? verdict(decide) : -errno);
	printf("a function without a target: %d\n",
	       bpf_program__attach_freplace(ext->progs.wbt_replace_verdict, 0, "wbt_verdict") ? 0 : -errno);
	printf("no extension: %d\n", bpf_program__attach_freplace(decide, bpf_program__fd(decide), "wbt_verdict") ? 0 : -errno);
	printf("no extension, no target: %d\n", bpf_program__attach_freplace(decide, 0, NULL) ? 0 : -errno);
	err = 0;
out:
	bpf_link__destroy(again);
	freplace_bpf__destroy(ext);
	freplace_bpf__destroy(target);
	return err ? 1 : 0;
}
