/* What tools read from /proc and /sys about the host, over
 * wasi:bpf/system: a guest has no /proc or /sys of its own, so the host
 * reads them and hands over typed values. libbpf-tools' partitions__* and
 * str_loadavg (trace_helpers.h) and syscall_name (syscall_helpers.h) are
 * built on these; a port calls them where a native tool would read
 * /proc/PID/comm, /sys/devices/system/cpu/online or uname(2) itself.
 *
 * Each returns a negative errno (errno set, libbpf_wasm_last_error()
 * saying why) when the host could not read what it asked. */
#ifndef WASI_BPF_SYSTEM_H
#define WASI_BPF_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The host kernel's machine, as uname(2) gives it (`x86_64`, `aarch64`):
 * what a guest, whose own build target is wasm32, picks
 * architecture-dependent tables by. Asked once; the string lives as long
 * as the guest. */
const char *wasi_bpf_architecture(void);

/* The CPUs online (/sys/devices/system/cpu/online), in the shape of
 * libbpf's parse_cpu_mask_file: *mask (malloc'd, the caller frees it)
 * has *mask_sz entries, one per CPU up to the last online one, true
 * where that CPU is online. 0, or a negative errno. */
int wasi_bpf_online_cpus(bool **mask, int *mask_sz);

/* The name of process or thread `pid` (/proc/PID/comm without its
 * newline) into buf, cut to size - 1 bytes and NUL-terminated: the
 * name's whole length, as snprintf returns (so a result >= size says it
 * was cut); -ESRCH when there is no such process (pid 0 included);
 * -EINVAL for a NULL buf or a zero size. */
int wasi_bpf_process_comm(unsigned int pid, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* WASI_BPF_SYSTEM_H */
