/* Shared by the conformance suite's BPF objects. */
#ifndef CONFORMANCE_COMMON_H
#define CONFORMANCE_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* The record every buffer case sends: 64 bytes, numbered. */
struct record {
	__u64 seq;
	__u8 payload[56];
};

#endif
