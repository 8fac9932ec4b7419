// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* biolatency's kernel side: the time each block I/O request takes from
 * its issue to the device to its completion, as log2 histograms, of all
 * disks or one per disk. The tracepoints are taken as tp_btf where the
 * kernel has BTF for them, else as raw_tp (user space keeps one pair). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "biolatency.h"
#include "../include/log2_slot.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_ENTRIES 10240
#define MINORBITS 20

/* Set before the load. */
const volatile bool targ_per_disk = false;
const volatile bool targ_ms = false;
const volatile bool filter_dev = false;
const volatile __u32 targ_dev = 0;

/* When each request in flight was issued. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, struct request *);
	__type(value, u64);
} start SEC(".maps");

static struct hist zero;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, struct hist_key);
	__type(value, struct hist);
} hists SEC(".maps");

/* The dev_t of the disk `rq` is for (0: none). */
static __always_inline u32 disk_dev(struct request *rq)
{
	struct gendisk *disk = BPF_CORE_READ(rq, q, disk);

	return disk ? (BPF_CORE_READ(disk, major) << MINORBITS) | BPF_CORE_READ(disk, first_minor) : 0;
}

static __always_inline int issue(struct request *rq)
{
	u64 ts;

	if (filter_dev && disk_dev(rq) != targ_dev)
		return 0;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &rq, &ts, BPF_ANY);
	return 0;
}

static __always_inline int complete(struct request *rq)
{
	struct hist_key hkey = {};
	struct hist *histp;
	u64 *tsp;
	s64 delta;

	tsp = bpf_map_lookup_elem(&start, &rq);
	if (!tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	if (delta < 0)
		goto cleanup;
	if (targ_per_disk)
		hkey.dev = disk_dev(rq);
	histp = bpf_map_lookup_elem(&hists, &hkey);
	if (!histp) {
		bpf_map_update_elem(&hists, &hkey, &zero, BPF_NOEXIST);
		histp = bpf_map_lookup_elem(&hists, &hkey);
		if (!histp)
			goto cleanup;
	}
	delta /= targ_ms ? 1000000U : 1000U;
	log2_hist_add(histp->slots, MAX_SLOTS, delta);

cleanup:
	bpf_map_delete_elem(&start, &rq);
	return 0;
}

SEC("tp_btf/block_rq_issue")
int BPF_PROG(issue_btf, struct request *rq)
{
	return issue(rq);
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(complete_btf, struct request *rq, int error, unsigned int nr_bytes)
{
	return complete(rq);
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(issue_raw, struct request *rq)
{
	return issue(rq);
}

SEC("raw_tp/block_rq_complete")
int BPF_PROG(complete_raw, struct request *rq, int error, unsigned int nr_bytes)
{
	return complete(rq);
}
