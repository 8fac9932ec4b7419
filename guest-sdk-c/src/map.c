/* bpf_map and the fd-style calls of bpf/bpf.h: element access with
 * libbpf's size checks and per-CPU layout, key iteration, batches. The
 * "fd" of a map is a handle of handles.c, never a kernel fd. */
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

int sdk_map_register(struct bpf_map *map)
{
	int fd = sdk_handle_register(SDK_HANDLE_MAP, map);
	if (fd < 0)
		return fd;
	map->fd = fd;
	return 0;
}

void sdk_map_release(struct bpf_map *map)
{
	sdk_handle_release(map->fd);
	if (map->has_handle)
		wasi_bpf_bpf_map_map_drop_own(map->handle);
	map->has_handle = false;
}

struct bpf_map *sdk_map_from_fd(int fd)
{
	return sdk_handle_get(fd, SDK_HANDLE_MAP);
}

int sdk_map_handle(struct bpf_map *map, wasi_bpf_bpf_map_borrow_map_t *out)
{
	if (!map->has_handle) {
		sdk_string_t name = sdk_str(map->name);
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_bpf_object_method_object_map(wasi_bpf_bpf_object_borrow_object(map->obj->handle), &name,
							   &map->handle, &err))
			return sdk_fail(&err);
		map->has_handle = true;
	}
	*out = wasi_bpf_bpf_map_borrow_map(map->handle);
	return 0;
}

/* Maps of values without keys, which libbpf reaches with a NULL key. */
static bool value_only(const struct bpf_map *map)
{
	return map->type == BPF_MAP_TYPE_QUEUE || map->type == BPF_MAP_TYPE_STACK ||
	       map->type == BPF_MAP_TYPE_BLOOM_FILTER;
}

/* Copies an optional value the host returned into `value` (the map's
 * value size at most) and frees it; -ENOENT, saying `missing`, for none. */
static int take_value(const struct bpf_map *map, sdk_option_list_u8_t *found, void *value, const char *missing)
{
	if (!found->is_some)
		return sdk_fail_with(ENOENT, "map '%s' %s", map->name, missing);
	size_t n = found->val.len < map->value_size ? found->val.len : map->value_size;
	memcpy(value, found->val.ptr, n);
	sdk_option_list_u8_free(found);
	return 0;
}

enum value_call {
	PUSH,
	PEEK,
	POP,
};

/* libbpf's NULL-key calls on a queue, stack or bloom filter. */
static int value_call(struct bpf_map *map, enum value_call call, void *value, __u64 flags)
{
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret = sdk_map_handle(map, &self);
	if (ret)
		return ret;
	sdk_list_u8_t v = sdk_bytes(value, map->value_size);
	sdk_option_list_u8_t got;
	wasi_bpf_types_error_t err;
	bool ok;
	switch (call) {
	case PUSH:
		if (flags != BPF_ANY && flags != BPF_EXIST)
			return sdk_fail_with(EINVAL, "map '%s': push flags are BPF_ANY or BPF_EXIST", map->name);
		ok = wasi_bpf_bpf_map_method_map_push(self, &v, flags == BPF_EXIST, &err);
		return ok ? 0 : sdk_fail(&err);
	case PEEK:
		if (map->type == BPF_MAP_TYPE_BLOOM_FILTER) {
			bool found;
			if (!wasi_bpf_bpf_map_method_map_contains(self, &v, &found, &err))
				return sdk_fail(&err);
			return found ? 0 : sdk_fail_with(ENOENT, "map '%s' does not hold the value", map->name);
		}
		ok = wasi_bpf_bpf_map_method_map_peek(self, &got, &err);
		return ok ? take_value(map, &got, value, "is empty") : sdk_fail(&err);
	default:
		ok = wasi_bpf_bpf_map_method_map_pop(self, &got, &err);
		return ok ? take_value(map, &got, value, "is empty") : sdk_fail(&err);
	}
}

