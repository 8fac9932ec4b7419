/* bpf_{prog,map,link}_get_next_id and bpf_{prog,map,link}_get_fd_by_id
 * (and _opts): the kernel's ids, within the guest's own view. As a
 * process in a PID namespace sees only its namespace's pids, a guest
 * sees the ids of its own loaded programs, created maps and links alone:
 * the walk goes from one of them to the next, and an id that is not the
 * guest's is not there (ENOENT, as the kernel answers for an id no
 * object has). The "fd" of an id is the SDK handle bpf_program__fd /
 * bpf_map__fd / bpf_link__fd gives; closing it closes nothing, as
 * closing those. (BTF ids: kernel_btf_ids.c.) */
#include <bpf/bpf.h>

#include "internal.h"

int sdk_program_id(struct bpf_program *prog, __u32 *id)
{
	wasi_bpf_bpf_object_borrow_program_t self;
	int ret = sdk_program_handle(prog, &self);
	if (ret)
		return ret;
	wasi_bpf_bpf_object_program_kernel_info_t got;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_program_kernel_info(self, &got, &err))
		return sdk_fail(&err);
	*id = got.id;
	wasi_bpf_bpf_object_program_kernel_info_free(&got);
	return 0;
}

static int map_id(struct bpf_map *map, __u32 *id)
{
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret = sdk_map_handle(map, &self);
	if (ret)
		return ret;
	wasi_bpf_bpf_map_map_kernel_info_t got;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_kernel_info(self, &got, &err))
		return sdk_fail(&err);
	*id = got.id;
	wasi_bpf_bpf_map_map_kernel_info_free(&got);
	return 0;
}

int sdk_link_kernel_info(struct bpf_link *link, wasi_bpf_bpf_object_link_kernel_info_t *got)
{
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_link_kernel_info(wasi_bpf_bpf_object_borrow_link(link->handle), got, &err))
		return sdk_fail(&err);
	return 0;
}

/* The kernel id behind handle `fd` of `kind`; 0 for a program or map
 * that is not in the kernel (its object not loaded, autoload or
 * autocreate off) and for a link that is none (detached, a socket or tc
 * filter). */
static __u32 id_of(enum sdk_handle_kind kind, int fd)
{
	__u32 id = 0;
	if (kind == SDK_HANDLE_LINK) {
		wasi_bpf_bpf_object_link_kernel_info_t got;
		if (!sdk_link_kernel_info(sdk_handle_get(fd, kind), &got)) {
			id = got.id;
			wasi_bpf_bpf_object_link_kernel_info_free(&got);
		}
	} else if (kind == SDK_HANDLE_PROGRAM) {
		struct bpf_program *prog = sdk_handle_get(fd, kind);
		if (prog->obj->loaded && prog->autoload && sdk_program_id(prog, &id))
			id = 0;
	} else {
		struct bpf_map *map = sdk_handle_get(fd, kind);
		/* A map opened from a pin (no object) exists in the kernel. */
		if ((!map->obj || map->obj->loaded) && map->autocreate && map_id(map, &id))
			id = 0;
	}
	return id;
}

/* The guest's smallest id of `kind` above `start_id`, as the kernel's
 * BPF_*_GET_NEXT_ID; -ENOENT after the last. */
static int walk_ids(const char *call, enum sdk_handle_kind kind, __u32 start_id, __u32 *next)
{
	if (!next)
		return sdk_fail_with(EINVAL, "%s: no next_id", call);
	__u32 best = 0;
	for (int fd = sdk_handle_next(kind, -1); fd >= 0; fd = sdk_handle_next(kind, fd)) {
		__u32 id = id_of(kind, fd);
		if (id > start_id && (!best || id < best))
			best = id;
	}
	if (!best)
		return sdk_fail_with(ENOENT, "%s: the guest has no id above %u", call, start_id);
	*next = best;
	return 0;
}

/* The handle of the guest's object of `kind` with kernel id `id`. */
static int fd_by_id(const char *call, enum sdk_handle_kind kind, __u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	__u32 flags = SDK_OPTS_HAS(opts, struct bpf_get_fd_by_id_opts, open_flags) ? opts->open_flags : 0;
	if (flags)
		return sdk_fail_with(kind == SDK_HANDLE_MAP ? EOPNOTSUPP : EINVAL,
				     "%s: open_flags 0x%x: a guest's handle is the object's own, read-write", call,
				     flags);
	for (int fd = sdk_handle_next(kind, -1); id && fd >= 0; fd = sdk_handle_next(kind, fd)) {
		if (id_of(kind, fd) != id)
			continue;
		struct bpf_map *map = kind == SDK_HANDLE_MAP ? sdk_handle_get(fd, kind) : NULL;
		if (map && !map->obj)
			map->extra_fds++;
		return fd;
	}
	static const char *const what[] = { [SDK_HANDLE_PROGRAM] = "program", [SDK_HANDLE_MAP] = "map",
					    [SDK_HANDLE_LINK] = "link" };
	return sdk_fail_with(ENOENT, "%s: the guest has no %s of id %u", call, what[kind], id);
}

int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return walk_ids("bpf_prog_get_next_id", SDK_HANDLE_PROGRAM, start_id, next_id);
}

int bpf_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return walk_ids("bpf_map_get_next_id", SDK_HANDLE_MAP, start_id, next_id);
}

int bpf_prog_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id("bpf_prog_get_fd_by_id", SDK_HANDLE_PROGRAM, id, opts);
}

int bpf_prog_get_fd_by_id(__u32 id)
{
	return bpf_prog_get_fd_by_id_opts(id, NULL);
}

int bpf_map_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id("bpf_map_get_fd_by_id", SDK_HANDLE_MAP, id, opts);
}

int bpf_map_get_fd_by_id(__u32 id)
{
	return bpf_map_get_fd_by_id_opts(id, NULL);
}

int bpf_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return walk_ids("bpf_link_get_next_id", SDK_HANDLE_LINK, start_id, next_id);
}

int bpf_link_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	return fd_by_id("bpf_link_get_fd_by_id", SDK_HANDLE_LINK, id, opts);
}

int bpf_link_get_fd_by_id(__u32 id)
{
	return bpf_link_get_fd_by_id_opts(id, NULL);
}
