/* A batch of records from the host (packed bytes plus end offsets) and how
 * far the callbacks got through it: shared by ring and perf buffers. */
#ifndef WASI_BPF_SDK_RECORDS_H
#define WASI_BPF_SDK_RECORDS_H

#include "internal.h"

/* Record `i` of `records`: its bytes and length. */
static inline void *sdk_record(const wasi_bpf_ring_buffer_records_t *records, size_t i, size_t *len)
{
	uint32_t start = i ? records->ends.ptr[i - 1] : 0;
	*len = records->ends.ptr[i] - start;
	return records->data.ptr + start;
}

#endif
