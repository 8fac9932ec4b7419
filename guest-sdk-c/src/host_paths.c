/* open() of the host files libbpf callers open only to hand the fd to
 * libbpf: a cgroup v2 directory (libbpf-tools' `-c` options,
 * bpf_program__attach_cgroup) and a network namespace's file
 * (bpf_program__attach_netns). A guest cannot open host files, so the
 * SDK keeps the path under a handle (an "fd" far above real ones, as
 * bpf_map__fd's), and the host opens the file (and judges it against the
 * policy's targets) when the handle is used. */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Where Linux mounts cgroup file systems. */
#define CGROUP_ROOT "/sys/fs/cgroup"

/* `path` with `prefix` taken off, or NULL if it does not start so. */
static const char *after(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 ? path + n : NULL;
}

/* /proc/self/ns/net, /proc/thread-self/ns/net, /proc/PID/ns/net, and
 * what `ip netns` makes: /run/netns/NAME, /var/run/netns/NAME. */
static bool netns_path(const char *path)
{
	const char *rest = after(path, "/proc/");
	if (rest) {
		const char *ns = after(rest, "self") ?: after(rest, "thread-self");
		if (!ns) {
			if (!isdigit((unsigned char)*rest))
				return false;
			for (ns = rest; isdigit((unsigned char)*ns); ns++)
				;
		}
		return strcmp(ns, "/ns/net") == 0;
	}
	const char *name = after(path, "/run/netns/") ?: after(path, "/var/run/netns/");
	return name && *name && !strchr(name, '/');
}

int sdk_host_path_kind(const char *path)
{
	if (!path)
		return -1;
	const char *rest = after(path, CGROUP_ROOT);
	if (rest && (*rest == '\0' || *rest == '/'))
		return SDK_HANDLE_CGROUP;
	return netns_path(path) ? SDK_HANDLE_NETNS : -1;
}

int sdk_host_path_open(const char *path, int flags, enum sdk_handle_kind kind)
{
	/* As the kernel: a directory opens for reading only, and so does
	 * what a namespace file is opened for here. */
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)) {
		bool cgroup = kind == SDK_HANDLE_CGROUP;
		sdk_fail_with(cgroup ? EISDIR : EACCES, "open: %s '%s' opens for reading only (O_RDONLY)",
			      cgroup ? "cgroup" : "network namespace", path);
		return -1;
	}
	char *copy = strdup(path);
	if (!copy) {
		sdk_fail_with(ENOMEM, "out of memory");
		return -1;
	}
	int fd = sdk_handle_register(kind, copy);
	if (fd < 0) {
		free(copy);
		return -1;
	}
	return fd;
}

const char *sdk_cgroup_from_fd(int fd)
{
	return sdk_handle_get(fd, SDK_HANDLE_CGROUP);
}

const char *sdk_netns_from_fd(int fd)
{
	return sdk_handle_get(fd, SDK_HANDLE_NETNS);
}
