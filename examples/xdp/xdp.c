/* xdp: counts the packets and bytes arriving on a network interface by
 * IP protocol with an XDP program, and prints the totals since it was
 * attached every interval, as a wasi:bpf guest.
 *
 * Usage: xdp [-S] [-i INTERVAL_S] [-c COUNT] IFNAME */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types xdp.bpf.c keeps to itself. */
#include "xdp.types.h"
#include "xdp.skel.h"

#include "../include/ip_proto.h"

#include "xdp.h"

static struct {
	const char *ifname;
	__u32 xdp_flags;
	long interval_s;
	long count;
} env = { .interval_s = 1 };

static void usage(FILE *out)
{
	fprintf(out, "usage: xdp [-S] [-i INTERVAL_S] [-c COUNT] IFNAME\n"
		     "Counts the packets arriving on IFNAME by IP protocol; prints the totals every interval.\n"
		     "  -S             attach in generic (skb) mode (default: the mode the kernel chooses)\n"
		     "  -i INTERVAL_S  seconds between two lines (default: 1)\n"
		     "  -c COUNT       exit after COUNT lines (default: run until Ctrl-C)\n");
}

static int parse_number(const char *arg, long min, long *out)
{
	char *end;
	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || *end || *out < min) {
		fprintf(stderr, "xdp: invalid number '%s'\n", arg);
		return -1;
	}
	return 0;
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
			if (parse_number(optarg, 1, &env.interval_s))
				return -1;
			break;
		case 'c':
			if (parse_number(optarg, 1, &env.count))
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

static const char *proto_name(unsigned proto, char *buf, size_t size)
{
	const char *name = proto == NON_IP_SLOT ? "non-IP" : ip_proto_name(proto);
	if (name)
		return name;
	snprintf(buf, size, "proto-%u", proto);
	return buf;
}

/* Sums `slot` of the stats map over the CPUs; `values` has room for one
 * value per possible CPU. */
static int read_slot(int map_fd, __u32 slot, void *values, size_t stride, int ncpus, struct datarec *sum)
{
	int err = bpf_map_lookup_elem(map_fd, &slot, values);
	if (err)
		return err;
	memset(sum, 0, sizeof(*sum));
	for (int cpu = 0; cpu < ncpus; cpu++) {
		const struct datarec *rec = (const void *)((const char *)values + cpu * stride);
		sum->packets += rec->packets;
		sum->bytes += rec->bytes;
	}
	return 0;
}

static int print_totals(int map_fd, void *values, size_t stride, int ncpus)
{
	static struct datarec sums[STATS_SLOTS];
	struct datarec total = { 0 };
	char buf[16];

	/* Every slot is read before anything is printed, so that a failed
	 * lookup leaves no half-printed line. */
	for (__u32 slot = 0; slot < STATS_SLOTS; slot++) {
		int err = read_slot(map_fd, slot, values, stride, ncpus, &sums[slot]);
		if (err) {
			fprintf(stderr, "xdp: failed to read slot %u: %s\n", slot, libbpf_wasm_last_error());
			return err;
		}
		total.packets += sums[slot].packets;
		total.bytes += sums[slot].bytes;
	}

	printf("%s:", env.ifname);
	for (unsigned slot = 0; slot < STATS_SLOTS; slot++) {
		/* The usual three always, anything else once seen. */
		if (slot == 1 || slot == 6 || slot == 17 || sums[slot].packets)
			printf(" %s %llu pkts %llu bytes,", proto_name(slot, buf, sizeof(buf)),
			       (unsigned long long)sums[slot].packets, (unsigned long long)sums[slot].bytes);
	}
	printf(" total %llu pkts %llu bytes\n", (unsigned long long)total.packets, (unsigned long long)total.bytes);
	return 0;
}

/* Sleeps in short steps: a signal ends the guest only once it runs wasm
 * code again, not while it waits in WASI. */
static void sleep_s(long seconds)
{
	const struct timespec step = { .tv_nsec = 100 * 1000 * 1000 };
	for (long i = 0; i < seconds * 10; i++)
		nanosleep(&step, NULL);
}

int main(int argc, char **argv)
{
	struct xdp_bpf *skel;
	void *values = NULL;
	int err, ncpus;
	size_t stride;

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

	/* Per-CPU values come as one value per possible CPU, each padded to
	 * 8 bytes, as libbpf lays them out. */
	ncpus = libbpf_num_possible_cpus();
	stride = (bpf_map__value_size(skel->maps.stats) + 7) & ~(size_t)7;
	values = calloc(ncpus, stride);
	if (!values) {
		err = -ENOMEM;
		fprintf(stderr, "xdp: out of memory\n");
		goto cleanup;
	}

	printf("Counting packets arriving on %s (XDP, %s) every %ld s; Ctrl-C to stop.\n", env.ifname,
	       env.xdp_flags & XDP_FLAGS_SKB_MODE ? "generic mode" : "mode chosen by the kernel", env.interval_s);
	for (long n = 0; !env.count || n < env.count; n++) {
		sleep_s(env.interval_s);
		err = print_totals(bpf_map__fd(skel->maps.stats), values, stride, ncpus);
		if (err)
			goto cleanup;
	}
	err = 0;

cleanup:
	free(values);
	xdp_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
