/* bpf_object: open from a file or memory, configure, load, close; its
 * programs, maps and global variables by name and in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "internal.h"

enum bpf_map_type sdk_map_type(const wasi_bpf_types_map_type_t *t)
{
	return t->tag == WASI_BPF_TYPES_MAP_TYPE_OTHER ? (enum bpf_map_type)t->val.other : (enum bpf_map_type)t->tag;
}

static int read_programs(struct bpf_object *obj, wasi_bpf_bpf_object_borrow_object_t self)
{
	wasi_bpf_bpf_object_list_program_info_t list;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_programs(self, &list, &err))
		return sdk_fail(&err);
	obj->progs = calloc(list.len ? list.len : 1, sizeof(*obj->progs));
	if (!obj->progs) {
		wasi_bpf_bpf_object_list_program_info_free(&list);
		return sdk_fail_with(ENOMEM, "out of memory");
	}
	int ret = 0;
	for (size_t i = 0; i < list.len && !ret; i++) {
		struct bpf_program *prog = &obj->progs[i];
		prog->obj = obj;
		prog->name = sdk_strdup(&list.ptr[i].name);
		prog->section = sdk_strdup(&list.ptr[i].section);
		prog->autoload = list.ptr[i].autoload;
		prog->autoattach = true; /* libbpf's default; sections decide at attach */
		wasi_bpf_types_program_type_t *type = &list.ptr[i].program_type;
		/* The WIT cases are the kernel's numbers; `other` carries the rest. */
		prog->type = type->tag == WASI_BPF_TYPES_PROGRAM_TYPE_OTHER ? (enum bpf_prog_type)type->val.other
									     : (enum bpf_prog_type)type->tag;
		obj->nr_progs = i + 1;
		prog->fd = sdk_handle_register(SDK_HANDLE_PROGRAM, prog);
		if (prog->fd < 0)
			ret = prog->fd;
		else
			ret = sdk_program_read_options(prog);
		if (!ret)
			ret = sdk_program_read_load_options(prog);
	}
	wasi_bpf_bpf_object_list_program_info_free(&list);
	return ret;
}

int sdk_map_describe(struct bpf_map *map, struct bpf_object *obj, const wasi_bpf_bpf_map_map_info_t *info,
		     bool with_handle)
{
	map->obj = obj;
	map->name = sdk_strdup(&info->name);
	map->type = sdk_map_type(&info->map_type);
	map->key_size = info->key_size;
	map->value_size = info->value_size;
	map->max_entries = info->max_entries;
	map->flags = info->flags;
	if (!map->name)
		return sdk_fail_with(ENOMEM, "out of memory");
	int ret = with_handle ? sdk_map_register(map) : 0;
	if (!ret)
		ret = sdk_map_read_options(map);
	return ret ? ret : sdk_map_read_load_options(map);
}

static int read_maps(struct bpf_object *obj, wasi_bpf_bpf_object_borrow_object_t self)
{
	wasi_bpf_bpf_object_list_map_info_t list;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_maps(self, &list, &err))
		return sdk_fail(&err);
	obj->maps = calloc(list.len ? list.len : 1, sizeof(*obj->maps));
	if (!obj->maps) {
		wasi_bpf_bpf_object_list_map_info_free(&list);
		return sdk_fail_with(ENOMEM, "out of memory");
	}
	int ret = 0;
	for (size_t i = 0; i < list.len && !ret; i++) {
		struct bpf_map *map = &obj->maps[i];
		obj->nr_maps = i + 1;
		ret = sdk_map_describe(map, obj, &list.ptr[i], true);
	}
	wasi_bpf_bpf_object_list_map_info_free(&list);
	return ret;
}

/* The options the host cannot honour are unset, else -EOPNOTSUPP with
 * a warning. */
static int supported_open_opts(const struct bpf_object_open_opts *opts)
{
	const char *what = NULL;
	if (!opts)
		return 0;
	if (opts->pin_root_path)
		what = "pin_root_path (LIBBPF_PIN_BY_NAME maps pin under /sys/fs/bpf; bpf_map__set_pin_path moves one)";
	else if (opts->kconfig)
		what = "kconfig (the host's kernel config stands)";
	else if (opts->btf_custom_path)
		what = "btf_custom_path (the host relocates against the kernel's BTF)";
	if (!what)
		return 0;
	int ret = sdk_fail_with(EOPNOTSUPP, "bpf_object_open_opts.%s is not supported in a wasi:bpf guest", what);
	sdk_warn("libbpf: %s\n", libbpf_wasm_last_error());
	return ret;
}

