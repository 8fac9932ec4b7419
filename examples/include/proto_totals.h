/* The user side of the examples' per-protocol counters (xdp, tc): sums a
 * BPF_MAP_TYPE_PERCPU_ARRAY of `struct datarec` (proto_slot.bpf.h, from
 * the example's types.h) over the CPUs and prints a line of totals. */
#ifndef EXAMPLES_PROTO_TOTALS_H
#define EXAMPLES_PROTO_TOTALS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ip_proto.h"
#include "proto_slot.h"

struct proto_totals {
	/* The example's name, for its messages. */
	const char *tool;
	int map_fd;
	int ncpus;
	/* A per-CPU value's size in the lookup buffer: libbpf pads each to
	 * 8 bytes. */
	size_t stride;
	/* Room for one value per possible CPU. */
	void *values;
};

/* For `map`, a per-CPU array of `struct datarec`; -ENOMEM, said, if
 * there is no room. */
static inline int proto_totals_init(struct proto_totals *t, const char *tool, const struct bpf_map *map)
{
	t->tool = tool;
	t->map_fd = bpf_map__fd(map);
	t->ncpus = libbpf_num_possible_cpus();
	t->stride = (bpf_map__value_size(map) + 7) & ~(size_t)7;
	t->values = calloc(t->ncpus, t->stride);
	if (!t->values) {
		fprintf(stderr, "%s: out of memory\n", tool);
		return -ENOMEM;
	}
	return 0;
}

static inline void proto_totals_free(struct proto_totals *t)
{
	free(t->values);
	t->values = NULL;
}

static inline const char *proto_totals_name(unsigned proto, char *buf, size_t size)
{
	const char *name = proto == NON_IP_SLOT ? "non-IP" : ip_proto_name(proto);
	if (name)
		return name;
	snprintf(buf, size, "proto-%u", proto);
	return buf;
}

/* Map entry `key` summed over the CPUs into `sum`. */
static inline int proto_totals_sum(struct proto_totals *t, __u32 key, struct datarec *sum)
{
	int err = bpf_map_lookup_elem(t->map_fd, &key, t->values);
	if (err)
		return err;
	memset(sum, 0, sizeof(*sum));
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		const struct datarec *rec = (const void *)((const char *)t->values + cpu * t->stride);
		sum->packets += rec->packets;
		sum->bytes += rec->bytes;
	}
	return 0;
}

/* Prints "LABEL: TCP N pkts M bytes, ..., total N pkts M bytes" for the
 * STATS_SLOTS map entries from `first`: TCP, UDP and ICMP always, other
 * protocols once seen. */
static inline int proto_totals_print(struct proto_totals *t, const char *label, __u32 first)
{
	struct datarec sums[STATS_SLOTS];
	struct datarec total = { 0 };
	char buf[16];

	/* Every slot is read before anything is printed, so that a failed
	 * lookup leaves no half-printed line. */
	for (__u32 slot = 0; slot < STATS_SLOTS; slot++) {
		int err = proto_totals_sum(t, first + slot, &sums[slot]);
		if (err) {
			fprintf(stderr, "%s: failed to read slot %u: %s\n", t->tool, first + slot,
				libbpf_wasm_last_error());
			return err;
		}
		total.packets += sums[slot].packets;
		total.bytes += sums[slot].bytes;
	}

	printf("%s:", label);
	for (unsigned slot = 0; slot < STATS_SLOTS; slot++) {
		if (slot == 1 || slot == 6 || slot == 17 || sums[slot].packets)
			printf(" %s %llu pkts %llu bytes,", proto_totals_name(slot, buf, sizeof(buf)),
			       (unsigned long long)sums[slot].packets, (unsigned long long)sums[slot].bytes);
	}
	printf(" total %llu pkts %llu bytes\n", (unsigned long long)total.packets, (unsigned long long)total.bytes);
	return 0;
}

#endif
