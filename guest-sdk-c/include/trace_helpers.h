/* libbpf-tools' trace_helpers.h, the part a guest can have today: the same
 * names, signatures and output (guest-sdk-c/src/trace_helpers.c, written
 * for this SDK), the feature probes the host answers
 * (<wasi_bpf/trace_helpers.h>: tracepoint_exists, kprobe_exists,
 * fentry_can_attach, probe_tp_btf, vmlinux_btf_exists, probe_ringbuf),
 * and partitions__* and str_loadavg, whose /proc files the host reads
 * (wasi:bpf/system; src/partitions.c, src/loadavg.c). A
 * tool's `#include "trace_helpers.h"` finds this header when its directory
 * has no copy of its own.
 *
 * Not declared yet, so that a tool calling them fails to compile
 * ("implicit declaration of function") rather than at link or at run
 * time; they need host interfaces that come with the libbpf-surface and
 * attach-point issues (issue 23):
 *   kernel symbols:   struct ksym, ksyms__load, ksyms__free,
 *                     ksyms__map_addr, ksyms__get_symbol, is_kernel_module
 *   user symbols:     struct sym, struct sym_info, syms__load_pid,
 *                     syms__load_file, syms__free, syms__map_addr,
 *                     syms__map_addr_dso, syms_cache__new,
 *                     syms_cache__get_syms, syms_cache__free
 *   feature probes:   module_btf_exists, probe_bpf_ns_current_pid_tgid
 */
#ifndef __TRACE_HELPERS_H
#define __TRACE_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

/* (Quoted: found beside this header, also by a native build of the
 * helpers through -iquote.) */
#include "wasi_bpf/trace_helpers.h"

#define NSEC_PER_SEC		1000000000ULL

/* `vals` as a power-of-two histogram (slot i: [2^i, 2^(i+1) - 1], slot 0
 * also counts 0), up to the last non-empty slot, under a header naming
 * `val_type`; nothing when every slot is empty. */
void print_log2_hist(unsigned int *vals, int vals_size, const char *val_type);
/* `vals` as a linear histogram: slot i is the value base + i * step;
 * only non-empty slots are printed. */
void print_linear_hist(unsigned int *vals, int vals_size, unsigned int base,
		unsigned int step, const char *val_type);

/* CLOCK_MONOTONIC in nanoseconds: in a guest, the kernel's monotonic
 * clock, the clock of bpf_ktime_get_ns(). */
unsigned long long get_ktime_ns(void);

/* Splits `s` (modified, as strtok does) at any of `delim`'s characters
 * and converts each token into the next `elem_size`-byte element of
 * `elems` (`elems_size` bytes in all). 0, -EINVAL for a NULL argument,
 * -ENOBUFS when the tokens do not fit, or minus what `convert` returned. */
typedef int (*convert_fn_t)(const char *src, void *dest);
int split_convert(char *s, const char* delim, void *elems, size_t elems_size,
		  size_t elem_size, convert_fn_t convert);
/* convert_fn_t's for split_convert: base 10 into an int / a long; return
 * errno (0, or ERANGE). str_to_int reads as on 64-bit Linux (64 bits,
 * of which the int keeps the low 32); a guest's long has 32 bits. */
int str_to_int(const char *src, void *dest);
int str_to_long(const char *src, void *dest);

/* A block device or partition of the host (/proc/partitions, read by the
 * host): its name and its dev_t as the kernel keeps it (major << 20 |
 * minor), the dev that block tracepoints give BPF programs. */
struct partition {
	char *name;
	unsigned int dev;
};

struct partitions;

/* The host's partitions, or NULL (errno set) when they cannot be read. */
struct partitions *partitions__load(void);
void partitions__free(struct partitions *partitions);
/* The partition of `dev` / named `name`, or NULL. */
const struct partition *
partitions__get_by_dev(const struct partitions *partitions, unsigned int dev);
const struct partition *
partitions__get_by_name(const struct partitions *partitions, const char *name);

/* "loadavg: " and the host's /proc/loadavg line, newline included, into
 * buf: the length written, -EINVAL for a NULL buf or a zero buf_len,
 * -ERANGE when it does not fit, or the host's error. */
int str_loadavg(char *buf, size_t buf_len);

/* strftime(buf, buf_len, format, the local time now): its return value,
 * or -EINVAL for a NULL format or buf or a zero buf_len. In a guest, the
 * local time is UTC (wasi-libc has no time zones). */
int str_timestamp(const char *format, char *buf, size_t buf_len);

#endif /* __TRACE_HELPERS_H */
