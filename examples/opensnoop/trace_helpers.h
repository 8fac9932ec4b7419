/* The part of libbpf-tools' trace_helpers that opensnoop uses and the SDK
 * does not have yet. tracepoint_exists() and the other feature probes are
 * the SDK's (<wasi_bpf/trace_helpers.h>: the host answers them). */
#ifndef __TRACE_HELPERS_H
#define __TRACE_HELPERS_H

/* CLOCK_MONOTONIC in nanoseconds, as bpf_ktime_get_ns() counts. */
unsigned long long get_ktime_ns(void);

#endif /* __TRACE_HELPERS_H */