/* Opens `elf` under `name` (the options' object_name wins). */
static struct bpf_object *open_named(const void *buf, size_t sz, const char *name,
				     const struct bpf_object_open_opts *opts)
{
	if (opts && opts->object_name)
		name = opts->object_name;
	if (!buf || !sz) {
		sdk_fail_with(EINVAL, "no object bytes");
		return NULL;
	}
	if (supported_open_opts(opts))
		return NULL;
	struct bpf_object *obj = calloc(1, sizeof(*obj));
	if (!obj) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	sdk_string_t wit_name = sdk_str(name);
	sdk_list_u8_t elf = sdk_bytes(buf, sz);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_static_object_open(&wit_name, &elf, &obj->handle, &err)) {
		sdk_fail_warn(&err, "failed to open object");
		free(obj);
		return NULL;
	}
	obj->name = strdup(name);
	obj->kern_version = sdk_elf_kversion(buf, sz);
	if (opts) {
		obj->kernel_log_buf = opts->kernel_log_buf;
		obj->kernel_log_size = opts->kernel_log_size;
		obj->kernel_log_level = opts->kernel_log_level;
	}
	wasi_bpf_bpf_object_borrow_object_t self = wasi_bpf_bpf_object_borrow_object(obj->handle);
	int ret = read_programs(obj, self);
	if (!ret)
		ret = read_maps(obj, self);
	if (ret) {
		bpf_object__close(obj);
		errno = -ret;
		return NULL;
	}
	return obj;
}

struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
					const struct bpf_object_open_opts *opts)
{
	return open_named(obj_buf, obj_buf_sz, "bpf-object", opts);
}

/* The whole file at `path` in a malloc-ed buffer, or NULL (errno set). */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		sdk_fail_with(errno, "failed to open '%s': %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		char *bigger = realloc(buf, cap *= 2);
		if (!bigger)
			free(buf);
		buf = bigger;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf || failed) {
		free(buf);
		sdk_fail_with(buf ? EIO : ENOMEM, "failed to read '%s'", path);
		return NULL;
	}
	*size = len;
	return buf;
}

struct bpf_object *bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts)
{
	if (!path) {
		sdk_fail_with(EINVAL, "no path");
		return NULL;
	}
	size_t size;
	void *elf = read_file(path, &size);
	if (!elf) {
		sdk_warn("libbpf: %s\n", libbpf_wasm_last_error());
		return NULL;
	}
	/* libbpf's default name: the file's name up to its first dot. */
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = strndup(base, strcspn(base, "."));
	struct bpf_object *obj = name ? open_named(elf, size, name, opts) : NULL;
	if (!name)
		sdk_fail_with(ENOMEM, "out of memory");
	int saved = errno;
	free(name);
	free(elf);
	errno = saved;
	return obj;
}

struct bpf_object *bpf_object__open(const char *path)
{
	return bpf_object__open_file(path, NULL);
}

/* Copies `log` into the buffer of bpf_object_open_opts.kernel_log_buf. */
static void give_kernel_log(struct bpf_object *obj, const char *log, size_t len)
{
	if (!obj->kernel_log_buf || !obj->kernel_log_size)
		return;
	if (len >= obj->kernel_log_size)
		len = obj->kernel_log_size - 1;
	memcpy(obj->kernel_log_buf, log, len);
	obj->kernel_log_buf[len] = '\0';
}

/* As libbpf, at debug level: the verifier's log of a program loaded with
 * a log level (bpf_program__set_log_level, or kernel_log_level). */
static void print_verifier_log(struct bpf_object *obj)
{
	sdk_string_t log;
	if (!wasi_bpf_bpf_object_method_object_verifier_log(wasi_bpf_bpf_object_borrow_object(obj->handle), &log))
		return;
	sdk_print(LIBBPF_DEBUG, "-- BEGIN PROG LOAD LOG --\n%.*s-- END PROG LOAD LOG --\n", (int)log.len,
		  (const char *)log.ptr);
	if (obj->kernel_log_level)
		give_kernel_log(obj, (const char *)log.ptr, log.len);
	sdk_string_free(&log);
}

int bpf_object__load(struct bpf_object *obj)
{
	if (!obj)
		return sdk_fail_with(EINVAL, "no object");
	int ret = sdk_object_check_load_options(obj);
	if (!ret)
		ret = sdk_object_push_initial_values(obj);
	for (struct sdk_global_at_load *g = obj->globals_at_load; g && !ret; g = g->next)
		ret = bpf_object__set_global(obj, g->name, g->value, g->size);
	if (ret)
		return ret;
	/* A level for every program, as libbpf's kernel_log_level. */
	for (size_t i = 0; i < obj->nr_progs && obj->kernel_log_level; i++)
		if (!obj->progs[i].log_level &&
		    (ret = bpf_program__set_log_level(&obj->progs[i], obj->kernel_log_level)))
			return ret;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_load(wasi_bpf_bpf_object_borrow_object(obj->handle), &err)) {
		ret = sdk_fail_warn(&err, "failed to load object");
		give_kernel_log(obj, libbpf_wasm_verifier_log(), strlen(libbpf_wasm_verifier_log()));
		errno = -ret;
		return ret;
	}
	obj->loaded = true;
	sdk_object_fill_log_bufs(obj);
	print_verifier_log(obj);
	return 0;
}

