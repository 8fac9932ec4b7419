/* What the C conformance cases share: a check that prints "FAIL: ..."
 * for each unmet expectation and counts them for the exit code. */
#ifndef CONFORMANCE_CHECK_H
#define CONFORMANCE_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                         \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("FAIL: " __VA_ARGS__);                            \
			printf(" (%s: %s)\n", #cond, libbpf_wasm_last_error()); \
			failures++;                                              \
		}                                                                \
	} while (0)

#endif
