/* bpf_program: autoload and every way wasi:bpf attaches; bpf_link. */
#include <net/if.h>
#include <stdlib.h>

#include "internal.h"

const char *bpf_program__name(const struct bpf_program *prog)
{
	return prog ? prog->name : NULL;
}

const char *bpf_program__section_name(const struct bpf_program *prog)
{
	return prog ? prog->section : NULL;
}

int bpf_program__fd(const struct bpf_program *prog)
{
	return prog ? prog->fd : sdk_fail_with(EINVAL, "no program");
}

bool bpf_program__autoload(const struct bpf_program *prog)
{
	return prog && prog->autoload;
}

int bpf_program__set_autoload(struct bpf_program *prog, bool autoload)
{
	if (!prog)
		return sdk_fail_with(EINVAL, "no program");
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_set_autoload(wasi_bpf_bpf_object_borrow_object(prog->obj->handle),
							    &name, autoload, &err))
		return sdk_fail(&err);
	prog->autoload = autoload;
	return 0;
}

int sdk_program_handle(struct bpf_program *prog, wasi_bpf_bpf_object_borrow_program_t *out)
{
	if (!prog->has_handle) {
		sdk_string_t name = sdk_str(prog->name);
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_bpf_object_method_object_program(wasi_bpf_bpf_object_borrow_object(prog->obj->handle),
							       &name, &prog->handle, &err))
			return sdk_fail(&err);
		prog->has_handle = true;
	}
	*out = wasi_bpf_bpf_object_borrow_program(prog->handle);
	return 0;
}

/* The link of a successful attach call, or NULL with errno set (and the
 * warning libbpf prints). */
