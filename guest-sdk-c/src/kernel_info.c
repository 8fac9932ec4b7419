/* bpf_obj_get_info_by_fd and its typed forms over kernel-info (and a
 * program's line-info: prog_line_info.c). */
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* Copies `full` (of `size` bytes) into the caller's `info` of `*len`
 * bytes, as the kernel does with a shorter struct. */
static int give_info(const void *full, size_t size, void *info, __u32 *len)
{
	if (!info || !len)
		return sdk_fail_with(EINVAL, "no info buffer");
	if (*len > size)
		*len = (__u32)size;
	memcpy(info, full, *len);
	return 0;
}

int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info, __u32 *info_len)
{
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	wasi_bpf_bpf_object_borrow_program_t self;
	int ret;
	if (!prog)
		return -errno;
	if ((ret = sdk_program_handle(prog, &self)))
		return ret;
	if (!info || !info_len)
		return sdk_fail_with(EINVAL, "no info buffer");
	/* What the caller asks for (arrays to fill), as far as its struct
	 * reaches: the kernel reads the rest as 0. */
	struct bpf_prog_info full = { 0 };
	memcpy(&full, info, *info_len < sizeof(full) ? *info_len : sizeof(full));
	if ((ret = sdk_prog_line_info(self, &full)))
		return ret;
	/* Arrays a guest cannot have (instructions, map ids, func info, tags):
	 * none given, so none counted. */
	full.jited_prog_len = full.xlated_prog_len = 0;
	full.nr_map_ids = full.nr_func_info = full.nr_prog_tags = 0;
	wasi_bpf_bpf_object_program_kernel_info_t got;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_program_kernel_info(self, &got, &err))
		return sdk_fail(&err);
	full.type = bpf_program__type(prog);
	full.id = got.id;
	full.run_time_ns = got.run_time_ns;
	full.run_cnt = got.run_count;
	full.verified_insns = got.verified_instructions;
	memcpy(full.tag, got.tag.ptr, got.tag.len < sizeof(full.tag) ? got.tag.len : sizeof(full.tag));
	memset(full.name, 0, sizeof(full.name));
	strncpy(full.name, prog->name, sizeof(full.name) - 1);
	wasi_bpf_bpf_object_program_kernel_info_free(&got);
	return give_info(&full, sizeof(full), info, info_len);
}

int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info, __u32 *info_len)
{
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if (!map)
		return -errno;
	if ((ret = sdk_map_handle(map, &self)))
		return ret;
	wasi_bpf_bpf_map_map_kernel_info_t got;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_map_method_map_kernel_info(self, &got, &err))
		return sdk_fail(&err);
	struct bpf_map_info full = {
		.type = map->type,
		.id = got.id,
		.key_size = map->key_size,
		.value_size = map->value_size,
		.max_entries = map->max_entries,
		.map_flags = map->flags,
		.ifindex = map->ifindex,
		.map_extra = sdk_map_kernel_extra(map),
	};
	strncpy(full.name, map->name, sizeof(full.name) - 1);
	wasi_bpf_bpf_map_map_kernel_info_free(&got);
	return give_info(&full, sizeof(full), info, info_len);
}

int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len)
{
	/* The handle says which object it is, as the kernel's fd does. */
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_PROGRAM))
		return bpf_prog_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_MAP))
		return bpf_map_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_LINK) || sdk_handle_is(bpf_fd, SDK_HANDLE_PERF_EVENT))
		/* The kernel describes links too; wasi:bpf does not (yet). */
		return sdk_fail_with(EOPNOTSUPP, "bpf_obj_get_info_by_fd: only programs and maps are described");
	return sdk_fail_with(EBADF, "bpf_obj_get_info_by_fd: %d is not the handle of an open object's program or map",
			     bpf_fd);
}
