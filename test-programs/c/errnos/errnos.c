// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* errnos TID DIR: errno values from the kernel, from libbpf and from libc,
 * printed as a native tool prints them. Built twice from this one source:
 * as a guest (guest-sdk-c) and natively (gcc, glibc, libbpf), and the
 * kernel test compares the two outputs line by line.
 *
 * First, libc's own failures in DIR (a directory the guest is given at the
 * same path), then libbpf's on a map, then "READY" and one line per openat
 * of thread TID: its flags decoded with <fcntl.h>'s O_* and its result
 * with <errno.h>'s names, strerror and a comparison with -ENOENT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "errnos.h"
#include "errnos.skel.h"

static const struct {
	int flag;
	const char *name;
} open_flags[] = {
	{ O_CREAT, "O_CREAT" },	      { O_EXCL, "O_EXCL" },	      { O_NOCTTY, "O_NOCTTY" },
	{ O_TRUNC, "O_TRUNC" },	      { O_APPEND, "O_APPEND" },	      { O_NONBLOCK, "O_NONBLOCK" },
	{ O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" }, { O_CLOEXEC, "O_CLOEXEC" },
};

static const char *flags_name(unsigned flags, char *buf, size_t size)
{
	const char *mode = "?";
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		mode = "O_RDONLY";
		break;
	case O_WRONLY:
		mode = "O_WRONLY";
		break;
	case O_RDWR:
		mode = "O_RDWR";
		break;
	}
	size_t n = snprintf(buf, size, "%s", mode);
	flags &= ~O_ACCMODE;
	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]) && n < size; i++)
		if (flags & open_flags[i].flag) {
			n += snprintf(buf + n, size - n, "|%s", open_flags[i].name);
			flags &= ~open_flags[i].flag;
		}
	if (flags && n < size)
		snprintf(buf + n, size - n, "|%#o", flags);
	return buf;
}

/* "errno 2 ENOENT (No such file or directory)" */
static void print_errno(const char *what, int e)
{
	printf("%s: errno %d %s (%s)%s\n", what, e, strerrorname_np(e) ? strerrorname_np(e) : "?", strerror(e),
	       e == ENOENT ? " is ENOENT" : "");
}

static void libc_checks(const char *dir)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/missing", dir);
	errno = 0;
	fd = open(path, O_RDONLY);
	print_errno(fd < 0 ? "open missing" : "open missing succeeded", errno);
	/* perror's and %m's message: libc reads its own errno. */
	fd = open(path, O_RDONLY);
	printf("open missing again: %m\n");

	/* errno = 0 then a second failure with the same number. */
	errno = 0;
	FILE *f = fopen(path, "r");
	print_errno(f ? "fopen missing succeeded" : "fopen missing", errno);

	errno = 0;
	long big = strtol("99999999999999999999999", NULL, 10);
	print_errno(big == LONG_MAX ? "strtol overflow" : "strtol no overflow", errno);
	errno = 0;
	long small = strtol("12", NULL, 10);
	printf("strtol 12 = %ld, errno %d\n", small, errno);

	snprintf(path, sizeof(path), "%s/created", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		print_errno("create", errno);
	} else {
		int fl = fcntl(fd, F_GETFL);
		printf("create: F_GETFL access %s, O_APPEND %s\n",
		       (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other", fl & O_APPEND ? "set" : "clear");
		close(fd);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	print_errno(fd < 0 ? "create again" : "create again succeeded", errno);
	fd = open(path, O_RDWR | O_APPEND);
	if (fd >= 0) {
		int fl = fcntl(fd, F_GETFL);
		printf("reopen: F_GETFL access %s, O_APPEND %s\n",
		       (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other", fl & O_APPEND ? "set" : "clear");
		close(fd);
	}
	struct stat st;
	if (stat(path, &st) == 0)
		printf("stat file: S_ISREG %d S_ISDIR %d S_ISFIFO %d, type %#o\n", S_ISREG(st.st_mode),
		       S_ISDIR(st.st_mode), S_ISFIFO(st.st_mode), st.st_mode & S_IFMT);
	if (stat(dir, &st) == 0)
		printf("stat dir: S_ISREG %d S_ISDIR %d S_ISFIFO %d, type %#o\n", S_ISREG(st.st_mode),
		       S_ISDIR(st.st_mode), S_ISFIFO(st.st_mode), st.st_mode & S_IFMT);
	unlink(path);

	/* A guest's own failure, through errno and perror's message. */
	errno = EINVAL;
	printf("errno = EINVAL: %d %m\n", errno);
}

static void libbpf_checks(struct errnos_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.lookups);
	__u32 key = 7, value = 1;
	errno = 0;
	int ret = bpf_map_lookup_elem(fd, &key, &value);
	printf("lookup missing key: ret %d, errno %d, %s\n", ret, errno,
	       ret == -ENOENT && errno == ENOENT ? "-ENOENT" : "not -ENOENT");
	ret = bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST);
	printf("update new key: ret %d\n", ret);
	ret = bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST);
	printf("update existing key: ret %d, errno %d %s (%s)\n", ret, errno, strerrorname_np(errno), strerror(-ret));
	ret = bpf_map_delete_elem(fd, &key);
	ret = bpf_map_delete_elem(fd, &key);
	char buf[64];
	libbpf_strerror(ret, buf, sizeof(buf));
	printf("delete missing key: ret %d, %s\n", ret, buf);
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct errnos_event *e = data;
	char flags[128];
	printf("openat %s = ", flags_name(e->flags, flags, sizeof(flags)));
	if (e->ret >= 0)
		printf("fd\n");
	else
		printf("%lld %s (%s)%s\n", (long long)e->ret, strerrorname_np(-e->ret), strerror(-e->ret),
		       e->ret == -ENOENT ? " == -ENOENT" : "");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3) {
		fprintf(stderr, "usage: errnos TID DIR\n");
		return 1;
	}
	libc_checks(argv[2]);

	struct errnos_bpf *skel = errnos_bpf__open();
	if (!skel) {
		fprintf(stderr, "open: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->target_tid = strtoul(argv[1], NULL, 10);
	int err = errnos_bpf__load(skel);
	if (!err)
		err = errnos_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "load or attach: %s\n", strerror(-err));
		errnos_bpf__destroy(skel);
		return 1;
	}
	libbpf_checks(skel);

	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "ring buffer: %s\n", strerror(errno));
		goto out;
	}
	printf("READY\n");
	while ((err = ring_buffer__poll(rb, 100)) >= 0 || err == -EINTR)
		;
	fprintf(stderr, "poll: %s\n", strerror(-err));
out:
	ring_buffer__free(rb);
	errnos_bpf__destroy(skel);
	return err < 0;
}
