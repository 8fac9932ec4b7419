/* bpf_map__btf_key_type_id and bpf_map__btf_value_type_id: the ids in the
 * object's BTF (bpf_object__btf) libbpf 1.1 gives a map. A map of `.maps`
 * has those its definition's `key` and `value` pointers point to (0 for
 * one sized by key_size / value_size); a data section's map (.bss,
 * .rodata.str ...) has its DATASEC as value and no key; any other map 0.
 * Once the object is loaded, the maps the kernel creates without BTF
 * (perf event arrays, stack traces, maps of maps or sockets ...) have 0,
 * as libbpf clears them then. */
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"

/* Kernel map names are 15 characters at most (BPF_OBJ_NAME_LEN - 1). */
#define MAP_NAME_MAX 15

static const struct btf_type *under_mods_and_typedefs(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	for (int depth = 0; t && (btf_is_mod(t) || btf_is_typedef(t)) && depth < 32; depth++)
		t = btf__type_by_id(btf, t->type);
	return t;
}

/* The type `member` of a `.maps` definition points to (0: none). */
static __u32 pointee(const struct btf *btf, const struct btf_type *def, const char *member)
{
	for (__u16 i = 0; i < btf_vlen(def); i++) {
		const struct btf_member *m = &btf_members(def)[i];
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *t = btf__type_by_id(btf, m->type);
		if (name && !strcmp(name, member) && t && btf_is_ptr(t))
			return t->type;
	}
	return 0;
}

/* The definition of `.maps` variable `name`, or NULL. */
static const struct btf_type *maps_definition(const struct btf *btf, const char *name)
{
	__s32 sec = btf__find_by_name_kind(btf, MAPS_ELF_SEC, BTF_KIND_DATASEC);
	if (sec < 0)
		return NULL;
	const struct btf_type *t = btf__type_by_id(btf, sec);
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *var = btf__type_by_id(btf, btf_var_secinfos(t)[i].type);
		const char *var_name = var ? btf__name_by_offset(btf, var->name_off) : NULL;
		if (var_name && !strcmp(var_name, name)) {
			const struct btf_type *def = under_mods_and_typedefs(btf, var->type);
			return def && btf_is_struct(def) ? def : NULL;
		}
	}
	return NULL;
}

/* Whether data section `sec` is the one libbpf named map `map_name` for:
 * OBJ.SECTION for .data, .rodata, .bss, .kconfig (the section's part
 * whole after the last dot); the section's name itself, cut to 15
 * characters, for .data.* and .rodata.* (non-name characters as _). */
static bool names_section(const char *map_name, const char *sec)
{
	if (sec[0] != '.')
		return false;
	if (!strchr(sec + 1, '.')) {
		const char *dot = strrchr(map_name, '.');
		return dot && !strcmp(dot, sec);
	}
	size_t i = 0;
	for (; i < MAP_NAME_MAX && sec[i]; i++) {
		char c = sec[i];
		bool keeps = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
		if (map_name[i] != (keeps ? c : '_'))
			return false;
	}
	return map_name[i] == '\0';
}

/* The DATASEC of an internal map, or 0. */
static __u32 data_section(const struct btf *btf, const char *map_name)
{
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (btf_is_datasec(t) && names_section(map_name, btf__name_by_offset(btf, t->name_off)))
			return id;
	}
	return 0;
}

/* Map types the kernel creates without BTF (libbpf then drops the ids). */
static bool created_without_btf(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return true;
	default:
		return false;
	}
}

static __u32 type_id(const struct bpf_map *map, bool key)
{
	if (!map || !map->name || map->type == BPF_MAP_TYPE_STRUCT_OPS)
		return 0;
	if (map->obj->loaded && created_without_btf(map->type))
		return 0;
	const struct btf *btf = bpf_object__btf(map->obj);
	if (!btf)
		return 0;
	const struct btf_type *def = maps_definition(btf, map->name);
	if (def)
		return pointee(btf, def, key ? "key" : "value");
	return !key && bpf_map__is_internal(map) ? data_section(btf, map->name) : 0;
}

__u32 bpf_map__btf_key_type_id(const struct bpf_map *map)
{
	return type_id(map, true);
}

__u32 bpf_map__btf_value_type_id(const struct bpf_map *map)
{
	return type_id(map, false);
}
