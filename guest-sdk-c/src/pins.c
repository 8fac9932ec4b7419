/* Pinning in bpffs over wasi:bpf/pins: libbpf's pin and unpin calls on
 * maps, programs, links and whole objects, bpf_link__open, set-pin-path,
 * and bpf.h's bpf_obj_pin / bpf_obj_get on the SDK's handles. The host
 * judges every path (the `pin` capability and `--target pin=` folders);
 * a pin outlives the guest by design. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* libbpf's PATH_MAX for the paths it builds from a folder and a name. */
#define PIN_PATH_MAX 4096

/* `dir`/`name` into `buf` with the dots of `name` as underscores, as
 * libbpf names pins of maps and programs (.rodata maps become
 * obj_rodata); -ENAMETOOLONG past PIN_PATH_MAX. */
static int pin_path_of(char *buf, const char *dir, const char *name)
{
	int n = snprintf(buf, PIN_PATH_MAX, "%s/%s", dir, name);
	if (n < 0 || n >= PIN_PATH_MAX)
		return sdk_fail_with(ENAMETOOLONG, "pin path '%s/%s' is too long", dir, name);
	for (char *c = buf + strlen(dir) + 1; *c; c++)
		if (*c == '.')
			*c = '_';
	return 0;
}

int bpf_map__set_pin_path(struct bpf_map *map, const char *path)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	char *copy = NULL;
	if (path && !(copy = strdup(path)))
		return sdk_fail_with(ENOMEM, "out of memory");
	/* After load libbpf only records the path (for a later __pin). */
	if (map->obj && !map->obj->loaded) {
		sdk_string_t name = sdk_str(map->name);
		sdk_string_t wit_path = sdk_str(path ? path : "");
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_pins_set_pin_path(wasi_bpf_bpf_object_borrow_object(map->obj->handle), &name,
						path ? &wit_path : NULL, &err)) {
			free(copy);
			return sdk_fail(&err);
		}
	}
	free(map->pin_path);
	map->pin_path = copy;
	map->pin_path_known = true;
	return 0;
}

int bpf_map__pin(struct bpf_map *map, const char *path)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	const char *pin_path = bpf_map__pin_path(map);
	if (pin_path) {
		if (path && strcmp(path, pin_path))
			return sdk_fail_with(EINVAL, "map '%s' already has pin path '%s', not '%s'", map->name, pin_path, path);
		if (bpf_map__is_pinned(map))
			return 0;
	} else {
		if (!path)
			return sdk_fail_with(EINVAL, "map '%s' has no pin path", map->name);
		if (bpf_map__is_pinned(map))
			return sdk_fail_with(EEXIST, "map '%s' is pinned already", map->name);
		if (!(map->pin_path = strdup(path)))
			return sdk_fail_with(ENOMEM, "out of memory");
		pin_path = map->pin_path;
	}
	wasi_bpf_bpf_map_borrow_map_t handle;
	int ret = sdk_map_handle(map, &handle);
	if (ret)
		return ret;
	sdk_string_t wit_path = sdk_str(pin_path);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_pins_pin_map(handle, &wit_path, &err)) {
		/* libbpf keeps the path, unpinned. */
		map->pin_state = SDK_PIN_UNPINNED;
		return sdk_fail(&err);
	}
	map->pin_state = SDK_PIN_PINNED;
	return 0;
}

int bpf_map__unpin(struct bpf_map *map, const char *path)
{
	if (!map)
		return sdk_fail_with(EINVAL, "no map");
	const char *pin_path = bpf_map__pin_path(map);
	if (pin_path) {
		if (path && strcmp(path, pin_path))
			return sdk_fail_with(EINVAL, "map '%s' has pin path '%s', not '%s'", map->name, pin_path, path);
		path = pin_path;
	} else if (!path) {
		return sdk_fail_with(EINVAL, "map '%s' has no pin path", map->name);
	}
	wasi_bpf_bpf_map_borrow_map_t handle;
	int ret = sdk_map_handle(map, &handle);
	if (ret)
		return ret;
	sdk_string_t wit_path = sdk_str(path);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_pins_unpin_map(handle, &wit_path, &err))
		return sdk_fail(&err);
	map->pin_state = SDK_PIN_UNPINNED;
	return 0;
}

/* The pin calls of one program: `call` is the host's; `not_loaded` is
 * libbpf's message for a program that was not loaded. */
typedef bool (*program_pin_call)(wasi_bpf_pins_borrow_program_t, sdk_string_t *, wasi_bpf_pins_error_t *);

static int program_pin(struct bpf_program *prog, const char *path, program_pin_call call, const char *not_loaded)
{
	if (!prog)
		return sdk_fail_with(EINVAL, "no program");
	if (!prog->obj->loaded || !prog->autoload)
		return sdk_fail_with(EINVAL, not_loaded, prog->name);
	wasi_bpf_bpf_object_borrow_program_t handle;
	int ret = sdk_program_handle(prog, &handle);
	if (ret)
		return ret;
	sdk_string_t wit_path = sdk_str(path ? path : "");
	wasi_bpf_types_error_t err;
	if (!call(handle, &wit_path, &err))
		return sdk_fail(&err);
	return 0;
}

