// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* link_update PORT: an XDP link on lo whose program is replaced while
 * packets arrive. conformance/bpf/attach.bpf.c's count_xdp and
 * count_xdp_replacement count the UDP packets to PORT (7-byte payloads)
 * in their own slots; the test sends 2 packets after `ready`, 3 after
 * `again` (bpf_link__update_program made the link run the replacement),
 * 1 after `back` (bpf_link_update, by handles, made it run count_xdp
 * again). A tracepoint link, which no kernel link update reaches, and a
 * program of another object are refused. */
#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.skel.h"

/* attach.bpf.c's slots. */
enum { SLOT_TP = 0, SLOT_XDP = 6, SLOT_XDP_REPLACEMENT = 11 };

static unsigned long long count(struct attach_bpf *skel, __u32 slot)
{
	unsigned long long n = 0;
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.counts), &slot, &n);
	return n;
}

/* Waits until `slot` counted `want` (at most 10 s), then 200 ms more for
 * packets beyond it. */
static void wait_for(struct attach_bpf *skel, __u32 slot, unsigned long long want)
{
	for (int i = 0; i < 1000 && count(skel, slot) < want; i++)
		usleep(10000);
	usleep(200000);
}

static void counts(struct attach_bpf *skel)
{
	printf("count_xdp %llu, count_xdp_replacement %llu\n", count(skel, SLOT_XDP), count(skel, SLOT_XDP_REPLACEMENT));
}

static struct attach_bpf *open_and_load(int port)
{
	struct attach_bpf *skel = attach_bpf__open();
	if (!skel)
		return NULL;
	/* Only the programs used: the others need more of the policy. */
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, prog == skel->progs.count_xdp || prog == skel->progs.count_xdp_replacement ||
							prog == skel->progs.count_tp || prog == skel->progs.count_tp_any);
	skel->rodata->port = (__u16)port;
	skel->rodata->payload_len = 7;
	if (attach_bpf__load(skel)) {
		attach_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: link_update PORT\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct attach_bpf *skel = open_and_load(atoi(argv[1]));
	if (!skel) {
		fprintf(stderr, "failed to load: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	struct bpf_link *link = bpf_program__attach_xdp(skel->progs.count_xdp, (int)if_nametoindex("lo"));
	if (!link) {
		fprintf(stderr, "attach_xdp lo: %d %s\n", -errno, libbpf_wasm_last_error());
		return 1;
	}
	printf("ready\n");
	wait_for(skel, SLOT_XDP, 2);
	counts(skel);
	printf("update_program: %d\n", bpf_link__update_program(link, skel->progs.count_xdp_replacement));
	printf("again\n");
	wait_for(skel, SLOT_XDP_REPLACEMENT, 3);
	counts(skel);
	printf("bpf_link_update: %d\n", bpf_link_update(bpf_link__fd(link), bpf_program__fd(skel->progs.count_xdp), NULL));
	printf("back\n");
	wait_for(skel, SLOT_XDP, 3);
	counts(skel);

	struct attach_bpf *other = open_and_load(atoi(argv[1]) + 1);
	int ret = other ? bpf_link__update_program(link, other->progs.count_xdp) : -1;
	printf("another object's program: %d (%s)\n", ret, libbpf_wasm_last_error());
	struct bpf_link *tp = bpf_program__attach(skel->progs.count_tp);
	ret = tp ? bpf_link__update_program(tp, skel->progs.count_tp_any) : -1;
	printf("a tracepoint link: %d (%s)\n", ret, libbpf_wasm_last_error());
	bpf_link__destroy(tp);
	bpf_link__destroy(link);
	attach_bpf__destroy(other);
	attach_bpf__destroy(skel);
	return 0;
}
