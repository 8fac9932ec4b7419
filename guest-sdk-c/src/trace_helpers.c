/* The SDK's trace_helpers (include/trace_helpers.h): libbpf-tools' names,
 * signatures and output, written for the SDK. Plain C: the kernel tests
 * also build it natively (gcc, glibc) beside a guest, to compare lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace_helpers.h"

/* A bar of `width` columns, '*' for val's share of val_max, then spaces
 * (and a '+' past the bar for a value over val_max, as bcc prints). The
 * product is taken in 64 bits: libbpf-tools' 32-bit one wraps for counts
 * over 2^32 / width and draws a wrong bar; every other bar is the same. */
static void print_stars(unsigned int val, unsigned int val_max, int width)
{
	unsigned int shown = val < val_max ? val : val_max;
	int stars = (int)((unsigned long long)shown * (unsigned int)width / val_max);
	int i;

	for (i = 0; i < stars; i++)
		putchar('*');
	for (; i < width; i++)
		putchar(' ');
	if (val > val_max)
		putchar('+');
}

void print_log2_hist(unsigned int *vals, int vals_size, const char *val_type)
{
	unsigned int val_max = 0;
	int last = -1;

	for (int i = 0; i < vals_size; i++) {
		if (vals[i])
			last = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	if (last < 0)
		return;

	/* Up to slot 32 the ranges fit ten columns; past it they get
	 * twenty and the bar half its forty stars. */
	int narrow = last <= 32;
	int width = narrow ? 10 : 20;

	printf("%*s%-*s : count    distribution\n", narrow ? 5 : 15, "", narrow ? 19 : 29, val_type);
	for (int i = 0; i <= last; i++) {
		unsigned long long high = (i == 63) ? ~0ULL : (1ULL << (i + 1)) - 1;
		unsigned long long low = i ? 1ULL << i : 0;

		/* Signed conversions, as libbpf-tools print them (a count
		 * over INT_MAX prints negative there too). */
		printf("%*lld -> %-*lld : %-8d |", width, (long long)low, width, (long long)high, (int)vals[i]);
		print_stars(vals[i], val_max, narrow ? 40 : 20);
		printf("|\n");
	}
}

void print_linear_hist(unsigned int *vals, int vals_size, unsigned int base,
		       unsigned int step, const char *val_type)
{
	unsigned int val_max = 0;
	int first = -1, last = -1;

	for (int i = 0; i < vals_size; i++) {
		if (vals[i]) {
			if (first < 0)
				first = i;
			last = i;
		}
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	if (last < 0)
		return;

	printf("     %-13s : count     distribution\n", val_type);
	for (int i = first; i <= last; i++) {
		if (!vals[i])
			continue;
		printf("        %-10d : %-8d |", (int)(base + i * step), (int)vals[i]);
		print_stars(vals[i], val_max, 40);
		printf("|\n");
	}
}

unsigned long long get_ktime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * NSEC_PER_SEC + (unsigned long long)ts.tv_nsec;
}

int split_convert(char *s, const char *delim, void *elems, size_t elems_size,
		  size_t elem_size, convert_fn_t convert)
{
	char *end = (char *)elems + elems_size;
	char *next = elems;

	if (!s || !delim || !elems)
		return -EINVAL;

	for (char *token = strtok(s, delim); token; token = strtok(NULL, delim)) {
		if (elem_size > (size_t)(end - next))
			return -ENOBUFS;
		int err = convert(token, next);
		if (err)
			return -err;
		next += elem_size;
	}
	return 0;
}

/* As on 64-bit Linux, where libbpf-tools' strtol reads 64 bits and the
 * int keeps the low 32 (no ERANGE for "4294967298": 2); wasm32's strtol
 * would stop at 32 bits. */
int str_to_int(const char *src, void *dest)
{
	errno = 0;
	*(int *)dest = (int)strtoll(src, NULL, 10);
	return errno;
}

int str_to_long(const char *src, void *dest)
{
	errno = 0;
	*(long *)dest = strtol(src, NULL, 10);
	return errno;
}

int str_timestamp(const char *format, char *buf, size_t buf_len)
{
	time_t now;
	struct tm *tm;

	if (!format || !buf || !buf_len)
		return -EINVAL;
	time(&now);
	tm = localtime(&now);
	if (!tm)
		return -errno;
	return (int)strftime(buf, buf_len, format, tm);
}