int bpf_program__pin(struct bpf_program *prog, const char *path)
{
	return program_pin(prog, path, wasi_bpf_pins_pin_program, "can't pin program '%s' that wasn't loaded");
}

int bpf_program__unpin(struct bpf_program *prog, const char *path)
{
	return program_pin(prog, path, wasi_bpf_pins_unpin_program, "program '%s' wasn't loaded");
}

int bpf_object__pin_maps(struct bpf_object *obj, const char *path)
{
	if (!obj)
		return sdk_fail_with(ENOENT, "no object");
	if (!obj->loaded)
		return sdk_fail_with(ENOENT, "object '%s' is not loaded yet", obj->name);
	char buf[PIN_PATH_MAX];
	size_t i;
	int ret = 0;
	for (i = 0; i < obj->nr_maps && !ret; i++) {
		struct bpf_map *map = &obj->maps[i];
		if (!bpf_map__autocreate(map))
			continue;
		const char *pin_path = NULL;
		if (path) {
			if ((ret = pin_path_of(buf, path, map->name)))
				break;
			pin_path = buf;
		} else if (!bpf_map__pin_path(map)) {
			continue;
		}
		ret = bpf_map__pin(map, pin_path);
	}
	if (!ret)
		return 0;
	/* libbpf's rollback: the maps pinned before the failure go again. */
	int failed = ret;
	while (i-- > 1) {
		struct bpf_map *map = &obj->maps[i - 1];
		if (!bpf_map__is_pinned(map))
			continue;
		if (!path || !pin_path_of(buf, path, map->name))
			bpf_map__unpin(map, path ? buf : NULL);
	}
	errno = -failed;
	return failed;
}

int bpf_object__unpin_maps(struct bpf_object *obj, const char *path)
{
	if (!obj)
		return sdk_fail_with(ENOENT, "no object");
	char buf[PIN_PATH_MAX];
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct bpf_map *map = &obj->maps[i];
		const char *pin_path = NULL;
		int ret;
		if (path) {
			if ((ret = pin_path_of(buf, path, map->name)))
				return ret;
			pin_path = buf;
		} else if (!bpf_map__pin_path(map)) {
			continue;
		}
		if ((ret = bpf_map__unpin(map, pin_path)))
			return ret;
	}
	return 0;
}

int bpf_object__pin_programs(struct bpf_object *obj, const char *path)
{
	if (!obj)
		return sdk_fail_with(ENOENT, "no object");
	if (!obj->loaded)
		return sdk_fail_with(ENOENT, "object '%s' is not loaded yet", obj->name);
	if (!path)
		return sdk_fail_with(EINVAL, "no folder to pin programs in");
	char buf[PIN_PATH_MAX];
	size_t i;
	int ret = 0;
	for (i = 0; i < obj->nr_progs && !ret; i++) {
		if (!obj->progs[i].autoload)
			continue;
		if (!(ret = pin_path_of(buf, path, obj->progs[i].name)))
			ret = bpf_program__pin(&obj->progs[i], buf);
	}
	if (!ret)
		return 0;
	int failed = ret;
	/* The one that failed is at i - 1: unpin those before it. */
	while (i-- > 1) {
		struct bpf_program *prog = &obj->progs[i - 1];
		if (prog->autoload && !pin_path_of(buf, path, prog->name))
			bpf_program__unpin(prog, buf);
	}
	errno = -failed;
	return failed;
}

int bpf_object__unpin_programs(struct bpf_object *obj, const char *path)
{
	if (!obj)
		return sdk_fail_with(ENOENT, "no object");
	if (!path)
		return sdk_fail_with(EINVAL, "no folder to unpin programs from");
	char buf[PIN_PATH_MAX];
	for (size_t i = 0; i < obj->nr_progs; i++) {
		if (!obj->progs[i].autoload)
			continue;
		int ret = pin_path_of(buf, path, obj->progs[i].name);
		if (!ret)
			ret = bpf_program__unpin(&obj->progs[i], buf);
		if (ret)
			return ret;
	}
	return 0;
}

int bpf_object__pin(struct bpf_object *obj, const char *path)
{
	int ret = bpf_object__pin_maps(obj, path);
	if (ret)
		return ret;
	ret = bpf_object__pin_programs(obj, path);
	if (ret) {
		bpf_object__unpin_maps(obj, path);
		errno = -ret;
	}
	return ret;
}

