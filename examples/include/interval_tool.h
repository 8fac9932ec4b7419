/* What the examples that print every interval share (xdp, tc, tailcall):
 * their -i INTERVAL_S and -c COUNT options, and the wait between two
 * printouts. */
#ifndef EXAMPLES_INTERVAL_TOOL_H
#define EXAMPLES_INTERVAL_TOOL_H

#include <stdbool.h>
#include <time.h>

#include "parse_number.h"

struct interval {
	/* -i: seconds between two printouts (at least 1). */
	long seconds;
	/* -c: printouts before the tool exits (0: until Ctrl-C). */
	long count;
};

/* Option `opt` ('i' or 'c') with argument `arg` into `iv`: 0, or -1 said
 * to stderr. */
static inline int interval_option(const char *tool, int opt, const char *arg, struct interval *iv)
{
	return parse_number(tool, arg, 1, opt == 'i' ? &iv->seconds : &iv->count);
}

/* Sleeps in short steps: a signal ends the guest only once it runs wasm
 * code again, not while it waits in WASI. */
static inline void sleep_s(long seconds)
{
	const struct timespec step = { .tv_nsec = 100 * 1000 * 1000 };
	for (long i = 0; i < seconds * 10; i++)
		nanosleep(&step, NULL);
}

/* Waits out the next interval and counts it in `done`; false, at once,
 * once `count` intervals went by. */
static inline bool interval_wait(const struct interval *iv, long *done)
{
	if (iv->count && *done >= iv->count)
		return false;
	sleep_s(iv->seconds);
	(*done)++;
	return true;
}

#endif
