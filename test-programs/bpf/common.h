/* Shared by the test BPF programs: they react only to the thread the
 * test names, so that tests running in parallel do not see each other's
 * events. */
#ifndef WBT_COMMON_H
#define WBT_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* Set before load by the guest: the thread whose syscalls count. */
const volatile __u32 target_tid = 0;

static __always_inline int is_target(void)
{
	return (__u32)bpf_get_current_pid_tgid() == target_tid;
}

/* Whether the current task's comm is `want`, a name of at most 15
 * bytes padded with NULs to 16 (a `.rodata` global the guest sets). */
static __always_inline bool comm_is(const volatile char *want)
{
	char now[16] = {};

	bpf_get_current_comm(now, sizeof(now));
	for (int i = 0; i < sizeof(now); i++) {
		if (now[i] != want[i])
			return false;
		if (!now[i])
			break;
	}
	return true;
}

/* A record the tests send through ring and perf buffers: 64 bytes. */
struct seq_event {
	__u64 seq;
	__u32 tid;
	__u32 kind;
	__u8 payload[48];
};

#endif
