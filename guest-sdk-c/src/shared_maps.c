/* Maps outside an object and maps shared between objects
 * (wasi:bpf/shared-maps): bpf_map_create, bpf_map__reuse_fd and
 * bpf_prog_bind_map. Their "fds" are handles of handles.c: a map made by
 * bpf_map_create is a struct bpf_map of no object, as one opened from a
 * pin, freed by close() of its handle. */
#include <stdlib.h>

#include <bpf/bpf.h>

#include "internal.h"

/* Whether `opts` asks for something the host does not offer: BTF (an
 * fd and type ids of it) or a device (an ifindex). */
static const char *unoffered(const struct bpf_map_create_opts *opts)
{
	if (!opts)
		return NULL;
	if (opts->btf_fd || opts->btf_key_type_id || opts->btf_value_type_id || opts->btf_vmlinux_value_type_id)
		return "BTF for the map (btf_fd and its type ids)";
	if (SDK_OPTS_HAS(opts, struct bpf_map_create_opts, map_ifindex) && opts->map_ifindex)
		return "an offloaded map (map_ifindex)";
	return NULL;
}

int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size, __u32 value_size,
		   __u32 max_entries, const struct bpf_map_create_opts *opts)
{
	if (opts && opts->sz < sizeof(size_t))
		return sdk_fail_with(EINVAL, "bpf_map_create_opts: bad sz %zu", opts->sz);
	const char *what = unoffered(opts);
	if (what)
		return sdk_unsupported("bpf_map_create with BTF or a device",
				       what[0] == 'B' ? "the host creates maps without BTF"
						      : "the host does not offload maps to devices");
	wasi_bpf_bpf_map_borrow_map_t inner;
	bool has_inner = opts && opts->inner_map_fd;
	if (has_inner) {
		struct bpf_map *prototype = sdk_map_from_fd((int)opts->inner_map_fd);
		if (!prototype)
			return -errno;
		int ret = sdk_map_handle(prototype, &inner);
		if (ret)
			return ret;
	}
	wasi_bpf_shared_maps_map_definition_t definition = {
		.map_type = sdk_wit_map_type(map_type),
		.name = sdk_str(map_name ? map_name : ""),
		.key_size = key_size,
		.value_size = value_size,
		.max_entries = max_entries,
		.flags = SDK_OPTS_HAS(opts, struct bpf_map_create_opts, map_flags) ? opts->map_flags : 0,
		.numa_node = SDK_OPTS_HAS(opts, struct bpf_map_create_opts, numa_node) ? opts->numa_node : 0,
		.map_extra = SDK_OPTS_HAS(opts, struct bpf_map_create_opts, map_extra) ? opts->map_extra : 0,
	};
	wasi_bpf_bpf_map_own_map_t handle;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_shared_maps_create_map(&definition, has_inner ? &inner : NULL, &handle, &err))
		return sdk_fail(&err);
	struct bpf_map *map = sdk_map_unowned(handle);
	return map ? map->fd : -errno;
}

int bpf_map__reuse_fd(struct bpf_map *map, int fd)
{
	MAP_CONFIGURABLE(map, "the map to reuse");
	/* libbpf asks the kernel for the fd's map info, which answers
	 * EBADFD for a number that is no fd. */
	if (!sdk_handle_is(fd, SDK_HANDLE_MAP))
		return sdk_fail_with(EBADFD, "bpf_map__reuse_fd: %d is not the handle of a map of the guest", fd);
	struct bpf_map *existing = sdk_map_from_fd(fd);
	wasi_bpf_bpf_map_borrow_map_t handle;
	int ret = sdk_map_handle(existing, &handle);
	if (ret)
		return ret;
	sdk_string_t name = sdk_str(map->name);
	sdk_string_t new_name;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_shared_maps_reuse_map(wasi_bpf_bpf_object_borrow_object(map->obj->handle), &name, handle,
					    &new_name, &err))
		return sdk_fail(&err);
	char *renamed = sdk_strdup(&new_name);
	sdk_string_free(&new_name);
	if (!renamed)
		return sdk_fail_with(ENOMEM, "out of memory");
	/* As libbpf, the map is now the kernel map: its name and shape. */
	free(map->name);
	map->name = renamed;
	map->type = existing->type;
	map->key_size = existing->key_size;
	map->value_size = existing->value_size;
	map->max_entries = existing->max_entries;
	map->flags = existing->flags;
	map->map_extra = existing->map_extra;
	return 0;
}

int bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts)
{
	if (opts && opts->sz < sizeof(size_t))
		return sdk_fail_with(EINVAL, "bpf_prog_bind_opts: bad sz %zu", opts->sz);
	if (SDK_OPTS_HAS(opts, struct bpf_prog_bind_opts, flags) && opts->flags)
		return sdk_fail_with(EINVAL, "bpf_prog_bind_map: flags %#x (the kernel takes none)", opts->flags);
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	if (!prog)
		return -errno;
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	if (!map)
		return -errno;
	wasi_bpf_bpf_object_borrow_program_t program;
	wasi_bpf_bpf_map_borrow_map_t handle;
	int ret = sdk_program_handle(prog, &program);
	if (ret || (ret = sdk_map_handle(map, &handle)))
		return ret;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_shared_maps_bind_map(program, handle, &err))
		return sdk_fail(&err);
	return 0;
}
