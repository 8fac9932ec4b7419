/* The part of libbpf-tools' trace_helpers that opensnoop uses and a guest
 * can have: tracepoint_exists() reads tracefs, which a guest cannot. */
#ifndef __TRACE_HELPERS_H
#define __TRACE_HELPERS_H

/* CLOCK_MONOTONIC in nanoseconds, as bpf_ktime_get_ns() counts. */
unsigned long long get_ktime_ns(void);

#endif /* __TRACE_HELPERS_H */
