// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One program per kernel feature the runner probes before it runs the
 * cases that need it: the probe loads only its program and attaches it. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(probe_kprobe)
{
	return 0;
}

SEC("kprobe.multi/do_sys_openat2")
int probe_kprobe_multi(void *ctx)
{
	return 0;
}

/* Any binary does: the probe attaches and detaches at once. */
SEC("uprobe.multi//proc/self/exe:main")
int probe_uprobe_multi(void *ctx)
{
	return 0;
}

SEC("uprobe.session//proc/self/exe:main")
int probe_uprobe_session(void *ctx)
{
	return 0;
}

SEC("kprobe.session/do_sys_openat2")
int probe_kprobe_session(void *ctx)
{
	return 0;
}

SEC("fentry/do_sys_openat2")
int BPF_PROG(probe_fentry)
{
	return 0;
}

SEC("lsm/path_rmdir")
int BPF_PROG(probe_lsm, const struct path *dir, struct dentry *dentry)
{
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} probe_user_ringbuf SEC(".maps");

static long ignore(struct bpf_dynptr *dynptr, void *ctx)
{
	return 0;
}

SEC("syscall")
int probe_user_ringbuf_drain(void *ctx)
{
	return bpf_user_ringbuf_drain(&probe_user_ringbuf, ignore, NULL, 0);
}
