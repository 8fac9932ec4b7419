/* Configuring an open object before load, with libbpf's names: program
 * type, expected attach type, attach target and log level of a
 * bpf_program; type, sizes, flags, autocreate, NUMA node and initial value
 * of a bpf_map. Each setter asks the host (set-* of wasi:bpf/bpf-object),
 * which checks the value and keeps it in its libbpf object; the SDK keeps
 * a copy for the getters. After load a setter is -EBUSY, as in libbpf. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static wasi_bpf_bpf_object_borrow_object_t object_of(const struct bpf_object *obj)
{
	return wasi_bpf_bpf_object_borrow_object(obj->handle);
}

int sdk_configurable(const struct bpf_object *obj, const char *kind, const char *name, const char *what)
{
	if (obj->loaded)
		return sdk_fail_with(EBUSY, "%s '%s': %s is fixed once the object is loaded", kind, name, what);
	return 0;
}

int sdk_program_read_options(struct bpf_program *prog)
{
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_bpf_object_program_load_options_t options;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_program_load_options(object_of(prog->obj), &name, &options, &err))
		return sdk_fail(&err);
	prog->expected_attach_type = (enum bpf_attach_type)options.expected_attach_type;
	prog->log_level = options.log_level;
	wasi_bpf_bpf_object_program_load_options_free(&options);
	return 0;
}

int sdk_map_read_options(struct bpf_map *map)
{
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_bpf_object_map_create_options_t options;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_map_create_options(object_of(map->obj), &name, &options, &err))
		return sdk_fail(&err);
	map->autocreate = options.autocreate;
	map->numa_node = options.numa_node;
	return 0;
}

/* ---- programs ---------------------------------------------------------- */

enum bpf_prog_type bpf_program__type(const struct bpf_program *prog)
{
	return prog ? prog->type : BPF_PROG_TYPE_UNSPEC;
}

int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type)
{
	PROGRAM_CONFIGURABLE(prog, "the program type");
	/* Case n of the WIT variant is the kernel's type n; `other` the rest. */
	wasi_bpf_types_program_type_t wit_type = { .tag = (uint8_t)type };
	if ((unsigned)type >= WASI_BPF_TYPES_PROGRAM_TYPE_OTHER) {
		wit_type.tag = WASI_BPF_TYPES_PROGRAM_TYPE_OTHER;
		wit_type.val.other = (uint32_t)type;
	}
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_program_type(object_of(prog->obj), &name, &wit_type, &err))
		return sdk_fail(&err);
	prog->type = type;
	return 0;
}

enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog)
{
	return prog ? prog->expected_attach_type : (enum bpf_attach_type)0;
}

int bpf_program__set_expected_attach_type(struct bpf_program *prog, enum bpf_attach_type type)
{
	PROGRAM_CONFIGURABLE(prog, "the expected attach type");
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_expected_attach_type(object_of(prog->obj), &name, (uint32_t)type,
									 &err))
		return sdk_fail(&err);
	prog->expected_attach_type = type;
	return 0;
}

int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd, const char *attach_func_name)
{
	if (!prog || attach_prog_fd < 0)
		return sdk_fail_with(EINVAL, "set_attach_target needs a program and a target");
	if (prog->obj->loaded)
		return sdk_fail_with(EINVAL, "program '%s': the attach target is fixed once the object is loaded",
				     prog->name);
	if (attach_prog_fd)
		return sdk_set_attach_target_program(prog, attach_prog_fd, attach_func_name);
	if (!attach_func_name)
		return sdk_fail_with(EINVAL, "program '%s': set_attach_target needs a function name", prog->name);
	sdk_string_t name = sdk_str(prog->name);
	sdk_string_t target = sdk_str(attach_func_name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_attach_target(object_of(prog->obj), &name, &target, &err))
		return sdk_fail_warn(&err, prog->name);
	return 0;
}

__u32 bpf_program__log_level(const struct bpf_program *prog)
{
	return prog ? prog->log_level : 0;
}

int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level)
{
	PROGRAM_CONFIGURABLE(prog, "the log level");
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_log_level(object_of(prog->obj), &name, log_level, &err))
		return sdk_fail(&err);
	prog->log_level = log_level;
	return 0;
}

/* ---- maps -------------------------------------------------------------- */

int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type)
{
	MAP_CONFIGURABLE(map, "the map type");
	wasi_bpf_types_map_type_t wit_type = sdk_wit_map_type(type);
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_map_type(object_of(map->obj), &name, &wit_type, &err))
		return sdk_fail(&err);
	map->type = type;
	return 0;
}

