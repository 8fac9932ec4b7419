/* More of how an open object's programs and maps are loaded, with
 * libbpf's names (wasi:bpf/load-options): program flags, map extra, the
 * inner map prototype of a map of maps, offload devices, and the
 * verifier's log of each program into the buffer bpf_program__set_log_buf
 * gave. The setters ask the host, which checks the value and keeps it in
 * its libbpf object; the SDK keeps a copy for the getters. */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static wasi_bpf_bpf_object_borrow_object_t object_of(const struct bpf_object *obj)
{
	return wasi_bpf_bpf_object_borrow_object(obj->handle);
}

int sdk_program_read_load_options(struct bpf_program *prog)
{
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_program_flags(object_of(prog->obj), &name, &prog->flags, &err))
		return sdk_fail(&err);
	return 0;
}

int sdk_map_read_load_options(struct bpf_map *map)
{
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_map_extra(object_of(map->obj), &name, &map->map_extra, &err))
		return sdk_fail(&err);
	return 0;
}

/* ---- programs ---------------------------------------------------------- */

__u32 bpf_program__flags(const struct bpf_program *prog)
{
	return prog ? prog->flags : 0;
}

int bpf_program__set_flags(struct bpf_program *prog, __u32 flags)
{
	PROGRAM_CONFIGURABLE(prog, "the flags");
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_set_program_flags(object_of(prog->obj), &name, flags, &err))
		return sdk_fail(&err);
	prog->flags = flags;
	return 0;
}

/* The name of interface `ifindex` as the host takes it (`*set` false for
 * 0, no interface), or a negative errno. */
static int interface_name(__u32 ifindex, char name[IF_NAMESIZE], bool *set)
{
	*set = ifindex != 0;
	if (*set && !if_indextoname(ifindex, name))
		return sdk_fail_with(ENODEV, "no network interface has index %u", ifindex);
	return 0;
}

void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex)
{
	if (!prog)
		return;
	char buf[IF_NAMESIZE];
	bool set;
	int ret = interface_name(ifindex, buf, &set);
	if (!ret)
		ret = sdk_configurable(prog->obj, "program", prog->name, "the device");
	if (!ret) {
		sdk_string_t name = sdk_str(prog->name);
		sdk_string_t interface = sdk_str(buf);
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_load_options_set_program_interface(object_of(prog->obj), &name, set ? &interface : NULL,
								 &err))
			ret = sdk_fail(&err);
	}
	/* libbpf's setter returns nothing and its load fails with what the
	 * kernel says of the device; here the host may refuse at once (the
	 * policy, no such interface): the load fails with that. */
	prog->load_error = -ret;
	if (ret) {
		prog->load_error_message = strdup(libbpf_wasm_last_error());
		sdk_warn("libbpf: prog '%s': device %u: %s\n", prog->name, ifindex, libbpf_wasm_last_error());
	}
}

int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size)
{
	if (!prog)
		return sdk_fail_with(EINVAL, "no program");
	if (log_size && !log_buf)
		return sdk_fail_with(EINVAL, "program '%s': a log size of %zu without a buffer", prog->name, log_size);
	if (log_size > UINT32_MAX)
		return sdk_fail_with(EINVAL, "program '%s': log size %zu is over 4 GiB", prog->name, log_size);
	PROGRAM_CONFIGURABLE(prog, "the log buffer");
	prog->log_buf = log_buf;
	prog->log_size = log_size;
	return 0;
}

const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size)
{
	if (log_size)
		*log_size = prog ? prog->log_size : 0;
	return prog ? prog->log_buf : NULL;
}

int sdk_object_check_load_options(struct bpf_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *prog = &obj->progs[i];
		if (prog->load_error)
			return sdk_fail_with(prog->load_error, "program '%s': %s", prog->name,
					     prog->load_error_message ? prog->load_error_message : "device refused");
	}
	return 0;
}

/* As the kernel leaves a log too long for its buffer: its end, cut to
 * fit, NUL-terminated. */
static void copy_log(struct bpf_program *prog, const sdk_string_t *log)
{
	size_t len = log->len < prog->log_size - 1 ? log->len : prog->log_size - 1;
	memcpy(prog->log_buf, log->ptr + (log->len - len), len);
	prog->log_buf[len] = '\0';
}

