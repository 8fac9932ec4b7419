// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Samples of one process (`.rodata` target_tgid) on the perf events a
 * guest attaches it to, counted in a global. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tgid = 0;
__u64 samples = 0;

SEC("perf_event")
int wbt_sample(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == target_tgid)
		__sync_fetch_and_add(&samples, 1);
	return 0;
}