void bpf_object__close(struct bpf_object *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < obj->nr_progs; i++) {
		sdk_handle_release(obj->progs[i].fd);
		if (obj->progs[i].has_handle)
			wasi_bpf_bpf_object_program_drop_own(obj->progs[i].handle);
		free(obj->progs[i].name);
		free(obj->progs[i].section);
		free(obj->progs[i].load_error_message);
		free(obj->progs[i].insns);
	}
	for (size_t i = 0; i < obj->nr_maps; i++) {
		sdk_map_release(&obj->maps[i]);
		free(obj->maps[i].name);
		free(obj->maps[i].initial_value);
		free(obj->maps[i].pin_path);
		sdk_map_free_inner_prototype(&obj->maps[i]);
	}
	sdk_live_globals_forget(obj);
	sdk_object_drop_links(obj);
	sdk_object_btf_fd_release(obj);
	/* Dropping the object detaches its links and closes its maps and
	 * buffers in the host, whatever handles the guest still holds. */
	wasi_bpf_bpf_object_object_drop_own(obj->handle);
	btf__free(obj->btf);
	while (obj->globals_at_load) {
		struct sdk_global_at_load *next = obj->globals_at_load->next;
		free(obj->globals_at_load->name);
		free(obj->globals_at_load);
		obj->globals_at_load = next;
	}
	free(obj->progs);
	free(obj->maps);
	free(obj->name);
	free(obj);
}

const char *bpf_object__name(const struct bpf_object *obj)
{
	return obj ? obj->name : NULL;
}

struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name)
{
	for (size_t i = 0; obj && name && i < obj->nr_progs; i++)
		if (obj->progs[i].name && !strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	sdk_fail_with(ENOENT, "no program '%s' in the object", name ? name : "(null)");
	return NULL;
}

struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name)
{
	for (size_t i = 0; obj && name && i < obj->nr_maps; i++)
		if (obj->maps[i].name && !strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	sdk_fail_with(ENOENT, "no map '%s' in the object", name ? name : "(null)");
	return NULL;
}

int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);
	return map ? bpf_map__fd(map) : -errno;
}

struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prev)
{
	if (!obj || !obj->nr_progs)
		return NULL;
	if (!prev)
		return &obj->progs[0];
	size_t next = (size_t)(prev - obj->progs) + 1;
	return next < obj->nr_progs ? &obj->progs[next] : NULL;
}

struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *prev)
{
	if (!obj || !obj->nr_maps)
		return NULL;
	if (!prev)
		return &obj->maps[0];
	size_t next = (size_t)(prev - obj->maps) + 1;
	return next < obj->nr_maps ? &obj->maps[next] : NULL;
}

struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj, struct bpf_program *next)
{
	if (!obj || !obj->nr_progs)
		return NULL;
	if (!next)
		return &obj->progs[obj->nr_progs - 1];
	return next > obj->progs ? next - 1 : NULL;
}

struct bpf_map *bpf_object__prev_map(const struct bpf_object *obj, const struct bpf_map *next)
{
	if (!obj || !obj->nr_maps)
		return NULL;
	if (!next)
		return &obj->maps[obj->nr_maps - 1];
	return next > obj->maps ? (struct bpf_map *)next - 1 : NULL;
}

int bpf_object__set_global(struct bpf_object *obj, const char *name, const void *value, size_t size)
{
	if (!obj || !name || !value)
		return sdk_fail_with(EINVAL, "set_global needs an object, a name and a value");
	sdk_string_t wit_name = sdk_str(name);
	sdk_list_u8_t bytes = sdk_bytes(value, size);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_global(wasi_bpf_bpf_object_borrow_object(obj->handle), &wit_name,
							  &bytes, &err))
		return sdk_fail(&err);
	return 0;
}

int sdk_object_set_global_at_load(struct bpf_object *obj, const char *name, const void *value, size_t size)
{
	/* Checked now (the name and size), written again at load. */
	int ret = bpf_object__set_global(obj, name, value, size);
	if (ret)
		return ret;
	struct sdk_global_at_load *g = malloc(sizeof(*g) + size);
	if (!g || !(g->name = strdup(name))) {
		free(g);
		return sdk_fail_with(ENOMEM, "out of memory");
	}
	g->size = size;
	memcpy(g->value, value, size);
	g->next = obj->globals_at_load;
	obj->globals_at_load = g;
	return 0;
}

int bpf_object__get_global(const struct bpf_object *obj, const char *name, void *value, size_t size)
{
	if (!obj || !name || !value)
		return sdk_fail_with(EINVAL, "get_global needs an object, a name and a buffer");
	sdk_string_t wit_name = sdk_str(name);
	sdk_list_u8_t bytes;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_get_global(wasi_bpf_bpf_object_borrow_object(obj->handle), &wit_name,
							  &bytes, &err))
		return sdk_fail(&err);
	int ret = 0;
	if (bytes.len != size)
		ret = sdk_fail_with(EINVAL, "global '%s' has %zu bytes, not %zu", name, bytes.len, size);
	else {
		memcpy(value, bytes.ptr, size);
		sdk_live_globals_read(obj, name, value, size);
	}
	sdk_list_u8_free(&bytes);
	return ret;
}