void sdk_object_fill_log_bufs(struct bpf_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct bpf_program *prog = &obj->progs[i];
		if (!prog->log_buf || !prog->log_size)
			continue;
		sdk_string_t name = sdk_str(prog->name);
		sdk_option_string_t log;
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_load_options_program_verifier_log(object_of(obj), &name, &log, &err)) {
			sdk_fail(&err);
			continue;
		}
		if (log.is_some) {
			copy_log(prog, &log.val);
			sdk_string_free(&log.val);
		}
	}
}

/* ---- maps -------------------------------------------------------------- */

/* libbpf's inner map prototype of a map of maps declared with its
 * values (`NAME.inner`): the host describes it, its shape setters take
 * its name. */
struct bpf_map *bpf_map__inner_map(struct bpf_map *map)
{
	if (!map || !map->obj) {
		errno = EINVAL;
		return NULL;
	}
	/* libbpf frees the prototype once it has created the outer map. */
	if (map->obj->loaded)
		return NULL;
	if (map->inner_prototype)
		return map->inner_prototype;
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_load_options_option_map_info_t info;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_inner_map(object_of(map->obj), &name, &info, &err)) {
		sdk_fail(&err);
		return NULL;
	}
	if (!info.is_some) {
		errno = ENOENT;
		return NULL;
	}
	struct bpf_map *inner = calloc(1, sizeof(*inner));
	if (!inner) {
		wasi_bpf_load_options_option_map_info_free(&info);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	/* Not created: no handle, as libbpf's fd -1. */
	inner->fd = -1;
	map->inner_prototype = inner;
	int ret = sdk_map_describe(inner, map->obj, &info.val, false);
	wasi_bpf_load_options_option_map_info_free(&info);
	if (ret) {
		sdk_map_free_inner_prototype(map);
		return NULL;
	}
	return inner;
}

void sdk_map_free_inner_prototype(struct bpf_map *map)
{
	if (!map->inner_prototype)
		return;
	free(map->inner_prototype->name);
	free(map->inner_prototype);
	map->inner_prototype = NULL;
}

__u64 sdk_map_kernel_extra(struct bpf_map *map)
{
	/* A map opened from a pin has no object to ask, and map-info does
	 * not carry map_extra: reported as 0. */
	if (!map->obj)
		return 0;
	sdk_string_t name = sdk_str(map->name);
	__u64 extra = 0;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_map_extra(object_of(map->obj), &name, &extra, &err))
		sdk_fail(&err);
	return extra;
}

__u64 bpf_map__map_extra(const struct bpf_map *map)
{
	return map ? map->map_extra : 0;
}

int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra)
{
	MAP_CONFIGURABLE(map, "map_extra");
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_set_map_extra(object_of(map->obj), &name, map_extra, &err))
		return sdk_fail(&err);
	map->map_extra = map_extra;
	return 0;
}

int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	struct bpf_map *prototype = sdk_map_from_fd(fd);
	if (!prototype)
		return -errno;
	if (prototype->obj != map->obj)
		return sdk_fail_with(EINVAL, "map '%s': inner map fd %d is map '%s' of another object", map->name, fd,
				     prototype->name);
	MAP_CONFIGURABLE(map, "the inner map");
	sdk_string_t name = sdk_str(map->name);
	sdk_string_t inner = sdk_str(prototype->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_set_inner_map(object_of(map->obj), &name, &inner, &err))
		return sdk_fail(&err);
	return 0;
}

int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex)
{
	MAP_CONFIGURABLE(map, "the device");
	char buf[IF_NAMESIZE];
	bool set;
	int ret = interface_name(ifindex, buf, &set);
	if (ret)
		return ret;
	sdk_string_t name = sdk_str(map->name);
	sdk_string_t interface = sdk_str(buf);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_load_options_set_map_interface(object_of(map->obj), &name, set ? &interface : NULL, &err))
		return sdk_fail(&err);
	map->ifindex = ifindex;
	return 0;
}

__u32 bpf_map__ifindex(const struct bpf_map *map)
{
	return map ? map->ifindex : 0;
}