static struct bpf_link *link_or_null(const struct bpf_program *prog, bool ok,
				     wasi_bpf_bpf_object_own_link_t handle, wasi_bpf_types_error_t *err)
{
	if (!ok) {
		sdk_fail_warn(err, prog->name);
		return NULL;
	}
	struct bpf_link *link = malloc(sizeof(*link));
	if (!link) {
		wasi_bpf_bpf_object_method_link_detach(wasi_bpf_bpf_object_borrow_link(handle));
		wasi_bpf_bpf_object_link_drop_own(handle);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	link->handle = handle;
	return link;
}

/* Declares `self` (the program's borrowed handle) or returns NULL. */
#define PROGRAM_SELF(prog)                                                    \
	wasi_bpf_bpf_object_borrow_program_t self;                           \
	if (!(prog)) {                                                        \
		sdk_fail_with(EINVAL, "no program");                          \
		return NULL;                                                  \
	}                                                                     \
	if (sdk_program_handle((struct bpf_program *)(prog), &self))          \
		return NULL;                                                  \
	wasi_bpf_bpf_object_own_link_t handle;                                \
	wasi_bpf_types_error_t err

struct bpf_link *bpf_program__attach(const struct bpf_program *prog)
{
	PROGRAM_SELF(prog);
	bool ok = wasi_bpf_bpf_object_method_program_attach(self, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *category,
						const char *name)
{
	PROGRAM_SELF(prog);
	sdk_string_t c = sdk_str(category), n = sdk_str(name);
	bool ok = wasi_bpf_bpf_object_method_program_attach_tracepoint(self, &c, &n, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *name)
{
	PROGRAM_SELF(prog);
	sdk_string_t n = sdk_str(name);
	bool ok = wasi_bpf_bpf_object_method_program_attach_raw_tracepoint(self, &n, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe, const char *func_name)
{
	PROGRAM_SELF(prog);
	sdk_string_t f = sdk_str(func_name);
	bool ok = wasi_bpf_bpf_object_method_program_attach_kprobe(self, &f, retprobe, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

static struct bpf_link *attach_perf_event(const struct bpf_program *prog, struct sdk_perf_event *event)
{
	PROGRAM_SELF(prog);
	bool ok = wasi_bpf_bpf_object_method_program_attach_perf_event(self, &event->event, event->pid, event->cpu,
								       &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
						     const struct bpf_perf_event_opts *opts)
{
	if (opts && opts->bpf_cookie) {
		sdk_fail_with(EOPNOTSUPP, "BPF cookies on perf events are not supported");
		sdk_warn("libbpf: prog '%s': %s\n", prog ? prog->name : "", libbpf_wasm_last_error());
		return NULL;
	}
	/* The event's description is used once: as natively, where libbpf
	 * owns the perf fd from here on. */
	struct sdk_perf_event *event = sdk_perf_event_take(pfd);
	if (!event)
		return NULL;
	struct bpf_link *link = attach_perf_event(prog, event);
	free(event);
	return link;
}

struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd)
{
	return bpf_program__attach_perf_event_opts(prog, pfd, NULL);
}

struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid, const char *binary_path,
						 size_t func_offset, const struct bpf_uprobe_opts *opts)
{
	PROGRAM_SELF(prog);
	wasi_bpf_bpf_object_uprobe_target_t target = {
		.binary = sdk_str(binary_path),
		.offset = func_offset,
		.pid = { .is_some = pid >= 0, .val = pid },
		.retprobe = opts && opts->retprobe,
	};
	if (opts && opts->func_name) {
		target.symbol.is_some = true;
		target.symbol.val = sdk_str(opts->func_name);
	}
	bool ok = wasi_bpf_bpf_object_method_program_attach_uprobe(self, &target, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog, bool retprobe, pid_t pid,
					    const char *binary_path, size_t func_offset)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe);
	return bpf_program__attach_uprobe_opts(prog, pid, binary_path, func_offset, &opts);
}

struct bpf_link *bpf_program__attach_xdp_ifname(const struct bpf_program *prog, const char *ifname, __u32 flags)
{
	PROGRAM_SELF(prog);
	sdk_string_t i = sdk_str(ifname);
	wasi_bpf_bpf_object_xdp_mode_t mode = WASI_BPF_BPF_OBJECT_XDP_MODE_AUTO;
	if (flags & XDP_FLAGS_SKB_MODE)
		mode = WASI_BPF_BPF_OBJECT_XDP_MODE_GENERIC;
	else if (flags & XDP_FLAGS_DRV_MODE)
		mode = WASI_BPF_BPF_OBJECT_XDP_MODE_DRIVER;
	bool ok = wasi_bpf_bpf_object_method_program_attach_xdp(self, &i, mode, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_cgroup_path(const struct bpf_program *prog, const char *path)
{
	PROGRAM_SELF(prog);
	sdk_string_t p = sdk_str(path);
	bool ok = wasi_bpf_bpf_object_method_program_attach_cgroup(self, &p, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex)
{
	char name[IF_NAMESIZE];
	if (ifindex <= 0 || !if_indextoname((unsigned int)ifindex, name)) {
		sdk_fail_with(ENXIO, "bpf_program__attach_xdp: no network interface has index %d", ifindex);
		return NULL;
	}
	return bpf_program__attach_xdp_ifname(prog, name, 0);
}

struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd)
{
	const char *path = sdk_cgroup_from_fd(cgroup_fd);
	return path ? bpf_program__attach_cgroup_path(prog, path) : NULL;
}

struct bpf_link *bpf_program__attach_socket_filter_ifname(const struct bpf_program *prog, const char *ifname)
{
	PROGRAM_SELF(prog);
	sdk_string_t i = sdk_str(ifname);
	bool ok = wasi_bpf_bpf_object_method_program_attach_socket_filter(self, &i, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

int bpf_link__destroy(struct bpf_link *link)
{
	if (!link)
		return 0;
	wasi_bpf_bpf_object_method_link_detach(wasi_bpf_bpf_object_borrow_link(link->handle));
	wasi_bpf_bpf_object_link_drop_own(link->handle);
	free(link);
	return 0;
}
