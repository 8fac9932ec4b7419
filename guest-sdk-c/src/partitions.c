// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf-tools' partitions__* (trace_helpers.h) over wasi:bpf/system's
 * block-devices: the host reads /proc/partitions for the guest. Written
 * for this SDK with libbpf-tools' names, types and answers. */
#include <stdlib.h>
#include <string.h>

#include "trace_helpers.h"

#include "internal.h"

/* The kernel's own dev_t layout (include/linux/kdev_t.h), which block
 * tracepoints and struct gendisk give BPF programs, and libbpf-tools'
 * partitions keep. */
#define MINORBITS	20
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))

struct partitions {
	struct partition *items;
	int sz;
};

struct partitions *partitions__load(void)
{
	wasi_bpf_system_list_block_device_t devices;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_system_block_devices(&devices, &err)) {
		sdk_fail(&err);
		return NULL;
	}
	struct partitions *partitions = calloc(1, sizeof(*partitions));
	if (partitions && devices.len)
		partitions->items = calloc(devices.len, sizeof(*partitions->items));
	if (!partitions || (devices.len && !partitions->items))
		goto nomem;
	for (size_t i = 0; i < devices.len; i++) {
		const wasi_bpf_system_block_device_t *d = &devices.ptr[i];
		struct partition *p = &partitions->items[i];
		p->name = sdk_strdup(&d->name);
		if (!p->name)
			goto nomem;
		p->dev = MKDEV(d->major, d->minor);
		partitions->sz++;
	}
	wasi_bpf_system_list_block_device_free(&devices);
	return partitions;

nomem:
	partitions__free(partitions);
	wasi_bpf_system_list_block_device_free(&devices);
	sdk_fail_with(ENOMEM, "partitions__load: out of memory");
	return NULL;
}

void partitions__free(struct partitions *partitions)
{
	if (!partitions)
		return;
	for (int i = 0; i < partitions->sz; i++)
		free(partitions->items[i].name);
	free(partitions->items);
	free(partitions);
}

const struct partition *
partitions__get_by_dev(const struct partitions *partitions, unsigned int dev)
{
	for (int i = 0; partitions && i < partitions->sz; i++) {
		if (partitions->items[i].dev == dev)
			return &partitions->items[i];
	}
	return NULL;
}

const struct partition *
partitions__get_by_name(const struct partitions *partitions, const char *name)
{
	for (int i = 0; partitions && name && i < partitions->sz; i++) {
		if (strcmp(partitions->items[i].name, name) == 0)
			return &partitions->items[i];
	}
	return NULL;
}