int bpf_map_freeze(int fd)
{
	struct bpf_map *map = sdk_map_from_fd(fd);
	wasi_bpf_bpf_map_borrow_map_t self;
	wasi_bpf_types_error_t err;
	int ret;
	if (!map)
		return -errno;
	if ((ret = sdk_map_handle(map, &self)))
		return ret;
	return wasi_bpf_bpf_map_method_map_freeze(self, &err) ? 0 : sdk_fail(&err);
}

bool sdk_map_is_percpu(const struct bpf_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return true;
	default:
		return false;
	}
}

const char *bpf_map__name(const struct bpf_map *map)
{
	return map ? map->name : NULL;
}

enum bpf_map_type bpf_map__type(const struct bpf_map *map)
{
	return map ? map->type : BPF_MAP_TYPE_UNSPEC;
}

__u32 bpf_map__key_size(const struct bpf_map *map)
{
	return map ? map->key_size : 0;
}

__u32 bpf_map__value_size(const struct bpf_map *map)
{
	return map ? map->value_size : 0;
}

__u32 bpf_map__max_entries(const struct bpf_map *map)
{
	return map ? map->max_entries : 0;
}

int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	/* libbpf's answer; the host's invalid-state would read as EINVAL. */
	if (map->obj->loaded)
		return sdk_fail_with(EBUSY, "map '%s': max_entries is fixed once the object is loaded", map->name);
	sdk_string_t name = sdk_str(map->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_max_entries(wasi_bpf_bpf_object_borrow_object(map->obj->handle),
							       &name, max_entries, &err))
		return sdk_fail(&err);
	map->max_entries = max_entries;
	return 0;
}

/* libbpf names the maps it makes for data sections OBJ.SECTION; a map
 * the program defines has a C identifier for a name. */
bool bpf_map__is_internal(const struct bpf_map *map)
{
	return map && map->name && strchr(map->name, '.');
}

/* The host knows the pin paths LIBBPF_PIN_BY_NAME gave at open; asked
 * once (a read of the object: no capability needed). */
const char *bpf_map__pin_path(const struct bpf_map *map)
{
	if (!map)
		return NULL;
	if (!map->pin_path_known && map->obj) {
		/* libbpf's getter takes a const map; the cache is the SDK's. */
		struct bpf_map *m = (struct bpf_map *)map;
		sdk_string_t name = sdk_str(map->name);
		sdk_option_string_t path;
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_pins_pin_path(wasi_bpf_bpf_object_borrow_object(map->obj->handle), &name, &path, &err)) {
			sdk_fail(&err);
			return NULL;
		}
		if (path.is_some) {
			m->pin_path = sdk_strdup(&path.val);
			sdk_option_string_free(&path);
		}
		m->pin_path_known = true;
	}
	return map->pin_path;
}

bool bpf_map__is_pinned(const struct bpf_map *map)
{
	if (!map)
		return false;
	switch (map->pin_state) {
	case SDK_PIN_PINNED:
		return true;
	case SDK_PIN_UNPINNED:
		return false;
	case SDK_PIN_AT_LOAD:
		break;
	}
	/* libbpf pins (or reuses) every map with a pin path at load. */
	return map->obj && map->obj->loaded && bpf_map__autocreate(map) && bpf_map__pin_path(map);
}

struct bpf_map *sdk_map_unowned(wasi_bpf_bpf_map_own_map_t handle)
{
	wasi_bpf_bpf_map_map_info_t info;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_info(wasi_bpf_bpf_map_borrow_map(handle), &info, &err)) {
		wasi_bpf_bpf_map_map_drop_own(handle);
		sdk_fail(&err);
		return NULL;
	}
	struct bpf_map *map = calloc(1, sizeof(*map));
	if (map)
		map->name = sdk_strdup(&info.name);
	if (!map || !map->name || sdk_map_register(map)) {
		wasi_bpf_bpf_map_map_info_free(&info);
		wasi_bpf_bpf_map_map_drop_own(handle);
		if (map)
			free(map->name);
		free(map);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	map->type = sdk_map_type(&info.map_type);
	map->key_size = info.key_size;
	map->value_size = info.value_size;
	map->max_entries = info.max_entries;
	map->flags = info.flags;
	map->autocreate = true;
	map->handle = handle;
	map->has_handle = true;
	wasi_bpf_bpf_map_map_info_free(&info);
	return map;
}

