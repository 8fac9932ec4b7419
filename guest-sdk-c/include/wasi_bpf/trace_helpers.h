/* The feature probes of libbpf-tools' helper layer (its trace_helpers.h),
 * with the same names, signatures and answers, over wasi:bpf/probe: a
 * guest has no tracefs, /proc/kallsyms or /sys/kernel/btf, so the host
 * looks for it. The SDK's trace_helpers.h (the rest of libbpf-tools'
 * helper layer) includes it.
 *
 * Names must be plain identifiers (letters, digits, `_`; a kernel
 * function may hold `.` too): the host refuses anything else, and these
 * functions then answer false (libbpf_wasm_last_error() says why).
 */
#ifndef WASI_BPF_TRACE_HELPERS_H
#define WASI_BPF_TRACE_HELPERS_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether an fentry (or fexit) program can attach to the kernel function
 * `name`: the host loads a trivial one against it. `mod` names the module
 * that has the function, or NULL for vmlinux; functions of modules are
 * not probed yet (false). */
bool fentry_can_attach(const char *name, const char *mod);

/* Whether a kprobe can name the kernel function `name` (tracefs's
 * available_filter_functions, else a text symbol of /proc/kallsyms). */
bool kprobe_exists(const char *name);

/* Whether the tracepoint `category`/`event` exists (tp/CATEGORY/EVENT). */
bool tracepoint_exists(const char *category, const char *event);

/* Whether a BTF tracepoint (tp_btf/NAME) can be used for the raw
 * tracepoint `name`: the kernel's BTF has its `btf_trace_NAME` typedef
 * (libbpf-tools load a tp_btf program to find out; the SDK does not yet,
 * so a kernel older than tp_btf (5.5) with BTF would say true). */
bool probe_tp_btf(const char *name);

/* Whether the kernel has BTF (/sys/kernel/btf/vmlinux). */
bool vmlinux_btf_exists(void);

/* Whether the module `mod` is loaded with BTF (/sys/kernel/btf/MOD; the
 * host lists them: wasi:bpf/btf module-names). False for NULL. */
bool module_btf_exists(const char *mod);

/* Whether the kernel supports BPF ring buffers (BPF_MAP_TYPE_RINGBUF). */
bool probe_ringbuf(void);

/* Whether kprobe programs may call bpf_get_ns_current_pid_tgid (Linux
 * 5.7; pid filters inside containers' pid namespaces). */
bool probe_bpf_ns_current_pid_tgid(void);

#ifdef __cplusplus
}
#endif

#endif
