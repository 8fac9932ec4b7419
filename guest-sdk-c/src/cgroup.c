/* open() of a cgroup v2 directory, as libbpf-tools' `-c` options and
 * bpf_program__attach_cgroup callers do it: a guest cannot open host
 * cgroups, so the SDK keeps the path under a handle (an "fd" far above
 * real ones, as bpf_map__fd's), and the host opens the cgroup (and
 * checks it against the policy's cgroup targets) when the handle is put
 * into a cgroup array or a program is attached to it. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Where Linux mounts cgroup file systems. */
#define CGROUP_ROOT "/sys/fs/cgroup"

bool sdk_cgroup_path(const char *path)
{
	size_t n = strlen(CGROUP_ROOT);
	return path && strncmp(path, CGROUP_ROOT, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int sdk_cgroup_open(const char *path, int flags)
{
	/* As the kernel for a directory: it opens for reading only. */
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)) {
		sdk_fail_with(EISDIR, "open: cgroup '%s' is a directory: open it O_RDONLY", path);
		return -1;
	}
	char *copy = strdup(path);
	if (!copy) {
		sdk_fail_with(ENOMEM, "out of memory");
		return -1;
	}
	int fd = sdk_handle_register(SDK_HANDLE_CGROUP, copy);
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