void sdk_map_unowned_free(struct bpf_map *map)
{
	sdk_map_release(map);
	free(map->name);
	free(map->pin_path);
	free(map);
}

int bpf_map__fd(const struct bpf_map *map)
{
	return map ? map->fd : sdk_fail_with(EINVAL, "no map");
}

int libbpf_num_possible_cpus(void)
{
	return (int)wasi_bpf_bpf_map_possible_cpus();
}

/* One CPU's slot in a per-CPU value buffer: the kernel's 8-byte stride. */
static size_t percpu_stride(const struct bpf_map *map)
{
	return (map->value_size + 7) & ~(size_t)7;
}

/* The value buffer size libbpf expects for `map`. */
static size_t value_buffer_size(const struct bpf_map *map)
{
	if (sdk_map_is_percpu(map))
		return percpu_stride(map) * (size_t)libbpf_num_possible_cpus();
	return map->value_size;
}

static int check_sizes(const struct bpf_map *map, size_t key_sz, size_t value_sz, bool has_value)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	if (key_sz != map->key_size)
		return sdk_fail_with(EINVAL, "map '%s': key of %zu bytes, the map's are %u", map->name, key_sz,
				     map->key_size);
	if (has_value && value_sz != value_buffer_size(map))
		return sdk_fail_with(EINVAL, "map '%s': value buffer of %zu bytes, the map needs %zu", map->name,
				     value_sz, value_buffer_size(map));
	return 0;
}

