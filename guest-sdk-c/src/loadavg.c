// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf-tools' str_loadavg (trace_helpers.h) over wasi:bpf/system's
 * load-average: the text a native tool copies from /proc/loadavg, printed
 * from the kernel's own numbers in the kernel's own format. */
#include <stdio.h>

#include "trace_helpers.h"

#include "internal.h"

int str_loadavg(char *buf, size_t buf_len)
{
	if (!buf || buf_len == 0)
		return -EINVAL;
	wasi_bpf_system_loadavg_t l;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_system_load_average(&l, &err))
		return sdk_fail(&err);
	/* fs/proc/loadavg.c: "%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\n",
	 * with the newline, which libbpf-tools' copy keeps. */
	int n = snprintf(buf, buf_len, "loadavg: %u.%02u %u.%02u %u.%02u %u/%u %u\n",
			 l.one_minute / 100, l.one_minute % 100,
			 l.five_minutes / 100, l.five_minutes % 100,
			 l.fifteen_minutes / 100, l.fifteen_minutes % 100,
			 l.runnable, l.tasks, l.last_pid);
	if (n < 0)
		return -errno;
	return (size_t)n >= buf_len ? -ERANGE : n;
}
