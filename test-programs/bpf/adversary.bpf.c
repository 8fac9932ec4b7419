// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What a hostile guest tries against the host's policy: helpers it must
 * not call, reached where a scan of the program's own instructions does
 * not look (callbacks of bpf_loop, bpf_for_each_map_elem, bpf timers,
 * bpf_find_vma, bpf_user_ringbuf_drain), a kfunc that signals, bpf()
 * from inside the kernel, kernel addresses, and a map keyed by the
 * host's file descriptors. The tests load one program at a time; the
 * signals go only to the test's own driver thread, and only when the
 * guest arms them. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the guest: send the signals for real. */
const volatile __u32 armed = 0;

/* Raised once per signal the programs sent. */
__u64 signals = 0;

static __always_inline void send_usr1(void)
{
	if (armed && is_target()) {
		bpf_send_signal(10); /* SIGUSR1 */
		__sync_fetch_and_add(&signals, 1);
	}
}

static long signal_in_callback(__u64 index, void *ctx)
{
	send_usr1();
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int adv_loop(void *ctx)
{
	bpf_loop(1, signal_in_callback, NULL, 0);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} adv_array SEC(".maps");

static long signal_for_each(void *map, __u32 *key, __u64 *value, void *ctx)
{
	send_usr1();
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int adv_for_each(void *ctx)
{
	bpf_for_each_map_elem(&adv_array, signal_for_each, NULL, 0);
	return 0;
}

struct timer_value {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct timer_value);
} adv_timers SEC(".maps");

static int signal_on_timer(void *map, __u32 *key, struct timer_value *value)
{
	send_usr1();
	return 0;
}

/* Timers are refused to kprobe, tracepoint and raw_tp programs. */
SEC("tp_btf/sched_process_exec")
int adv_timer(void *ctx)
{
	__u32 key = 0;
	struct timer_value *value = bpf_map_lookup_elem(&adv_timers, &key);

	if (!value)
		return 0;
	bpf_timer_init(&value->timer, &adv_timers, 1 /* CLOCK_MONOTONIC */);
	bpf_timer_set_callback(&value->timer, signal_on_timer);
	bpf_timer_start(&value->timer, 0, 0);
	return 0;
}

static long signal_per_vma(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
	send_usr1();
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int adv_find_vma(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();

	bpf_find_vma(task, 0, signal_per_vma, NULL, 0);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} adv_user_ring SEC(".maps");

static long signal_per_sample(struct bpf_dynptr *sample, void *ctx)
{
	send_usr1();
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int adv_user_ringbuf(void *ctx)
{
	bpf_user_ringbuf_drain(&adv_user_ring, signal_per_sample, NULL, 0);
	return 0;
}

extern int bpf_send_signal_task(struct task_struct *task, int sig, enum pid_type type, __u64 value) __ksym;

SEC("tp/syscalls/sys_enter_getppid")
int adv_kfunc(void *ctx)
{
	if (armed && is_target())
		bpf_send_signal_task(bpf_get_current_task_btf(), 10, PIDTYPE_PID, 0);
	return 0;
}

/* A syscall program creating a map from inside the kernel, the first
 * step of making programs and links no capability granted. */
static long create_map(__u64 index, void *ctx)
{
	union bpf_attr attr = {};

	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	if (armed)
		bpf_sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	return 0;
}

SEC("syscall")
int adv_sys_bpf(void *ctx)
{
	bpf_loop(1, create_map, NULL, 0);
	return 0;
}

/* Kernel addresses handed to user space through a map. */
SEC("tp/syscalls/sys_enter_getppid")
int adv_task_address(void *ctx)
{
	__u32 key = 0;
	__u64 task = bpf_get_current_task();

	bpf_map_update_elem(&adv_array, &key, &task, 0);
	return 0;
}

SEC("raw_tp/sys_enter")
int adv_raw_tp(void *ctx)
{
	return 0;
}

/* Keyed by a pidfd, a file, a socket and a cgroup fd when user space
 * uses them: a guest would pass numbers naming the host's own fds. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} adv_task_storage SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} adv_inode_storage SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} adv_sk_storage SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} adv_cgrp_storage SEC(".maps");

SEC("tp_btf/sched_process_exec")
int adv_storage(void *ctx)
{
	__u64 *seen = bpf_task_storage_get(&adv_task_storage, bpf_get_current_task_btf(), 0,
					   BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (seen)
		*seen += 1;
	return 0;
}

/* Sized by the guest (set-max-entries) to ask the kernel for more memory
 * than its keys and values suggest: each element costs a header and a
 * bucket too. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u8);
	__type(value, __u8);
} adv_bytes SEC(".maps");

/* build.rs turns this number's load into one of map fd 3: a map named by
 * a file descriptor of the host process, with no relocation for libbpf
 * to rewrite. */
SEC("tp/syscalls/sys_enter_getppid")
int adv_host_fd(void *ctx)
{
	__u64 marker;

	asm volatile("%0 = 0x5a5a5a5a ll" : "=r"(marker));
	return marker == 1;
}

/* Attached by the guest to a kernel function, where its context would be
 * kernel registers. */
SEC("uprobe")
int adv_uprobe(void *ctx)
{
	return 0;
}
