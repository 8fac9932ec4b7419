/* xdp: counts the packets and bytes arriving on a network interface by
 * IP protocol with an XDP program, and prints the totals since it was
 * attached every interval, as a wasi:bpf guest.
 *
 * Usage: xdp [-S] [-i INTERVAL_S] [-c COUNT] IFNAME */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types xdp.bpf.c keeps to itself. */
#include "xdp.types.h"
#include "xdp.skel.h"

#include "../include/interval_tool.h"
#include "../include/proto_totals.h"

static struct {
	const char *ifname;
	__u32 xdp_flags;
	struct interval interval;
} env = { .interval = { .seconds = 1 } };

static void usage(FILE *out)
{
	fprintf(out, "usage: xdp [-S] [-i INTERVAL_S] [-c COUNT] IFNAME\n"
		     "Counts the packets arriving on IFNAME by IP protocol; prints the totals every interval.\n"
		     "  -S             attach in generic (skb) mode (default: the mode the kernel chooses)\n"
		     "  -i INTERVAL_S  seconds between two lines (default: 1)\n"
		     "  -c COUNT       exit after COUNT lines (default: run until Ctrl-C)\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "Si:c:h")) != -1) {
		switch (opt) {
		case 'S':
			env.xdp_flags = XDP_FLAGS_SKB_MODE;
			break;
		case 'i':
		case 'c':
			if (interval_option("xdp", opt, optarg, &env.interval))
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return -1;
	}
	env.ifname = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	struct proto_totals totals = { 0 };
	struct xdp_bpf *skel;
	int err;

	if (parse_args(argc, argv))
		return 1;

	skel = xdp_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "xdp: failed to open and load BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->links.xdp_count_proto = bpf_program__attach_xdp_ifname(skel->progs.xdp_count_proto, env.ifname,
								      env.xdp_flags);
	if (!skel->links.xdp_count_proto) {
		err = -errno;
		fprintf(stderr, "xdp: failed to attach to %s: %s\n", env.ifname, libbpf_wasm_last_error());
		goto cleanup;
	}
	err = proto_totals_init(&totals, "xdp", skel->maps.stats);
	if (err)
		goto cleanup;

	printf("Counting packets arriving on %s (XDP, %s) every %ld s; Ctrl-C to stop.\n", env.ifname,
	       env.xdp_flags & XDP_FLAGS_SKB_MODE ? "generic mode" : "mode chosen by the kernel", env.interval.seconds);
	for (long n = 0; interval_wait(&env.interval, &n);) {
		err = proto_totals_print(&totals, env.ifname, 0);
		if (err)
			goto cleanup;
	}
	err = 0;

cleanup:
	proto_totals_free(&totals);
	xdp_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
