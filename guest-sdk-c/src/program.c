/* bpf_program: autoload, autoattach, flags, and every way wasi:bpf
 * attaches (the links are link.c's). */
#include <linux/netfilter.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasi_bpf/system.h>
#include <wasi_bpf/trace_helpers.h>

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

bool bpf_program__autoattach(const struct bpf_program *prog)
{
	return prog && prog->autoattach;
}

void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach)
{
	if (prog)
		prog->autoattach = autoattach;
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
	return sdk_link_new(prog->obj, handle);
}

/* Whether an attach option the host cannot honour is unset: a kprobe
 * offset, a uprobe reference counter, kernel addresses. Otherwise
 * -EOPNOTSUPP with libbpf's kind of warning. */
static bool unset(const struct bpf_program *prog, __u64 value, const char *what)
{
	if (!value)
		return true;
	sdk_fail_with(EOPNOTSUPP, "%s is not supported in a wasi:bpf guest", what);
	sdk_warn("libbpf: prog '%s': %s\n", prog ? prog->name : "", libbpf_wasm_last_error());
	return false;
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

struct bpf_link *bpf_program__attach_trace_opts(const struct bpf_program *prog, const struct bpf_trace_opts *opts)
{
	/* The section (or set_attach_target) names the target: without a
	 * cookie the generic attach is libbpf's attach_trace. */
	if (!opts || !opts->cookie)
		return bpf_program__attach(prog);
	PROGRAM_SELF(prog);
	wasi_bpf_bpf_object_attach_options_t options = { .cookie = opts->cookie };
	bool ok = wasi_bpf_bpf_object_method_program_attach_trace_with_options(self, &options, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog)
{
	return bpf_program__attach_trace_opts(prog, NULL);
}

struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog)
{
	return bpf_program__attach(prog);
}

struct bpf_link *bpf_program__attach_tracepoint_opts(const struct bpf_program *prog, const char *tp_category,
						     const char *tp_name, const struct bpf_tracepoint_opts *opts)
{
	PROGRAM_SELF(prog);
	sdk_string_t c = sdk_str(tp_category), n = sdk_str(tp_name);
	wasi_bpf_bpf_object_attach_options_t options = { .cookie = opts ? opts->bpf_cookie : 0 };
	bool ok = wasi_bpf_bpf_object_method_program_attach_tracepoint_with_options(self, &c, &n, &options, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *tp_category,
						const char *tp_name)
{
	return bpf_program__attach_tracepoint_opts(prog, tp_category, tp_name, NULL);
}

struct bpf_link *bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog, const char *tp_name,
							 struct bpf_raw_tracepoint_opts *opts)
{
	PROGRAM_SELF(prog);
	sdk_string_t n = sdk_str(tp_name);
	wasi_bpf_bpf_object_attach_options_t options = { .cookie = opts ? opts->cookie : 0 };
	bool ok = wasi_bpf_bpf_object_method_program_attach_raw_tracepoint_with_options(self, &n, &options, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *tp_name)
{
	return bpf_program__attach_raw_tracepoint_opts(prog, tp_name, NULL);
}

struct bpf_link *bpf_program__attach_kprobe_opts(const struct bpf_program *prog, const char *func_name,
						 const struct bpf_kprobe_opts *opts)
{
	if (opts && !unset(prog, opts->offset, "a kprobe offset"))
		return NULL;
	PROGRAM_SELF(prog);
	sdk_string_t f = sdk_str(func_name);
	wasi_bpf_bpf_object_attach_options_t options = { .cookie = opts ? opts->bpf_cookie : 0 };
	bool ok = wasi_bpf_bpf_object_method_program_attach_kprobe_with_options(self, &f, opts && opts->retprobe, &options,
										&handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe, const char *func_name)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = retprobe);
	return bpf_program__attach_kprobe_opts(prog, func_name, &opts);
}

/* libbpf's name for the architecture in syscall wrappers (__x64_sys_...),
 * from the host's machine name; NULL where the kernel has none. */
static const char *syscall_prefix(void)
{
	static const struct {
		const char *machine;
		const char *prefix;
	} prefixes[] = {
		{ "x86_64", "x64" }, { "i386", "ia32" }, { "i686", "ia32" },   { "s390x", "s390x" }, { "aarch64", "arm64" },
		{ "arm", "arm" },    { "mips", "mips" }, { "riscv", "riscv" }, { "ppc", "powerpc" },
	};
	const char *machine = wasi_bpf_architecture();
	for (size_t i = 0; machine && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(machine, prefixes[i].machine, strlen(prefixes[i].machine)))
			return prefixes[i].prefix;
	return NULL;
}

struct bpf_link *bpf_program__attach_ksyscall(const struct bpf_program *prog, const char *syscall_name,
					      const struct bpf_ksyscall_opts *opts)
{
	if (!syscall_name) {
		sdk_fail_with(EINVAL, "no syscall name");
		return NULL;
	}
	/* As libbpf: the arch's wrapper where the kernel has wrappers (its
	 * bpf syscall's tells), else the __se_sys_ handler. */
	char wrapper[64], func[128];
	const char *prefix = syscall_prefix();
	if (prefix && snprintf(wrapper, sizeof(wrapper), "__%s_sys_bpf", prefix) > 0 && kprobe_exists(wrapper))
		snprintf(func, sizeof(func), "__%s_sys_%s", prefix, syscall_name);
	else
		snprintf(func, sizeof(func), "__se_sys_%s", syscall_name);
	LIBBPF_OPTS(bpf_kprobe_opts, kopts, .retprobe = opts && opts->retprobe, .bpf_cookie = opts ? opts->bpf_cookie : 0);
	return bpf_program__attach_kprobe_opts(prog, func, &kopts);
}

struct bpf_link *bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd)
{
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	wasi_bpf_bpf_map_borrow_map_t map_handle;
	if (!map || sdk_map_handle(map, &map_handle))
		return NULL;
	PROGRAM_SELF(prog);
	bool ok = wasi_bpf_bpf_object_method_program_attach_sockmap(self, map_handle, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

static struct bpf_link *attach_perf_event(const struct bpf_program *prog, struct sdk_perf_event *event, __u64 cookie)
{
	PROGRAM_SELF(prog);
	wasi_bpf_bpf_object_attach_options_t options = { .cookie = cookie };
	bool ok = wasi_bpf_bpf_object_method_program_attach_perf_event_with_options(self, &event->event, event->pid,
										    event->cpu, &options, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
						     const struct bpf_perf_event_opts *opts)
{
	/* The event's description is used once: as natively, where libbpf
	 * owns the perf fd from here on. */
	struct sdk_perf_event *event = sdk_perf_event_take(pfd);
	if (!event)
		return NULL;
	struct bpf_link *link = attach_perf_event(prog, event, opts ? opts->bpf_cookie : 0);
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
	if (opts && !unset(prog, opts->ref_ctr_offset, "a uprobe reference counter"))
		return NULL;
	PROGRAM_SELF(prog);
	wasi_bpf_bpf_object_uprobe_target_t target = {
		.binary = sdk_str(binary_path),
		.offset = func_offset,
		.pid = { .is_some = pid >= 0, .val = pid },
		.retprobe = opts && opts->retprobe,
		.cookie = opts ? opts->bpf_cookie : 0,
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

/* The WIT's list of `cnt` names (the strings stay the caller's), in a
 * new array to free; false with errno set. */
static bool names_list(const char **names, size_t cnt, sdk_list_string_t *out)
{
	out->len = cnt;
	out->ptr = calloc(cnt ? cnt : 1, sizeof(*out->ptr));
	if (!out->ptr) {
		sdk_fail_with(ENOMEM, "no memory for %zu names", cnt);
		return false;
	}
	for (size_t i = 0; i < cnt; i++) {
		if (!names[i]) {
			free(out->ptr);
			sdk_fail_with(EINVAL, "name %zu of %zu is NULL", i, cnt);
			return false;
		}
		out->ptr[i] = sdk_str(names[i]);
	}
	return true;
}

struct bpf_link *bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid, const char *binary_path,
						  const char *func_pattern, const struct bpf_uprobe_multi_opts *opts)
{
	PROGRAM_SELF(prog);
	const char **syms = opts ? opts->syms : NULL;
	const unsigned long *offsets = opts ? opts->offsets : NULL;
	const __u64 *cookies = opts ? opts->cookies : NULL;
	size_t cnt = opts ? opts->cnt : 0;
	if (opts && !unset(prog, opts->ref_ctr_offsets != NULL, "a USDT semaphore (ref_ctr_offsets)"))
		return NULL;
	/* libbpf's rules: a pattern alone, or syms or offsets with cnt. */
	if (!binary_path || (func_pattern ? syms || offsets || cookies || cnt : !cnt || !syms == !offsets)) {
		sdk_fail_with(EINVAL, "uprobe-multi attach: give a binary and one of a pattern, syms or offsets (with cnt)");
		return NULL;
	}
	wasi_bpf_bpf_object_uprobe_multi_target_t target = {
		.binary = sdk_str(binary_path),
		.cookies = { .ptr = (uint64_t *)cookies, .len = cookies ? cnt : 0 },
		.pid = { .is_some = pid >= 0, .val = pid },
		.retprobe = opts && opts->retprobe,
		.session = opts && opts->session,
	};
	uint64_t *wide = NULL;
	if (func_pattern) {
		target.sites.tag = WASI_BPF_BPF_OBJECT_UPROBE_MULTI_SITES_PATTERN;
		target.sites.val.pattern = sdk_str(func_pattern);
	} else if (syms) {
		target.sites.tag = WASI_BPF_BPF_OBJECT_UPROBE_MULTI_SITES_SYMBOLS;
		if (!names_list(syms, cnt, &target.sites.val.symbols))
			return NULL;
	} else {
		/* unsigned long is 32 bits here, the WIT's offsets 64. */
		wide = calloc(cnt, sizeof(*wide));
		if (!wide) {
			sdk_fail_with(ENOMEM, "no memory for %zu offsets", cnt);
			return NULL;
		}
		for (size_t i = 0; i < cnt; i++)
			wide[i] = offsets[i];
		target.sites.tag = WASI_BPF_BPF_OBJECT_UPROBE_MULTI_SITES_OFFSETS;
		target.sites.val.offsets = (sdk_list_u64_t){ .ptr = wide, .len = cnt };
	}
	bool ok = wasi_bpf_bpf_object_method_program_attach_uprobe_multi(self, &target, &handle, &err);
	if (target.sites.tag == WASI_BPF_BPF_OBJECT_UPROBE_MULTI_SITES_SYMBOLS)
		free(target.sites.val.symbols.ptr);
	free(wide);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog, const char *pattern,
						       const struct bpf_kprobe_multi_opts *opts)
{
	PROGRAM_SELF(prog);
	const char **syms = opts ? opts->syms : NULL;
	const __u64 *cookies = opts ? opts->cookies : NULL;
	size_t cnt = opts ? opts->cnt : 0;
	if (opts && (!unset(prog, opts->addrs != NULL, "attaching by kernel address (addrs; name the functions)") ||
		     !unset(prog, opts->unique_match, "unique_match")))
		return NULL;
	/* libbpf's rules: a pattern alone, or syms with cnt. */
	if (pattern ? syms || cookies || cnt : !syms || !cnt) {
		sdk_fail_with(EINVAL, "kprobe-multi attach: give a pattern, or syms with cnt");
		return NULL;
	}
	wasi_bpf_bpf_object_kprobe_multi_target_t target = {
		.cookies = { .ptr = (uint64_t *)cookies, .len = cookies ? cnt : 0 },
		.retprobe = opts && opts->retprobe,
		.session = opts && opts->session,
	};
	if (pattern) {
		target.sites.tag = WASI_BPF_BPF_OBJECT_KPROBE_MULTI_SITES_PATTERN;
		target.sites.val.pattern = sdk_str(pattern);
	} else {
		target.sites.tag = WASI_BPF_BPF_OBJECT_KPROBE_MULTI_SITES_SYMBOLS;
		if (!names_list(syms, cnt, &target.sites.val.symbols))
			return NULL;
	}
	bool ok = wasi_bpf_bpf_object_method_program_attach_kprobe_multi(self, &target, &handle, &err);
	if (!pattern)
		free(target.sites.val.symbols.ptr);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid, const char *binary_path,
					  const char *usdt_provider, const char *usdt_name,
					  const struct bpf_usdt_opts *opts)
{
	PROGRAM_SELF(prog);
	if (!binary_path || !usdt_provider || !usdt_name) {
		sdk_fail_with(EINVAL, "USDT attach without a binary, provider or name");
		return NULL;
	}
	/* The host reads the binary's .note.stapsdt and fills the object's
	 * __bpf_usdt_specs map, as libbpf's USDT manager does natively. */
	wasi_bpf_bpf_object_usdt_target_t target = {
		.binary = sdk_str(binary_path),
		.provider = sdk_str(usdt_provider),
		.name = sdk_str(usdt_name),
		.pid = { .is_some = pid >= 0, .val = pid },
		.cookie = opts ? opts->usdt_cookie : 0,
	};
	bool ok = wasi_bpf_bpf_object_method_program_attach_usdt(self, &target, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
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

struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd)
{
	const char *path = sdk_netns_from_fd(netns_fd);
	if (!path)
		return NULL;
	PROGRAM_SELF(prog);
	sdk_string_t p = sdk_str(path);
	bool ok = wasi_bpf_bpf_object_method_program_attach_netns(self, &p, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

/* The kernel's numbers become the WIT's names; a number without one is
 * refused as the kernel refuses it, with its errno. */
struct bpf_link *bpf_program__attach_netfilter(const struct bpf_program *prog, const struct bpf_netfilter_opts *opts)
{
	static const wasi_bpf_bpf_object_netfilter_hook_t hooks[NF_INET_NUMHOOKS] = {
		[NF_INET_PRE_ROUTING] = WASI_BPF_BPF_OBJECT_NETFILTER_HOOK_PREROUTING,
		[NF_INET_LOCAL_IN] = WASI_BPF_BPF_OBJECT_NETFILTER_HOOK_LOCAL_IN,
		[NF_INET_FORWARD] = WASI_BPF_BPF_OBJECT_NETFILTER_HOOK_FORWARD,
		[NF_INET_LOCAL_OUT] = WASI_BPF_BPF_OBJECT_NETFILTER_HOOK_LOCAL_OUT,
		[NF_INET_POST_ROUTING] = WASI_BPF_BPF_OBJECT_NETFILTER_HOOK_POSTROUTING,
	};
	const char *what = "bpf_program__attach_netfilter";
	/* Fields past an older caller's struct are 0, as libbpf reads them. */
	__u32 pf = SDK_OPTS_HAS(opts, struct bpf_netfilter_opts, pf) ? opts->pf : 0;
	__u32 hooknum = SDK_OPTS_HAS(opts, struct bpf_netfilter_opts, hooknum) ? opts->hooknum : 0;
	__s32 priority = SDK_OPTS_HAS(opts, struct bpf_netfilter_opts, priority) ? opts->priority : 0;
	__u32 flags = SDK_OPTS_HAS(opts, struct bpf_netfilter_opts, flags) ? opts->flags : 0;

	if (!sdk_opts_valid(opts, offsetof(struct bpf_netfilter_opts, flags) + sizeof(opts->flags), "bpf_netfilter_opts")) {
		sdk_fail_with(EINVAL, "%s: options of a size libbpf refuses", what);
		return NULL;
	}
	if (pf != NFPROTO_IPV4 && pf != NFPROTO_IPV6) {
		sdk_fail_with(EAFNOSUPPORT, "%s: protocol family %u (want NFPROTO_IPV4 or NFPROTO_IPV6)", what, pf);
		return NULL;
	}
	if (hooknum >= NF_INET_NUMHOOKS) {
		sdk_fail_with(EPROTO, "%s: hook %u (want NF_INET_PRE_ROUTING to NF_INET_POST_ROUTING)", what, hooknum);
		return NULL;
	}
	if (flags & ~BPF_F_NETFILTER_IP_DEFRAG) {
		sdk_fail_with(EOPNOTSUPP, "%s: flags %#x (only BPF_F_NETFILTER_IP_DEFRAG is known)", what, flags);
		return NULL;
	}
	PROGRAM_SELF(prog);
	wasi_bpf_bpf_object_netfilter_options_t options = {
		.family = pf == NFPROTO_IPV4 ? WASI_BPF_BPF_OBJECT_NETFILTER_FAMILY_IPV4
					     : WASI_BPF_BPF_OBJECT_NETFILTER_FAMILY_IPV6,
		.hook = hooks[hooknum],
		.priority = priority,
		.defrag = flags & BPF_F_NETFILTER_IP_DEFRAG,
	};
	bool ok = wasi_bpf_bpf_object_method_program_attach_netfilter(self, &options, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}

struct bpf_link *bpf_program__attach_socket_filter_ifname(const struct bpf_program *prog, const char *ifname)
{
	PROGRAM_SELF(prog);
	sdk_string_t i = sdk_str(ifname);
	bool ok = wasi_bpf_bpf_object_method_program_attach_socket_filter(self, &i, &handle, &err);
	return link_or_null(prog, ok, handle, &err);
}
