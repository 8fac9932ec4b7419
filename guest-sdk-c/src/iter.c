/* BPF iterators over wasi:bpf/iterators: bpf_program__attach_iter with
 * libbpf's bpf_iter_attach_opts, bpf_iter_create, and the read() and
 * close() of its handle.
 *
 * bpf_iter_create gives an "fd" of the SDK's handle table (as
 * bpf_link__fd does), behind which is the host's iter-output: a guest has
 * no kernel fd, and wasi-libc (WASI preview 1, through the adapter) has
 * no way to make a WASI input-stream one of its fds. So the SDK's
 * <unistd.h> renames read() (as it does close()) to the function here,
 * which reads an iterator handle from the host and hands any other fd to
 * wasi-libc: a tool's plain read(iter_fd, buf, n) loop works unchanged. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"

/* wasi-libc's read(), which the SDK's <unistd.h> renames. */
ssize_t libc_read(int fd, void *buf, size_t count) __asm__("read");

/* The host takes at most this much per read (wasi:bpf/iterators). */
#define MAX_READ (1U << 20)

struct sdk_iter {
	wasi_bpf_iterators_own_iter_output_t output;
};

/* The kernel's iterator target of `prog`: its section's name after
 * "iter/" or "iter.s/" ("" for another section). */
static const char *iter_target(const struct bpf_program *prog)
{
	static const char *const prefixes[] = { "iter/", "iter.s/" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t len = strlen(prefixes[i]);
		if (prog->section && !strncmp(prog->section, prefixes[i], len))
			return prog->section + len;
	}
	return "";
}

static bool is_one_of(const char *target, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(target, names[i]))
			return true;
	return false;
}

/* The targets whose link info is a map, a task and a cgroup (the
 * kernel's attach_target of each); the others take none. */
static const char *const map_targets[] = { "bpf_map_elem", "bpf_sk_storage_map", "sockmap" };
static const char *const task_targets[] = { "task", "task_file", "task_vma" };

static struct bpf_link *attach_failed(const struct bpf_program *prog, wasi_bpf_types_error_t *err)
{
	sdk_fail(err);
	sdk_warn("libbpf: prog '%s': failed to attach to iterator: %s\n", prog->name, libbpf_wasm_last_error());
	return NULL;
}

/* The scope of task link info: at most one of tid, pid and pid_fd, as
 * the kernel takes it; pid_fd names a pidfd, which a guest has none of. */
static int task_scope(const union bpf_iter_link_info *info, wasi_bpf_iterators_iter_scope_t *scope)
{
	int set = !!info->task.tid + !!info->task.pid + !!info->task.pid_fd;
	if (set > 1)
		return sdk_fail_with(EINVAL, "bpf_iter_link_info.task: more than one of tid, pid and pid_fd is set");
	if (info->task.pid_fd)
		return sdk_unsupported("bpf_iter_link_info.task.pid_fd", "a guest has no pidfd; give the pid");
	if (info->task.tid) {
		scope->tag = WASI_BPF_ITERATORS_ITER_SCOPE_THREAD;
		scope->val.thread = info->task.tid;
	} else if (info->task.pid) {
		scope->tag = WASI_BPF_ITERATORS_ITER_SCOPE_PROCESS;
		scope->val.process = info->task.pid;
	}
	return 0;
}

/* The scope of cgroup link info: the path behind an open() handle of a
 * cgroup, or the root as the kernel's default ("." in the host's cgroup
 * v2 mount, which is /sys/fs/cgroup/unified where v1 is mounted too). */
static int cgroup_scope(const union bpf_iter_link_info *info, wasi_bpf_iterators_iter_scope_t *scope)
{
	if (info->cgroup.cgroup_id)
		return sdk_unsupported("bpf_iter_link_info.cgroup.cgroup_id", "a guest names a cgroup by open() of its path");
	if (info->cgroup.order > BPF_CGROUP_ITER_ANCESTORS_UP)
		return sdk_fail_with(EINVAL, "bpf_iter_link_info.cgroup.order %u is no bpf_cgroup_iter_order",
				     (unsigned)info->cgroup.order);
	const char *path = ".";
	if (info->cgroup.cgroup_fd) {
		path = sdk_cgroup_from_fd((int)info->cgroup.cgroup_fd);
		if (!path)
			return -errno;
	}
	scope->tag = WASI_BPF_ITERATORS_ITER_SCOPE_CGROUP;
	scope->val.cgroup.f0 = sdk_str(path);
	/* bpf_cgroup_iter_order and the WIT enum are in the same order. */
	scope->val.cgroup.f1 = (wasi_bpf_iterators_cgroup_iter_order_t)info->cgroup.order;
	return 0;
}