int bpf_link__pin(struct bpf_link *link, const char *path)
{
	if (!link)
		return sdk_fail_with(EINVAL, "no link");
	if (link->pin_path)
		return sdk_fail_with(EBUSY, "link is pinned at '%s' already", link->pin_path);
	char *copy = strdup(path ? path : "");
	if (!copy)
		return sdk_fail_with(ENOMEM, "out of memory");
	sdk_string_t wit_path = sdk_str(copy);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_pins_pin_link(wasi_bpf_bpf_object_borrow_link(link->handle), &wit_path, &err)) {
		free(copy);
		return sdk_fail(&err);
	}
	link->pin_path = copy;
	return 0;
}

int bpf_link__unpin(struct bpf_link *link)
{
	if (!link)
		return sdk_fail_with(EINVAL, "no link");
	if (!link->pin_path)
		return sdk_fail_with(EINVAL, "link is not pinned");
	sdk_string_t wit_path = sdk_str(link->pin_path);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_pins_unpin_link(wasi_bpf_bpf_object_borrow_link(link->handle), &wit_path, &err))
		return sdk_fail(&err);
	free(link->pin_path);
	link->pin_path = NULL;
	return 0;
}

/* The host's link pinned at `path`, as a struct of no object. */
static struct bpf_link *open_link(const char *path, wasi_bpf_types_error_t *err, bool *failed)
{
	sdk_string_t wit_path = sdk_str(path);
	wasi_bpf_bpf_object_own_link_t handle;
	if (!wasi_bpf_pins_open_link(&wit_path, &handle, err)) {
		*failed = true;
		return NULL;
	}
	*failed = false;
	struct bpf_link *link = sdk_link_unowned(handle);
	if (link && !(link->pin_path = strdup(path))) {
		bpf_link__destroy(link);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	return link;
}

struct bpf_link *bpf_link__open(const char *path)
{
	if (!path) {
		sdk_fail_with(EINVAL, "no path");
		return NULL;
	}
	wasi_bpf_types_error_t err;
	bool failed;
	struct bpf_link *link = open_link(path, &err, &failed);
	if (failed)
		sdk_fail_warn(&err, "failed to open link");
	return link;
}

int bpf_obj_pin(int fd, const char *pathname)
{
	if (!pathname)
		return sdk_fail_with(EINVAL, "no path");
	sdk_string_t wit_path = sdk_str(pathname);
	wasi_bpf_types_error_t err;
	bool ok;
	if (sdk_handle_is(fd, SDK_HANDLE_MAP)) {
		wasi_bpf_bpf_map_borrow_map_t handle;
		int ret = sdk_map_handle(sdk_map_from_fd(fd), &handle);
		if (ret)
			return ret;
		ok = wasi_bpf_pins_pin_map(handle, &wit_path, &err);
	} else if (sdk_handle_is(fd, SDK_HANDLE_PROGRAM)) {
		return bpf_program__pin(sdk_handle_get(fd, SDK_HANDLE_PROGRAM), pathname);
	} else if (sdk_handle_is(fd, SDK_HANDLE_LINK)) {
		struct bpf_link *link = sdk_handle_get(fd, SDK_HANDLE_LINK);
		ok = wasi_bpf_pins_pin_link(wasi_bpf_bpf_object_borrow_link(link->handle), &wit_path, &err);
	} else {
		return sdk_fail_with(EBADF, "%d is no handle of a map, program or link", fd);
	}
	return ok ? 0 : sdk_fail(&err);
}

int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts)
{
	if (!pathname)
		return sdk_fail_with(EINVAL, "no path");
	if (opts && opts->sz < sizeof(size_t))
		return sdk_fail_with(EINVAL, "bpf_obj_get_opts: bad sz %zu", opts->sz);
	if (opts && opts->file_flags)
		return sdk_unsupported("bpf_obj_get_opts with file_flags",
				       "the host opens pins read-write only (BPF_F_RDONLY and BPF_F_WRONLY are not offered)");
	/* A map first (what bpf_obj_get mostly opens), then a link; a pin
	 * of neither fails with what the host said of the map. */
	sdk_string_t wit_path = sdk_str(pathname);
	wasi_bpf_bpf_map_own_map_t map_handle;
	wasi_bpf_types_error_t map_err;
	if (wasi_bpf_pins_open_map(&wit_path, &map_handle, &map_err)) {
		struct bpf_map *map = sdk_map_unowned(map_handle);
		return map ? map->fd : -errno;
	}
	if (map_err.code != WASI_BPF_TYPES_ERROR_CODE_INVALID_ARGUMENT)
		return sdk_fail(&map_err);
	wasi_bpf_types_error_t link_err;
	bool failed;
	struct bpf_link *link = open_link(pathname, &link_err, &failed);
	if (failed) {
		wasi_bpf_types_error_free(&link_err);
		return sdk_fail(&map_err);
	}
	wasi_bpf_types_error_free(&map_err);
	if (!link)
		return -errno;
	link->closed_by_fd = true;
	return link->fd;
}

int bpf_obj_get(const char *pathname)
{
	return bpf_obj_get_opts(pathname, NULL);
}
