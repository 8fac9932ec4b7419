// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs the attach-target tests aim anywhere: one per kind of target
 * for explicit attaches, and programs whose sections name crafted targets
 * for attach by section. None of them does anything: the tests only ask
 * whether the host lets them attach. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Bare sections: attached only with an explicit target. */
SEC("tracepoint")
int any_tp(void *ctx)
{
	return 0;
}

SEC("uprobe")
int any_uprobe(void *ctx)
{
	return 0;
}

SEC("cgroup_skb/egress")
int any_cgroup(struct __sk_buff *skb)
{
	return 1;
}

SEC("xdp")
int any_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* `..` in a tracepoint: libbpf would read the id of
 * events/sched/../syscalls/sys_enter_getppid in tracefs. */
SEC("tp/sched/../syscalls/sys_enter_getppid")
int tp_dotdot(void *ctx)
{
	return 0;
}

/* /proc/self/exe is a symlink: to the host's own binary, wherever that is. */
SEC("uprobe//proc/self/exe:main")
int uprobe_exe(void *ctx)
{
	return 0;
}

SEC("uprobe.multi//proc/self/exe:main")
int umulti_exe(void *ctx)
{
	return 0;
}

/* The kernel tests' binary has a USDT probe wbt:probe (policy.rs). */
SEC("usdt//proc/self/exe:wbt:probe")
int BPF_USDT(usdt_exe)
{
	return 0;
}

SEC("ksyscall/getppid")
int ksys_getppid(void *ctx)
{
	return 0;
}

SEC("kprobe.multi/tcp_*")
int kmulti_tcp(void *ctx)
{
	return 0;
}
