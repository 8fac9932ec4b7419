/* The number options of the examples (xdp, tc, tailcall, profile). */
#ifndef EXAMPLES_PARSE_NUMBER_H
#define EXAMPLES_PARSE_NUMBER_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* `arg` as a number of at least `min` into `out`; else -1, said to stderr
 * with the tool's name. */
static inline int parse_number(const char *tool, const char *arg, long min, long *out)
{
	char *end;
	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || *end || *out < min) {
		fprintf(stderr, "%s: invalid number '%s'\n", tool, arg);
		return -1;
	}
	return 0;
}

#endif
