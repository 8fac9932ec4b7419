// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Who writes the guest's stderr: the host's process, whose id the guest
 * asks with `host-process-id`. A write to fd 2 of HOST_WRITE_BYTES bytes
 * (a length no other write of the case has) records its writer. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define HOST_WRITE_BYTES 77

__u32 writer_tgid;

SEC("tp/syscalls/sys_enter_write")
int see_write(struct trace_event_raw_sys_enter *ctx)
{
	if (ctx->args[0] == 2 && ctx->args[2] == HOST_WRITE_BYTES)
		writer_tgid = bpf_get_current_pid_tgid() >> 32;
	return 0;
}
