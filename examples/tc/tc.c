/* tc: counts the packets and bytes of a network interface by IP protocol,
 * in each direction, with tc programs on tcx links (Linux 6.6) or on the
 * clsact qdisc's hooks, and prints the totals since it was attached every
 * interval, as a wasi:bpf guest.
 *
 * Usage: tc [-t] [-i INTERVAL_S] [-c COUNT] IFNAME */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types tc.bpf.c keeps to itself. */
#include "tc.types.h"
#include "tc.skel.h"

#include "../include/interval_tool.h"
#include "../include/proto_totals.h"

#include "tc.h"

static struct {
	const char *ifname;
	bool clsact;
	struct interval interval;
} env = { .interval = { .seconds = 1 } };

static void usage(FILE *out)
{
	fprintf(out, "usage: tc [-t] [-i INTERVAL_S] [-c COUNT] IFNAME\n"
		     "Counts the packets of IFNAME by direction and IP protocol; prints the totals every interval.\n"
		     "  -t             attach to the clsact qdisc's hooks (default: tcx links, Linux 6.6 and later)\n"
		     "  -i INTERVAL_S  seconds between two pairs of lines (default: 1)\n"
		     "  -c COUNT       exit after COUNT pairs of lines (default: run until Ctrl-C)\n");
}

static int parse_args(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "ti:c:h")) != -1) {
		switch (opt) {
		case 't':
			env.clsact = true;
			break;
		case 'i':
		case 'c':
			if (interval_option("tc", opt, optarg, &env.interval))
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

/* The two programs on tcx links: their direction is their expected attach
 * type, set before the load. */
static int attach_tcx(struct tc_bpf *skel, int ifindex)
{
	skel->links.count_ingress = bpf_program__attach_tcx(skel->progs.count_ingress, ifindex, NULL);
	if (!skel->links.count_ingress)
		return -errno;
	skel->links.count_egress = bpf_program__attach_tcx(skel->progs.count_egress, ifindex, NULL);
	if (!skel->links.count_egress)
		return -errno;
	return 0;
}

/* The clsact qdisc's hooks of the interface, and whether this tool made
 * each (then it removes it again). */
static struct bpf_tc_hook hooks[2];
static bool hook_created[2];

/* A filter on `hook` running `prog`, where the kernel chooses handle and
 * priority (`opts` gets them). */
static int attach_clsact(int i, int ifindex, enum bpf_tc_attach_point point, const struct bpf_program *prog,
			 struct bpf_tc_opts *opts)
{
	hooks[i] = (struct bpf_tc_hook){ .sz = sizeof(hooks[i]), .ifindex = ifindex, .attach_point = point };
	int err = bpf_tc_hook_create(&hooks[i]);
	if (err && err != -EEXIST)
		return err;
	hook_created[i] = !err;
	*opts = (struct bpf_tc_opts){ .sz = sizeof(*opts), .prog_fd = bpf_program__fd(prog) };
	return bpf_tc_attach(&hooks[i], opts);
}

static void detach_clsact(struct bpf_tc_opts *opts)
{
	for (int i = 0; i < 2; i++) {
		if (!hooks[i].sz)
			continue;
		if (opts[i].handle) {
			opts[i].flags = opts[i].prog_fd = opts[i].prog_id = 0;
			bpf_tc_detach(&hooks[i], &opts[i]);
		}
		if (hook_created[i])
			bpf_tc_hook_destroy(&hooks[i]);
	}
}

int main(int argc, char **argv)
{
	struct bpf_tc_opts filters[2] = { 0 };
	struct proto_totals totals = { 0 };
	char ingress[IF_NAMESIZE + 16], egress[IF_NAMESIZE + 16];
	struct tc_bpf *skel;
	int ifindex, err;

	if (parse_args(argc, argv))
		return 1;
	ifindex = if_nametoindex(env.ifname);
	if (!ifindex) {
		fprintf(stderr, "tc: no interface '%s'\n", env.ifname);
		return 1;
	}

	skel = tc_bpf__open();
	if (!skel) {
		fprintf(stderr, "tc: failed to open BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	if (!env.clsact) {
		bpf_program__set_expected_attach_type(skel->progs.count_ingress, BPF_TCX_INGRESS);
		bpf_program__set_expected_attach_type(skel->progs.count_egress, BPF_TCX_EGRESS);
	}
	err = tc_bpf__load(skel);
	if (err) {
		fprintf(stderr, "tc: failed to load BPF skeleton: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	if (env.clsact) {
		err = attach_clsact(0, ifindex, BPF_TC_INGRESS, skel->progs.count_ingress, &filters[0]);
		if (!err)
			err = attach_clsact(1, ifindex, BPF_TC_EGRESS, skel->progs.count_egress, &filters[1]);
	} else {
		err = attach_tcx(skel, ifindex);
	}
	if (err) {
		fprintf(stderr, "tc: failed to attach to %s: %s%s\n", env.ifname, libbpf_wasm_last_error(),
			env.clsact ? "" : " (before Linux 6.6, use -t)");
		goto cleanup;
	}
	err = proto_totals_init(&totals, "tc", skel->maps.stats);
	if (err)
		goto cleanup;

	snprintf(ingress, sizeof(ingress), "%s ingress", env.ifname);
	snprintf(egress, sizeof(egress), "%s egress", env.ifname);
	printf("Counting packets on %s in both directions (%s) every %ld s; Ctrl-C to stop.\n", env.ifname,
	       env.clsact ? "tc, clsact qdisc" : "tcx links", env.interval.seconds);
	for (long n = 0; interval_wait(&env.interval, &n);) {
		err = proto_totals_print(&totals, ingress, INGRESS_FIRST);
		if (!err)
			err = proto_totals_print(&totals, egress, EGRESS_FIRST);
		if (err)
			goto cleanup;
	}
	err = 0;

cleanup:
	proto_totals_free(&totals);
	detach_clsact(filters);
	tc_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
