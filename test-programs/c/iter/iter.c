// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* iter: BPF iterators through libbpf's bpf_program__attach_iter,
 * bpf_iter_create and read(). `iter map` fills a hash map with squares
 * and prints what a bpf_map_elem iterator over it writes; `iter task PID`
 * prints a task iterator's lines for process PID; `iter twice PID` reads
 * two runs of one such link; `iter cgroup PATH ORDER` prints a cgroup
 * iterator's lines from cgroup PATH (`-`: none given, the root) in ORDER
 * (self, pre, post or up). Only the program a mode uses is loaded (a
 * kernel may refuse one iterator target and not another). Built as a
 * guest and natively; the kernel test compares the lines. The refusals
 * (`iter foreign-map`, `iter after-destroy PID`) are the sandbox's own,
 * guest only. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "iter.skel.h"

/* Prints one run of `link`'s iterator, read `piece` bytes at a time (at
 * most 4096; a line may span two reads); -errno of a failed create or
 * read. */
static int print_run(struct bpf_link *link, size_t piece)
{
	int fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0)
		return -errno;
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, piece)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	int err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

/* Reads of 7 bytes: lines span reads. */
#define SMALL_READS 7

static struct bpf_link *attach_map_iter(struct bpf_program *prog, struct bpf_map *map)
{
	union bpf_iter_link_info info;
	memset(&info, 0, sizeof(info));
	info.map.map_fd = bpf_map__fd(map);
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &info, .link_info_len = sizeof(info));
	return bpf_program__attach_iter(prog, &opts);
}

static struct bpf_link *attach_task_iter(struct bpf_program *prog, const char *pid)
{
	union bpf_iter_link_info info;
	memset(&info, 0, sizeof(info));
	info.task.pid = (__u32)atoi(pid);
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &info, .link_info_len = sizeof(info));
	return bpf_program__attach_iter(prog, &opts);
}

static const char *const cgroup_orders[] = {
	[BPF_CGROUP_ITER_SELF_ONLY] = "self",
	[BPF_CGROUP_ITER_DESCENDANTS_PRE] = "pre",
	[BPF_CGROUP_ITER_DESCENDANTS_POST] = "post",
	[BPF_CGROUP_ITER_ANCESTORS_UP] = "up",
};

/* A cgroup iterator from cgroup `path` (`-`: the kernel's default, the
 * root) in order `order`; NULL with errno for a bad order or path. */
static struct bpf_link *attach_cgroup_iter(struct bpf_program *prog, const char *path, const char *order)
{
	union bpf_iter_link_info info;
	memset(&info, 0, sizeof(info));
	for (unsigned i = 0; i < sizeof(cgroup_orders) / sizeof(cgroup_orders[0]); i++)
		if (cgroup_orders[i] && !strcmp(order, cgroup_orders[i]))
			info.cgroup.order = i;
	if (!info.cgroup.order) {
		errno = EINVAL;
		return NULL;
	}
	int fd = -1;
	if (strcmp(path, "-")) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return NULL;
		info.cgroup.cgroup_fd = (__u32)fd;
	}
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &info, .link_info_len = sizeof(info));
	struct bpf_link *link = bpf_program__attach_iter(prog, &opts);
	if (fd >= 0)
		close(fd);
	return link;
}

static int fill_squares(struct iter_bpf *skel)
{
	for (__u32 key = 1; key <= 5; key++) {
		__u64 value = (__u64)key * key;
		if (bpf_map__update_elem(skel->maps.squares, &key, sizeof(key), &value, sizeof(value), BPF_ANY))
			return -errno;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	const char *mode = argv[1];
	bool over_map = !strcmp(mode, "map") || !strcmp(mode, "foreign-map");
	bool over_cgroups = !strcmp(mode, "cgroup");
	if (argc != (over_map ? 2 : over_cgroups ? 4 : 3))
		return 2;
	struct iter_bpf *skel = iter_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	struct bpf_program *used = over_map ? skel->progs.dump_squares
				   : over_cgroups ? skel->progs.list_cgroups
						  : skel->progs.list_tasks;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, prog == used);
	if (iter_bpf__load(skel)) {
		printf("open_and_load: %d\n", -errno);
		return 1;
	}
	int err = 0;
	if (!strcmp(mode, "map")) {
		err = fill_squares(skel);
		struct bpf_link *link = err ? NULL : attach_map_iter(skel->progs.dump_squares, skel->maps.squares);
		if (!link) {
			printf("attach_iter: %d\n", err ? err : -errno);
			return 1;
		}
		err = print_run(link, SMALL_READS);
		bpf_link__destroy(link);
	} else if (over_cgroups) {
		struct bpf_link *link = attach_cgroup_iter(skel->progs.list_cgroups, argv[2], argv[3]);
		if (!link) {
			printf("attach_iter: %d\n", -errno);
			return 1;
		}
		/* The kernel walks cgroups within one read(): a second read of an
		 * unfinished walk is EOPNOTSUPP. */
		err = print_run(link, 4096);
		bpf_link__destroy(link);
	} else if (!strcmp(mode, "task") || !strcmp(mode, "twice")) {
		struct bpf_link *link = attach_task_iter(skel->progs.list_tasks, argv[2]);
		if (!link) {
			printf("attach_iter: %d\n", -errno);
			return 1;
		}
		err = print_run(link, SMALL_READS);
		if (!err && !strcmp(mode, "twice")) {
			printf("--\n");
			err = print_run(link, SMALL_READS);
		}
		bpf_link__destroy(link);
#ifdef __wasi__
	} else if (!strcmp(mode, "after-destroy")) {
		struct bpf_link *link = attach_task_iter(skel->progs.list_tasks, argv[2]);
		int fd = link ? bpf_iter_create(bpf_link__fd(link)) : -1;
		char buf[64];
		printf("create: %s\n", fd < 0 ? "failed" : "ok");
		bpf_link__destroy(link);
		ssize_t n = read(fd, buf, sizeof(buf));
		printf("read after destroy: %zd, errno %d (%s)\n", n, n < 0 ? errno : 0,
		       n < 0 ? libbpf_wasm_last_error() : "");
		close(fd);
	} else if (!strcmp(mode, "foreign-map")) {
		/* A map of another object: the link would hold a map its own
		 * object does not count. */
		struct iter_bpf *other = iter_bpf__open_and_load();
		struct bpf_link *link = other ? attach_map_iter(skel->progs.dump_squares, other->maps.squares) : NULL;
		printf("attach over another object's map: %s, errno %d (%s)\n", link ? "attached" : "refused",
		       link ? 0 : errno, link ? "" : libbpf_wasm_last_error());
		bpf_link__destroy(link);
		iter_bpf__destroy(other);
#endif
	} else {
		return 2;
	}
	if (err)
		printf("run: %d\n", err);
	iter_bpf__destroy(skel);
	return err ? 1 : 0;
}
