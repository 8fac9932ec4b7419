// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>

#include "trace_helpers.h"

/* A bar of `width` columns, filled in proportion to val / val_max. */
static void print_stars(unsigned int val, unsigned int val_max, int width)
{
	int filled = (int)((unsigned long long)val * width / val_max);

	for (int i = 0; i < width; i++)
		putchar(i < filled ? '*' : ' ');
}

void print_log2_hist(unsigned int *vals, int vals_size, const char *val_type)
{
	unsigned int val_max = 0;
	int last = -1;

	for (int i = 0; i < vals_size; i++) {
		if (vals[i] > 0)
			last = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	if (last < 0)
		return;

	/* Ranges past 2^32 need wider columns, and then a shorter bar. */
	int wide = last > 32;
	int width = wide ? 20 : 10;
	int stars = wide ? 20 : 40;

	printf("%*s%-*s : count    distribution\n", wide ? 15 : 5, "", wide ? 29 : 19, val_type);
	for (int i = 0; i <= last; i++) {
		unsigned long long low = (1ULL << (i + 1)) >> 1;
		unsigned long long high = (1ULL << (i + 1)) - 1;

		/* slot 0 holds 0 as well as 1 */
		if (low == high)
			low -= 1;
		printf("%*llu -> %-*llu : %-8u |", width, low, width, high, vals[i]);
		print_stars(vals[i], val_max, stars);
		printf("|\n");
	}
}