/* The setters of one u32 of a map: `call` is the host's. */
typedef bool (*map_u32_call)(wasi_bpf_bpf_object_borrow_object_t, sdk_string_t *, uint32_t,
			     wasi_bpf_bpf_object_error_t *);

static int set_map_u32(struct bpf_map *map, const char *what, map_u32_call call, __u32 value, __u32 *field)
{
	MAP_CONFIGURABLE(map, what);
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!call(object_of(map->obj), &name, value, &err))
		return sdk_fail(&err);
	*field = value;
	return 0;
}

int bpf_map__set_key_size(struct bpf_map *map, __u32 size)
{
	return set_map_u32(map, "the key size", wasi_bpf_bpf_object_method_object_set_key_size, size,
			   map ? &map->key_size : NULL);
}

int bpf_map__set_value_size(struct bpf_map *map, __u32 size)
{
	int ret = set_map_u32(map, "the value size", wasi_bpf_bpf_object_method_object_set_value_size, size,
			      map ? &map->value_size : NULL);
	if (!ret && map->initial_value) {
		/* A data section resized: read its new contents when asked. */
		free(map->initial_value);
		map->initial_value = NULL;
	}
	return ret;
}

__u32 bpf_map__map_flags(const struct bpf_map *map)
{
	return map ? map->flags : 0;
}

int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags)
{
	return set_map_u32(map, "the map flags", wasi_bpf_bpf_object_method_object_set_map_flags, flags,
			   map ? &map->flags : NULL);
}

__u32 bpf_map__numa_node(const struct bpf_map *map)
{
	return map ? map->numa_node : 0;
}

int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node)
{
	return set_map_u32(map, "the NUMA node", wasi_bpf_bpf_object_method_object_set_numa_node, numa_node,
			   map ? &map->numa_node : NULL);
}

bool bpf_map__autocreate(const struct bpf_map *map)
{
	return map && map->autocreate;
}

int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate)
{
	MAP_CONFIGURABLE(map, "autocreate");
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_autocreate(object_of(map->obj), &name, autocreate, &err))
		return sdk_fail(&err);
	map->autocreate = autocreate;
	return 0;
}

int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size)
{
	MAP_CONFIGURABLE(map, "the initial value");
	if (!data)
		return sdk_fail_with(EINVAL, "map '%s': no initial value", map->name);
	sdk_string_t name = sdk_str(map->name);
	sdk_list_u8_t value = sdk_bytes(data, size);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_initial_value(object_of(map->obj), &name, &value, &err))
		return sdk_fail(&err);
	if (map->initial_value && map->initial_value_size == size)
		memcpy(map->initial_value, data, size);
	return 0;
}

const void *bpf_map__initial_value(struct bpf_map *map, size_t *psize)
{
	struct bpf_map *m = map;
	if (!m) {
		sdk_fail_with(EINVAL, "no map");
		return NULL;
	}
	if (m->obj->loaded) {
		/* libbpf hands out the live mapping here; globals are read and
		 * written after load with bpf_object__get_global / __set_global. */
		sdk_fail_with(EOPNOTSUPP, "map '%s': after load, read and write its globals with bpf_object__get_global",
			      m->name);
		return NULL;
	}
	if (!m->initial_value) {
		sdk_string_t name = sdk_str(m->name);
		sdk_list_u8_t value;
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_bpf_object_method_object_initial_value(object_of(m->obj), &name, &value, &err)) {
			sdk_fail(&err);
			return NULL;
		}
		/* Kept (not the host's list) so that the guest may write it. */
		m->initial_value = malloc(value.len ? value.len : 1);
		if (!m->initial_value) {
			sdk_list_u8_free(&value);
			sdk_fail_with(ENOMEM, "out of memory");
			return NULL;
		}
		memcpy(m->initial_value, value.ptr, value.len);
		m->initial_value_size = value.len;
		sdk_list_u8_free(&value);
	}
	if (psize)
		*psize = m->initial_value_size;
	return m->initial_value;
}

int sdk_object_push_initial_values(struct bpf_object *obj)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];
		if (!map->initial_value)
			continue;
		sdk_string_t name = sdk_str(map->name);
		sdk_list_u8_t value = sdk_bytes(map->initial_value, map->initial_value_size);
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_bpf_object_method_object_set_initial_value(object_of(obj), &name, &value, &err))
			return sdk_fail_warn(&err, map->name);
	}
	return 0;
}