int bpf_map__lookup_elem(const struct bpf_map *map, const void *key, size_t key_sz, void *value, size_t value_sz,
			 __u64 flags)
{
	int ret = check_sizes(map, key_sz, value_sz, true);
	if (ret)
		return ret;
	if (flags & ~(__u64)BPF_F_LOCK)
		return sdk_fail_with(EINVAL, "map '%s': invalid lookup flags %#llx", map->name, (unsigned long long)flags);
	wasi_bpf_bpf_map_borrow_map_t self;
	if ((ret = sdk_map_handle((struct bpf_map *)map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(key, key_sz);
	wasi_bpf_types_error_t err;
	if (!sdk_map_is_percpu(map)) {
		sdk_option_list_u8_t found;
		bool ok = flags ? wasi_bpf_bpf_map_method_map_lookup_locked(self, &k, &found, &err)
				: wasi_bpf_bpf_map_method_map_lookup(self, &k, &found, &err);
		return ok ? take_value(map, &found, value, "has no such key") : sdk_fail(&err);
	}
	if (flags)
		return sdk_fail_with(EINVAL, "map '%s': per-CPU values have no lock", map->name);
	sdk_option_list_list_u8_t found;
	if (!wasi_bpf_bpf_map_method_map_lookup_percpu(self, &k, &found, &err))
		return sdk_fail(&err);
	if (!found.is_some)
		return sdk_fail_with(ENOENT, "map '%s': no such key", map->name);
	size_t stride = percpu_stride(map);
	memset(value, 0, value_sz);
	for (size_t cpu = 0; cpu < found.val.len && (cpu + 1) * stride <= value_sz; cpu++) {
		size_t n = found.val.ptr[cpu].len < map->value_size ? found.val.ptr[cpu].len : map->value_size;
		memcpy((char *)value + cpu * stride, found.val.ptr[cpu].ptr, n);
	}
	sdk_option_list_list_u8_free(&found);
	return 0;
}

int sdk_update_mode(const struct bpf_map *map, __u64 flags, wasi_bpf_bpf_map_update_mode_t *mode)
{
	switch (flags) {
	case BPF_ANY:
		*mode = WASI_BPF_BPF_MAP_UPDATE_MODE_ANY;
		return 0;
	case BPF_NOEXIST:
		*mode = WASI_BPF_BPF_MAP_UPDATE_MODE_NO_EXIST;
		return 0;
	case BPF_EXIST:
		*mode = WASI_BPF_BPF_MAP_UPDATE_MODE_EXIST;
		return 0;
	default:
		return sdk_fail_with(EINVAL, "map '%s': invalid update flags %#llx", map->name, (unsigned long long)flags);
	}
}

int bpf_map__update_elem(const struct bpf_map *map, const void *key, size_t key_sz, const void *value,
			 size_t value_sz, __u64 flags)
{
	int ret = check_sizes(map, key_sz, value_sz, true);
	if (!ret && sdk_map_values_are_handles(map))
		return sdk_handle_map_update((struct bpf_map *)map, key, value, flags);
	bool locked = flags & BPF_F_LOCK;
	wasi_bpf_bpf_map_update_mode_t mode;
	wasi_bpf_bpf_map_borrow_map_t self;
	if (ret || (ret = sdk_update_mode(map, flags & ~(__u64)BPF_F_LOCK, &mode)) ||
	    (ret = sdk_map_handle((struct bpf_map *)map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(key, key_sz);
	wasi_bpf_types_error_t err;
	if (!sdk_map_is_percpu(map)) {
		sdk_list_u8_t v = sdk_bytes(value, value_sz);
		bool ok = locked ? wasi_bpf_bpf_map_method_map_update_locked(self, &k, &v, mode, &err)
				 : wasi_bpf_bpf_map_method_map_update(self, &k, &v, mode, &err);
		return ok ? 0 : sdk_fail(&err);
	}
	if (locked)
		return sdk_fail_with(EINVAL, "map '%s': per-CPU values have no lock", map->name);
	size_t cpus = (size_t)libbpf_num_possible_cpus(), stride = percpu_stride(map);
	sdk_list_u8_t *per_cpu = malloc(cpus * sizeof(*per_cpu));
	if (!per_cpu)
		return sdk_fail_with(ENOMEM, "out of memory");
	for (size_t cpu = 0; cpu < cpus; cpu++)
		per_cpu[cpu] = sdk_bytes((const char *)value + cpu * stride, map->value_size);
	sdk_list_list_u8_t values = { .ptr = per_cpu, .len = cpus };
	bool ok = wasi_bpf_bpf_map_method_map_update_percpu(self, &k, &values, mode, &err);
	free(per_cpu);
	return ok ? 0 : sdk_fail(&err);
}

int bpf_map__delete_elem(const struct bpf_map *map, const void *key, size_t key_sz, __u64 flags)
{
	int ret = check_sizes(map, key_sz, 0, false);
	wasi_bpf_bpf_map_borrow_map_t self;
	if (ret || (ret = sdk_map_handle((struct bpf_map *)map, &self)))
		return ret;
	if (flags)
		return sdk_fail_with(EOPNOTSUPP, "map '%s': delete flags are not supported", map->name);
	sdk_list_u8_t k = sdk_bytes(key, key_sz);
	wasi_bpf_types_error_t err;
	bool deleted;
	if (!wasi_bpf_bpf_map_method_map_delete(self, &k, &deleted, &err))
		return sdk_fail(&err);
	return deleted ? 0 : sdk_fail_with(ENOENT, "map '%s': no such key", map->name);
}

int bpf_map__lookup_and_delete_elem(const struct bpf_map *map, const void *key, size_t key_sz, void *value,
				    size_t value_sz, __u64 flags)
{
	int ret = check_sizes(map, key_sz, value_sz, true);
	wasi_bpf_bpf_map_borrow_map_t self;
	if (ret || (ret = sdk_map_handle((struct bpf_map *)map, &self)))
		return ret;
	if (flags)
		return sdk_fail_with(EOPNOTSUPP, "map '%s': lookup-and-delete flags are not supported", map->name);
	sdk_list_u8_t k = sdk_bytes(key, key_sz);
	sdk_option_list_u8_t found;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_lookup_and_delete(self, &k, &found, &err))
		return sdk_fail(&err);
	return take_value(map, &found, value, "has no such key");
}

int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key, void *next_key, size_t key_sz)
{
	int ret = check_sizes(map, key_sz, 0, false);
	wasi_bpf_bpf_map_borrow_map_t self;
	if (ret || (ret = sdk_map_handle((struct bpf_map *)map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(cur_key, key_sz);
	sdk_option_list_u8_t next;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_next_key(self, cur_key ? &k : NULL, &next, &err))
		return sdk_fail(&err);
	if (!next.is_some)
		return sdk_fail_with(ENOENT, "map '%s': no more keys", map->name);
	memcpy(next_key, next.val.ptr, next.val.len < key_sz ? next.val.len : key_sz);
	sdk_option_list_u8_free(&next);
	return 0;
}

/* ---- bpf/bpf.h: the same calls by handle, with the map's own sizes ---- */

#define MAP_OF(fd)                                                            \
	struct bpf_map *map = sdk_map_from_fd(fd);                            \
	if (!map)                                                             \
		return -errno

int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return bpf_map_lookup_elem_flags(fd, key, value, 0);
}

int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags)
{
	MAP_OF(fd);
	if (value_only(map) && !key)
		return value_call(map, PEEK, value, flags);
	return bpf_map__lookup_elem(map, key, map->key_size, value, value_buffer_size(map), flags);
}

int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
	MAP_OF(fd);
	if (value_only(map) && !key)
		return value_call(map, PUSH, (void *)value, flags);
	return bpf_map__update_elem(map, key, map->key_size, value, value_buffer_size(map), flags);
}

int bpf_map_delete_elem(int fd, const void *key)
{
	return bpf_map_delete_elem_flags(fd, key, 0);
}

int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags)
{
	MAP_OF(fd);
	return bpf_map__delete_elem(map, key, map->key_size, flags);
}

int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value)
{
	return bpf_map_lookup_and_delete_elem_flags(fd, key, value, 0);
}

int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key, void *value, __u64 flags)
{
	MAP_OF(fd);
	if (value_only(map) && !key) {
		if (flags)
			return sdk_fail_with(EOPNOTSUPP, "map '%s': pop flags are not supported", map->name);
		return value_call(map, POP, value, 0);
	}
	return bpf_map__lookup_and_delete_elem(map, key, map->key_size, value, value_buffer_size(map), flags);
}

int bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	MAP_OF(fd);
	return bpf_map__get_next_key(map, key, next_key, map->key_size);
}

/* The host's batch cursor is max(key size, 4) bytes; hash maps only use
 * a 4-byte bucket index, which is what libbpf callers allocate for them. */
static size_t cursor_size(const struct bpf_map *map)
{
	return map->key_size > 4 ? map->key_size : 4;
}

static size_t caller_cursor_size(const struct bpf_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		return cursor_size(map);
	default:
		return 4;
	}
}

/* Fails a batch update or delete as libbpf does: `*count` becomes the
 * entries done before the failure (they stay done), from the error's
 * `done`. */
static int batch_fail(wasi_bpf_types_error_t *err, __u32 *count)
{
	*count = err->done.is_some && err->done.val <= *count ? err->done.val : 0;
	return sdk_fail(err);
}

static int batch_mode(const struct bpf_map *map, const struct bpf_map_batch_opts *opts,
		      wasi_bpf_bpf_map_update_mode_t *mode)
{
	if (opts && opts->flags)
		return sdk_fail_with(EOPNOTSUPP, "map '%s': batch flags are not supported", map->name);
	if (opts && (opts->elem_flags & BPF_F_LOCK))
		return sdk_fail_with(EOPNOTSUPP, "map '%s': batches under the values' locks are not supported", map->name);
	return sdk_update_mode(map, opts ? opts->elem_flags : 0, mode);
}