struct bpf_link *bpf_program__attach_iter(const struct bpf_program *prog, const struct bpf_iter_attach_opts *opts)
{
	if (!prog || (opts && opts->sz < sizeof(size_t))) {
		sdk_fail_with(EINVAL, "bpf_program__attach_iter: no program, or opts without a size");
		return NULL;
	}
	const union bpf_iter_link_info *info = opts && opts->sz > offsetof(struct bpf_iter_attach_opts, link_info) ?
						       opts->link_info :
						       NULL;
	__u32 info_len = opts && opts->sz >= offsetof(struct bpf_iter_attach_opts, link_info_len) + sizeof(__u32) ?
				 opts->link_info_len :
				 0;
	/* The kernel's rule: link info and its length come together. */
	if (!info != !info_len) {
		sdk_fail_with(EINVAL, "bpf_iter_attach_opts: link_info and link_info_len must be set together");
		return NULL;
	}
	union bpf_iter_link_info given = { 0 };
	if (info)
		memcpy(&given, info, info_len < sizeof(given) ? info_len : sizeof(given));
	wasi_bpf_bpf_object_borrow_program_t self;
	if (sdk_program_handle((struct bpf_program *)prog, &self))
		return NULL;
	const char *target = iter_target(prog);
	wasi_bpf_bpf_object_own_link_t handle;
	wasi_bpf_types_error_t err;
	if (info && is_one_of(target, map_targets, sizeof(map_targets) / sizeof(map_targets[0]))) {
		struct bpf_map *map = sdk_handle_get((int)given.map.map_fd, SDK_HANDLE_MAP);
		wasi_bpf_bpf_map_borrow_map_t map_handle;
		if (!map || sdk_map_handle(map, &map_handle))
			return NULL;
		if (!wasi_bpf_iterators_attach_map_iter(self, map_handle, &handle, &err))
			return attach_failed(prog, &err);
		return sdk_link_new(prog->obj, handle);
	}
	wasi_bpf_iterators_iter_scope_t scope = { .tag = WASI_BPF_ITERATORS_ITER_SCOPE_ALL };
	if (info && is_one_of(target, task_targets, sizeof(task_targets) / sizeof(task_targets[0])) &&
	    task_scope(&given, &scope))
		return NULL;
	if (info && !strcmp(target, "cgroup") && cgroup_scope(&given, &scope))
		return NULL;
	if (!wasi_bpf_iterators_attach_iter(self, &scope, &handle, &err))
		return attach_failed(prog, &err);
	return sdk_link_new(prog->obj, handle);
}

int bpf_iter_create(int link_fd)
{
	struct bpf_link *link = sdk_handle_get(link_fd, SDK_HANDLE_LINK);
	if (!link)
		return -errno;
	struct sdk_iter *iter = calloc(1, sizeof(*iter));
	if (!iter)
		return sdk_fail_with(ENOMEM, "out of memory");
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_iterators_static_iter_output_open(wasi_bpf_bpf_object_borrow_link(link->handle), &iter->output,
							 &err)) {
		free(iter);
		return sdk_fail(&err);
	}
	int fd = sdk_handle_register(SDK_HANDLE_ITER, iter);
	if (fd < 0) {
		wasi_bpf_iterators_iter_output_drop_own(iter->output);
		free(iter);
	}
	return fd;
}

ssize_t read(int fd, void *buf, size_t count)
{
	if (!sdk_handle_is(fd, SDK_HANDLE_ITER))
		return libc_read(fd, buf, count);
	struct sdk_iter *iter = sdk_handle_get(fd, SDK_HANDLE_ITER);
	if (!count)
		return 0;
	sdk_list_u8_t bytes;
	wasi_bpf_types_error_t err;
	__u32 asked = count < MAX_READ ? (__u32)count : MAX_READ;
	if (!wasi_bpf_iterators_method_iter_output_read(wasi_bpf_iterators_borrow_iter_output(iter->output), asked,
							 &bytes, &err)) {
		sdk_fail(&err);
		return -1;
	}
	/* The host gives at most what was asked; never trust it further. */
	size_t got = bytes.len < count ? bytes.len : count;
	memcpy(buf, bytes.ptr, got);
	sdk_list_u8_free(&bytes);
	return (ssize_t)got;
}

void sdk_iter_close(void *target)
{
	struct sdk_iter *iter = target;
	wasi_bpf_iterators_iter_output_drop_own(iter->output);
	free(iter);
}
