/* Updates of maps whose values name kernel objects, as libbpf callers
 * write them: the "fd" of a program (bpf_program__fd) into a program
 * array, of a map (bpf_map__fd) into a map of maps, of a cgroup (open()
 * of its directory) into a cgroup array, and an ifindex (with a devmap
 * program's fd) into a device map. The values hold the SDK's handles,
 * which the host cannot read: each becomes the wasi:bpf/handle-maps call
 * that names the object, and the host checks and writes it. */
#include <net/if.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

bool sdk_map_values_are_handles(const struct bpf_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
		return true;
	default:
		return false;
	}
}

/* The host handle of the program behind "fd" `fd`. */
static int program_of(int fd, wasi_bpf_bpf_object_borrow_program_t *out)
{
	struct bpf_program *prog = sdk_handle_get(fd, SDK_HANDLE_PROGRAM);
	return prog ? sdk_program_handle(prog, out) : -errno;
}

static int devmap_update(struct bpf_map *map, wasi_bpf_bpf_map_borrow_map_t self, sdk_list_u8_t *key,
			 const void *value, wasi_bpf_bpf_map_update_mode_t mode)
{
	/* struct bpf_devmap_val: the ifindex, then (8-byte values) the fd of
	 * a program to run on redirected packets, 0 or less for none. */
	__u32 ifindex;
	int prog_fd = 0;
	memcpy(&ifindex, value, sizeof(ifindex));
	if (map->value_size >= sizeof(ifindex) + sizeof(prog_fd))
		memcpy(&prog_fd, (const char *)value + sizeof(ifindex), sizeof(prog_fd));
	char name[IF_NAMESIZE];
	if (!if_indextoname(ifindex, name))
		return -errno;
	wasi_bpf_bpf_object_borrow_program_t program;
	int ret;
	if (prog_fd > 0 && (ret = program_of(prog_fd, &program)))
		return ret;
	sdk_string_t interface = sdk_str(name);
	wasi_bpf_types_error_t err;
	bool ok = wasi_bpf_handle_maps_update_interface(self, key, &interface, prog_fd > 0 ? &program : NULL, mode, &err);
	return ok ? 0 : sdk_fail(&err);
}

int sdk_handle_map_update(struct bpf_map *map, const void *key, const void *value, __u64 flags)
{
	wasi_bpf_bpf_map_update_mode_t mode;
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if ((ret = sdk_update_mode(map, flags, &mode)) || (ret = sdk_map_handle(map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(key, map->key_size);
	if (map->type == BPF_MAP_TYPE_DEVMAP || map->type == BPF_MAP_TYPE_DEVMAP_HASH)
		return devmap_update(map, self, &k, value, mode);
	int fd;
	memcpy(&fd, value, sizeof(fd));
	wasi_bpf_types_error_t err;
	bool ok;
	switch (map->type) {
	case BPF_MAP_TYPE_PROG_ARRAY: {
		wasi_bpf_bpf_object_borrow_program_t program;
		if ((ret = program_of(fd, &program)))
			return ret;
		ok = wasi_bpf_handle_maps_update_program(self, &k, program, mode, &err);
		break;
	}
	case BPF_MAP_TYPE_CGROUP_ARRAY: {
		const char *path = sdk_cgroup_from_fd(fd);
		if (!path)
			return -errno;
		sdk_string_t p = sdk_str(path);
		ok = wasi_bpf_handle_maps_update_cgroup(self, &k, &p, mode, &err);
		break;
	}
	default: {
		/* A map of maps. */
		struct bpf_map *inner_map = sdk_map_from_fd(fd);
		wasi_bpf_bpf_map_borrow_map_t inner;
		if (!inner_map)
			return -errno;
		if ((ret = sdk_map_handle(inner_map, &inner)))
			return ret;
		ok = wasi_bpf_handle_maps_update_map(self, &k, inner, mode, &err);
		break;
	}
	}
	return ok ? 0 : sdk_fail(&err);
}
