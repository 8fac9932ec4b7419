// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <time.h>

#include "trace_helpers.h"

unsigned long long get_ktime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
