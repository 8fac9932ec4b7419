/* The "fds" of bpf_map__fd, bpf_program__fd, bpf_link__fd,
 * perf_event_open, open() of a cgroup, BTF ids and bpf_iter_create:
 * indexes in one table of the SDK's maps, programs, links, perf events,
 * cgroup paths, BTF ids and iterator runs, never kernel fds (none reach
 * a guest). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Far above any real fd, so a handle mistaken for one fails loudly. */
#define FD_BASE (1 << 20)

static struct {
	enum sdk_handle_kind kind;
	void *target;
} *table;
static size_t capacity;

int sdk_handle_register(enum sdk_handle_kind kind, void *target)
{
	size_t slot = 0;
	while (slot < capacity && table[slot].target)
		slot++;
	if (slot == capacity) {
		size_t grown = capacity ? capacity * 2 : 16;
		void *bigger = realloc(table, grown * sizeof(*table));
		if (!bigger)
			return sdk_fail_with(ENOMEM, "out of memory");
		table = bigger;
		memset(table + capacity, 0, (grown - capacity) * sizeof(*table));
		capacity = grown;
	}
	table[slot].kind = kind;
	table[slot].target = target;
	return FD_BASE + (int)slot;
}

void sdk_handle_release(int fd)
{
	if (fd >= FD_BASE && (size_t)(fd - FD_BASE) < capacity)
		table[fd - FD_BASE].target = NULL;
}

bool sdk_handle_is(int fd, enum sdk_handle_kind kind)
{
	return fd >= FD_BASE && (size_t)(fd - FD_BASE) < capacity && table[fd - FD_BASE].target &&
	       table[fd - FD_BASE].kind == kind;
}

void *sdk_handle_get(int fd, enum sdk_handle_kind kind)
{
	static const char *const what[] = { [SDK_HANDLE_MAP] = "map (from bpf_map__fd)",
					    [SDK_HANDLE_PROGRAM] = "program (from bpf_program__fd)",
					    [SDK_HANDLE_PERF_EVENT] = "perf event (from perf_event_open)",
					    [SDK_HANDLE_CGROUP] = "cgroup (from open of a /sys/fs/cgroup path)",
					    [SDK_HANDLE_NETNS] = "network namespace (from open of /proc/PID/ns/net or /run/netns/NAME)",
					    [SDK_HANDLE_LINK] = "link (from bpf_link__fd)",
					    [SDK_HANDLE_BTF] = "BTF (from bpf_btf_get_fd_by_id)",
					    [SDK_HANDLE_ITER] = "iterator (from bpf_iter_create)" };
	if (!sdk_handle_is(fd, kind)) {
		sdk_fail_with(EBADF, "%d is not the handle of a %s of an open object", fd, what[kind]);
		return NULL;
	}
	return table[fd - FD_BASE].target;
}

int sdk_handle_next(enum sdk_handle_kind kind, int after)
{
	size_t slot = after < FD_BASE ? 0 : (size_t)(after - FD_BASE) + 1;
	for (; slot < capacity; slot++)
		if (table[slot].target && table[slot].kind == kind)
			return FD_BASE + (int)slot;
	return -1;
}

bool sdk_handle_close(int fd)
{
	if (fd < FD_BASE || (size_t)(fd - FD_BASE) >= capacity || !table[fd - FD_BASE].target)
		return false;
	/* What open(), perf_event_open, bpf_iter_create and bpf_obj_get made is the handle's
	 * own; other maps, programs and links stay their object's or link's
	 * (closing their "fd" changes nothing, as libbpf keeps its own). */
	void *target = table[fd - FD_BASE].target;
	switch (table[fd - FD_BASE].kind) {
	case SDK_HANDLE_PERF_EVENT:
	case SDK_HANDLE_CGROUP:
	case SDK_HANDLE_NETNS:
		free(target);
		table[fd - FD_BASE].target = NULL;
		break;
	case SDK_HANDLE_ITER:
		sdk_iter_close(target);
		table[fd - FD_BASE].target = NULL;
		break;
	case SDK_HANDLE_BTF:
		/* bpf_object__btf_fd's stays its object's, as libbpf's. */
		if (!((struct sdk_kernel_btf *)target)->of_object) {
			free(target);
			table[fd - FD_BASE].target = NULL;
		}
		break;
	case SDK_HANDLE_MAP: {
		struct bpf_map *map = target;
		if (!map->obj && map->extra_fds)
			map->extra_fds--;
		else if (!map->obj)
			sdk_map_unowned_free(map);
		break;
	}
	case SDK_HANDLE_LINK:
		if (((struct bpf_link *)target)->closed_by_fd)
			bpf_link__destroy(target);
		break;
	case SDK_HANDLE_PROGRAM:
		break;
	}
	return true;
}
