/* bpf_obj_get_info_by_fd and its typed forms over kernel-info (BTF's:
 * kernel_btf_ids.c; a program's line-info: prog_line_info.c). */
#include <stdint.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* Copies `full` (of `size` bytes) into the caller's `info` of `*len`
 * bytes, as the kernel does with a shorter struct. */
int sdk_give_info(const void *full, size_t size, void *info, __u32 *len)
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
	return sdk_give_info(&full, sizeof(full), info, info_len);
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
	return sdk_give_info(&full, sizeof(full), info, info_len);
}

/* Copies `name` into the guest's buffer at `addr` of `len` bytes, as the
 * kernel does: truncated with a NUL and -ENOSPC when it does not fit;
 * nothing asked (0), nothing done. */
int sdk_give_name(__u64 addr, __u32 len, const char *name, size_t name_len)
{
	char *buf = (char *)(uintptr_t)addr;
	if (!buf || !len)
		return 0;
	size_t fits = name_len < len ? name_len : len - 1;
	memcpy(buf, name, fits);
	buf[fits] = 0;
	return fits < name_len ? sdk_fail_with(ENOSPC, "a name of %zu bytes into a buffer of %u", name_len, len) : 0;
}

int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info, __u32 *info_len)
{
	struct bpf_link *link = sdk_handle_get(link_fd, SDK_HANDLE_LINK);
	if (!link)
		return -errno;
	if (!info || !info_len)
		return sdk_fail_with(EINVAL, "no info buffer");
	wasi_bpf_bpf_object_link_kernel_info_t got;
	int ret = sdk_link_kernel_info(link, &got);
	if (ret)
		return ret;
	struct bpf_link_info full = { .type = got.link_type, .id = got.id, .prog_id = got.program_id };
	__u32 attach_type = got.attach_type.is_some ? got.attach_type.val : 0;
	switch (got.target.tag) {
	case WASI_BPF_BPF_OBJECT_LINK_TARGET_RAW_TRACEPOINT: {
		/* The guest's buffer, if the fields it passed fit in its info. */
		struct bpf_link_info asked = { 0 };
		memcpy(&asked, info, *info_len < sizeof(asked) ? *info_len : sizeof(asked));
		full.raw_tracepoint.tp_name = asked.raw_tracepoint.tp_name;
		full.raw_tracepoint.tp_name_len = asked.raw_tracepoint.tp_name_len;
		ret = sdk_give_name(asked.raw_tracepoint.tp_name, asked.raw_tracepoint.tp_name_len,
				    (const char *)got.target.val.raw_tracepoint.ptr, got.target.val.raw_tracepoint.len);
		full.raw_tracepoint.tp_name_len = (__u32)got.target.val.raw_tracepoint.len + 1;
		break;
	}
	case WASI_BPF_BPF_OBJECT_LINK_TARGET_TRACING:
		full.tracing.attach_type = attach_type;
		full.tracing.target_obj_id = got.target.val.tracing.target_object_id;
		full.tracing.target_btf_id = got.target.val.tracing.target_btf_id;
		break;
	case WASI_BPF_BPF_OBJECT_LINK_TARGET_CGROUP:
		full.cgroup.cgroup_id = got.target.val.cgroup;
		full.cgroup.attach_type = attach_type;
		break;
	case WASI_BPF_BPF_OBJECT_LINK_TARGET_NETWORK_INTERFACE:
		/* xdp, tcx and netkit all start with the ifindex. */
		full.tcx.ifindex = got.target.val.network_interface;
		full.tcx.attach_type = got.link_type == BPF_LINK_TYPE_XDP ? 0 : attach_type;
		break;
	default:
		/* sockmap and netns report their attach type alone. */
		if (got.link_type == BPF_LINK_TYPE_SOCKMAP)
			full.sockmap.attach_type = attach_type;
		else if (got.link_type == BPF_LINK_TYPE_NETNS)
			full.netns.attach_type = attach_type;
		break;
	}
	wasi_bpf_bpf_object_link_kernel_info_free(&got);
	/* A name that did not fit fails the call, as the kernel's. */
	return ret ? ret : sdk_give_info(&full, sizeof(full), info, info_len);
}

int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len)
{
	/* The handle says which object it is, as the kernel's fd does. */
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_PROGRAM))
		return bpf_prog_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_MAP))
		return bpf_map_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_LINK))
		return bpf_link_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_BTF))
		return bpf_btf_get_info_by_fd(bpf_fd, info, info_len);
	if (sdk_handle_is(bpf_fd, SDK_HANDLE_PERF_EVENT))
		/* The kernel's answer for a perf event's fd. */
		return sdk_fail_with(EINVAL, "bpf_obj_get_info_by_fd: %d is a perf event, no BPF object", bpf_fd);
	return sdk_fail_with(EBADF,
			     "bpf_obj_get_info_by_fd: %d is not the handle of an open object's program, map, link or BTF",
			     bpf_fd);
}
