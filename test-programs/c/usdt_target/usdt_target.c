// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A native program with USDT probes (<sys/sdt.h>, systemtap-sdt-dev):
 * `usdt_target N` waits for a line on stdin (a tracer attaches
 * meanwhile), then fires wbt:tick N times with arguments i = 1..N,
 * i * 1000000007 (past 32 bits), -i as a short and a word, and wbt:done
 * once with N. The USDT tests and examples/usdt trace it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>

static const char *const words[] = { "zero", "one", "two", "three", "four", "five", "six", "seven" };

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5;
	getchar();
	for (int i = 1; i <= n; i++) {
		long long big = (long long)i * 1000000007LL;
		short neg = (short)-i;
		/* On the stack, a page the probe can read without faulting
		 * (a string literal's page may not be mapped in yet). */
		char word[8];
		strcpy(word, words[i % 8]);
		DTRACE_PROBE4(wbt, tick, i, big, neg, word);
	}
	DTRACE_PROBE1(wbt, done, n);
	return 0;
}