/* The host's batch reads: bpf-map's lookup-batch and map-batch's
 * lookup-and-delete-batch. */
typedef bool (*batch_read)(wasi_bpf_bpf_map_borrow_map_t, sdk_list_u8_t *, uint32_t, wasi_bpf_bpf_map_batch_t *,
			   wasi_bpf_types_error_t *);

static int read_batch(batch_read read, int fd, void *in_batch, void *out_batch, void *keys, void *values,
		      __u32 *count, const struct bpf_map_batch_opts *opts)
{
	MAP_OF(fd);
	wasi_bpf_bpf_map_update_mode_t unused;
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if (!count || !*count || !out_batch || !keys || !values)
		return sdk_fail_with(EINVAL, "map '%s': a batch lookup needs a count, keys, values and out_batch",
				     map->name);
	if ((ret = batch_mode(map, opts, &unused)) || (ret = sdk_map_handle(map, &self)))
		return ret;
	unsigned char cursor[64] = { 0 };
	if (cursor_size(map) > sizeof(cursor))
		return sdk_fail_with(EOPNOTSUPP, "map '%s': keys over 64 bytes have no batch cursor", map->name);
	sdk_list_u8_t in = sdk_bytes(cursor, cursor_size(map));
	if (in_batch)
		memcpy(cursor, in_batch, caller_cursor_size(map));
	wasi_bpf_bpf_map_batch_t batch;
	wasi_bpf_types_error_t err;
	if (!read(self, in_batch ? &in : NULL, *count, &batch, &err))
		return sdk_fail(&err);
	memcpy(keys, batch.keys.ptr, batch.keys.len);
	memcpy(values, batch.values.ptr, batch.values.len);
	*count = batch.count;
	bool done = !batch.next.is_some;
	if (!done)
		memcpy(out_batch, batch.next.val.ptr, caller_cursor_size(map));
	wasi_bpf_bpf_map_batch_free(&batch);
	return done ? sdk_fail_with(ENOENT, "map '%s': no more entries", map->name) : 0;
}

int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	return read_batch(wasi_bpf_bpf_map_method_map_lookup_batch, fd, in_batch, out_batch, keys, values, count, opts);
}

int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts)
{
	return read_batch(wasi_bpf_map_batch_lookup_and_delete_batch, fd, in_batch, out_batch, keys, values, count,
			  opts);
}

int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	MAP_OF(fd);
	wasi_bpf_bpf_map_update_mode_t mode;
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if (!count)
		return sdk_fail_with(EINVAL, "map '%s': no count", map->name);
	if ((ret = batch_mode(map, opts, &mode)) || (ret = sdk_map_handle(map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(keys, (size_t)*count * map->key_size);
	sdk_list_u8_t v = sdk_bytes(values, (size_t)*count * value_buffer_size(map));
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_update_batch(self, &k, &v, mode, count, &err))
		return batch_fail(&err, count);
	return 0;
}

int bpf_map_delete_batch(int fd, const void *keys, __u32 *count, const struct bpf_map_batch_opts *opts)
{
	MAP_OF(fd);
	wasi_bpf_bpf_map_update_mode_t unused;
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if (!count)
		return sdk_fail_with(EINVAL, "map '%s': no count", map->name);
	if ((ret = batch_mode(map, opts, &unused)) || (ret = sdk_map_handle(map, &self)))
		return ret;
	sdk_list_u8_t k = sdk_bytes(keys, (size_t)*count * map->key_size);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_delete_batch(self, &k, count, &err))
		return batch_fail(&err, count);
	return 0;
}
