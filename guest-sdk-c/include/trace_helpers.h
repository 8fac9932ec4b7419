/* libbpf-tools' trace_helpers.h, the part a guest can have today: the same
 * names, signatures and output (guest-sdk-c/src/trace_helpers.c, written
 * for this SDK), the feature probes the host answers
 * (<wasi_bpf/trace_helpers.h>: tracepoint_exists, kprobe_exists,
 * fentry_can_attach, probe_tp_btf, vmlinux_btf_exists, module_btf_exists,
 * probe_ringbuf,
 * probe_bpf_ns_current_pid_tgid),
 * and partitions__*, str_loadavg and is_kernel_module, whose /proc files
 * the host reads (wasi:bpf/system; src/partitions.c, src/loadavg.c,
 * src/kernel_modules.c). A
 * tool's `#include "trace_helpers.h"` finds this header when its directory
 * has no copy of its own.
 *
 * Kernel and process symbols (ksyms__*, syms__*, syms_cache__*) come
 * from the host (wasi:bpf/symbols): the guest needs `--allow
 * kernel-symbols` / `--allow process-symbols`. Addresses are 64 bits
 * here (`unsigned long long`), where libbpf-tools say `unsigned long`:
 * a guest's long has 32 bits and kernel addresses do not fit it, so a
 * tool keeping addresses in `unsigned long` (stack-trace values) must
 * keep them in __u64 and print them with %llx. A guest has no /proc of
 * its own: syms__load_file takes "/proc/PID/maps" only, which the host
 * reads.
 */
#ifndef __TRACE_HELPERS_H
#define __TRACE_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

/* (Quoted: found beside this header, also by a native build of the
 * helpers through -iquote.) */
#include "wasi_bpf/trace_helpers.h"

#define NSEC_PER_SEC		1000000000ULL

/* A kernel symbol: a line of /proc/kallsyms. */
struct ksym {
	const char *name;
	unsigned long long addr;
};

struct ksyms;

/* The kernel's symbols (NULL and errno: EPERM without the kernel-symbols
 * capability). The pointers the lookups return live until ksyms__free. */
struct ksyms *ksyms__load(void);
void ksyms__free(struct ksyms *ksyms);
/* The symbol `addr` falls in: the highest at or below it. */
const struct ksym *ksyms__map_addr(const struct ksyms *ksyms, unsigned long long addr);
/* The symbol named `name` (the lowest of several), or NULL. */
const struct ksym *ksyms__get_symbol(const struct ksyms *ksyms, const char *name);

/* A symbol of a file a process maps: `start` and `size` as the file's
 * symbol table says, `offset` of the address that found it last. */
struct sym {
	const char *name;
	unsigned long long start;
	unsigned long long size;
	unsigned long long offset;
};

/* Where an address of a process comes from: the file mapped there and the
 * address in it (as its symbols count: the symbol's start plus the
 * offset; the offset in the file when no symbol covers it), and the
 * symbol, if any (NULL sym_name otherwise). */
struct sym_info {
	const char *dso_name;
	unsigned long long dso_offset;
	const char *sym_name;
	unsigned long long sym_offset;
};

struct syms;

/* The symbols of process `tgid` (NULL and errno: EPERM without the
 * process-symbols capability, ENOENT for no such process). The host reads
 * the process's maps at each lookup, so libraries it loads later are
 * found too. The pointers the lookups return live until syms__free. */
struct syms *syms__load_pid(int tgid);
/* syms__load_pid(PID) for "/proc/PID/maps", the file libbpf-tools read
 * (the host reads it). Any other file: NULL and errno EINVAL
 * (EOPNOTSUPP for /proc/self/maps: a guest has no memory map of its
 * own), and a warning naming it through libbpf's print function. */
struct syms *syms__load_file(const char *fname);
void syms__free(struct syms *syms);
/* The symbol `addr` falls in, or NULL. */
const struct sym *syms__map_addr(const struct syms *syms, unsigned long long addr);
/* 0 and *sinfo, or -1 when no file backs `addr`. */
int syms__map_addr_dso(const struct syms *syms, unsigned long long addr, struct sym_info *sinfo);

/* syms__load_pid once per process: `nr` is a first capacity. */
struct syms_cache;

struct syms_cache *syms_cache__new(int nr);
struct syms *syms_cache__get_syms(struct syms_cache *syms_cache, int tgid);
void syms_cache__free(struct syms_cache *syms_cache);

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

/* Whether module `name` is loaded (a name of /proc/modules). */
bool is_kernel_module(const char *name);

/* strftime(buf, buf_len, format, the local time now): its return value,
 * or -EINVAL for a NULL format or buf or a zero buf_len. In a guest, the
 * local time is UTC (wasi-libc has no time zones). */
int str_timestamp(const char *format, char *buf, size_t buf_len);

#endif /* __TRACE_HELPERS_H */
