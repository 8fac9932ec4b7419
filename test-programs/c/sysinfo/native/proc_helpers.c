// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The native build's side of what a guest asks wasi:bpf/system: read from
 * /proc, /sys and uname(2) directly, as libbpf-tools' own trace_helpers.c
 * does (its line parsing of /proc/partitions, its copy of /proc/loadavg),
 * so the kernel test compares the guest with what a native tool prints.
 * Test code, written for this project; not part of the SDK. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "trace_helpers.h"
#include "wasi_bpf/system.h"

#define MINORBITS 20
#define MKDEV(ma, mi) (((ma) << MINORBITS) | (mi))

struct partitions {
	struct partition *items;
	int sz;
};

struct partitions *partitions__load(void)
{
	struct partitions *partitions = calloc(1, sizeof(*partitions));
	FILE *f = fopen("/proc/partitions", "r");
	unsigned int major, minor;
	unsigned long long blocks;
	char line[128], name[32];

	if (!f || !partitions)
		goto fail;
	while (fgets(line, sizeof(line), f)) {
		/* The heading and the blank line under it do not start with a space. */
		if (line[0] != ' ')
			continue;
		if (sscanf(line, "%u %u %llu %31s", &major, &minor, &blocks, name) != 4)
			goto fail;
		struct partition *items = realloc(partitions->items, (partitions->sz + 1) * sizeof(*items));
		if (!items)
			goto fail;
		partitions->items = items;
		items[partitions->sz].name = strdup(name);
		items[partitions->sz].dev = MKDEV(major, minor);
		partitions->sz++;
	}
	fclose(f);
	return partitions;
fail:
	if (f)
		fclose(f);
	partitions__free(partitions);
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

const struct partition *partitions__get_by_dev(const struct partitions *partitions, unsigned int dev)
{
	for (int i = 0; i < partitions->sz; i++)
		if (partitions->items[i].dev == dev)
			return &partitions->items[i];
	return NULL;
}

const struct partition *partitions__get_by_name(const struct partitions *partitions, const char *name)
{
	for (int i = 0; i < partitions->sz; i++)
		if (strcmp(partitions->items[i].name, name) == 0)
			return &partitions->items[i];
	return NULL;
}

int str_loadavg(char *buf, size_t buf_len)
{
	char avg[64] = { 0 };
	FILE *f;
	int n;

	if (!buf || buf_len == 0)
		return -EINVAL;
	f = fopen("/proc/loadavg", "r");
	if (!f)
		return -errno;
	n = fread(avg, 1, sizeof(avg) - 1, f);
	fclose(f);
	if (!n)
		return -EIO;
	n = snprintf(buf, buf_len, "loadavg: %s", avg);
	return (size_t)n >= buf_len ? -ERANGE : n;
}

bool is_kernel_module(const char *name)
{
	FILE *f = fopen("/proc/modules", "r");
	char line[256], mod[64];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%63s", mod) == 1 && strcmp(mod, name) == 0;
	fclose(f);
	return found;
}

const char *wasi_bpf_architecture(void)
{
	static struct utsname name;

	return uname(&name) ? "" : name.machine;
}

int wasi_bpf_online_cpus(bool **mask, int *mask_sz)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	bool *online = NULL;
	int first, last, size = 0;
	char sep;

	if (!f)
		return -errno;
	/* "0-3,8,10-11\n": ranges and single CPUs, in increasing order. */
	while (fscanf(f, "%d", &first) == 1) {
		last = first;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-' && fscanf(f, "%d%c", &last, &sep) < 1)
			break;
		bool *grown = realloc(online, (last + 1) * sizeof(*online));
		if (!grown)
			break;
		online = grown;
		memset(online + size, 0, (last + 1 - size) * sizeof(*online));
		for (int cpu = first; cpu <= last; cpu++)
			online[cpu] = true;
		size = last + 1;
		if (sep != ',')
			break;
	}
	fclose(f);
	*mask = online;
	*mask_sz = size;
	return 0;
}

int wasi_bpf_process_comm(unsigned int pid, char *buf, size_t size)
{
	char path[32], comm[64] = { 0 };
	FILE *f;

	if (!buf || size == 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "r");
	if (!f || pid == 0)
		return f ? (fclose(f), -ESRCH) : (errno == ENOENT ? -ESRCH : -errno);
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return snprintf(buf, size, "%s", comm);
}
