/* libbpf's tc calls (bpf_tc_hook_create / _destroy, bpf_tc_attach /
 * _detach / _query) and bpf_program__attach_tcx, over wasi:bpf/tc.
 *
 * libbpf works by ifindex and program fd over netlink, and a filter it
 * attaches stays until someone deletes it. Here the host attaches each
 * filter as a link: this file keeps the guest's filters by place
 * (interface, direction, handle, priority) so that bpf_tc_detach and
 * bpf_tc_hook_destroy find them, and the host deletes any left when
 * their object or the guest goes. The host makes the clsact qdisc with
 * the first filter and removes it after the last one if nothing else is
 * on it, so bpf_tc_hook_create only checks the hook, and
 * bpf_tc_hook_destroy deletes the guest's own filters only, never
 * another program's. */
#include <net/if.h>
#include <stdlib.h>

#include "internal.h"

/* A filter of the guest's, where bpf_tc_attach put it. */
struct tc_filter {
	int ifindex;
	enum bpf_tc_attach_point attach_point;
	__u32 handle;
	__u32 priority;
	wasi_bpf_bpf_object_own_link_t link;
	struct tc_filter *next;
};

static struct tc_filter *filters;

/* libbpf's OPTS_VALID for the fields this SDK reads: a size that holds
 * at least the size field (NULL is valid where libbpf allows it). */
static bool opts_valid(const void *opts, size_t sz)
{
	return !opts || sz >= sizeof(size_t);
}

/* A hook as libbpf's bpf_tc_* take it: non-NULL, sized, ifindex > 0. */
static int check_hook(const struct bpf_tc_hook *hook, const char *what)
{
	if (!hook || !opts_valid(hook, hook->sz) || hook->ifindex <= 0)
		return sdk_fail_with(EINVAL, "%s: no hook, or its ifindex is not positive", what);
	return 0;
}

/* The direction of a hook that attaches, detaches or queries: ingress or
 * egress. libbpf's BPF_TC_CUSTOM (a parent of the guest's choosing) is
 * not supported; a parent with ingress or egress is libbpf's -EINVAL. */
static int hook_direction(const struct bpf_tc_hook *hook, const char *what, wasi_bpf_tc_tc_attach_point_t *out)
{
	switch (hook->attach_point) {
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
		if (hook->parent)
			return sdk_fail_with(EINVAL, "%s: a parent is only for BPF_TC_CUSTOM", what);
		*out = hook->attach_point == BPF_TC_INGRESS ? WASI_BPF_TC_TC_ATTACH_POINT_INGRESS
							   : WASI_BPF_TC_TC_ATTACH_POINT_EGRESS;
		return 0;
	case BPF_TC_CUSTOM:
		return sdk_unsupported(what, "the host attaches tc filters on a clsact qdisc's ingress or egress only");
	default:
		return sdk_fail_with(EINVAL, "%s: attach point %d is not BPF_TC_INGRESS or BPF_TC_EGRESS", what,
				     (int)hook->attach_point);
	}
}

/* The kernel's name of interface `ifindex`, into `name`. */
static int interface_name(int ifindex, char name[IF_NAMESIZE], const char *what)
{
	if (!if_indextoname((unsigned int)ifindex, name))
		return sdk_fail_with(ENODEV, "%s: no network interface has index %d", what, ifindex);
	return 0;
}

/* The guest's filter at this place, as a pointer to the list's link to
 * it (NULL when there is none). */
static struct tc_filter **find(int ifindex, enum bpf_tc_attach_point point, __u32 handle, __u32 priority)
{
	for (struct tc_filter **at = &filters; *at; at = &(*at)->next) {
		struct tc_filter *f = *at;
		if (f->ifindex == ifindex && f->attach_point == point && f->handle == handle && f->priority == priority)
			return at;
	}
	return NULL;
}

/* Takes the filter at `*at` out of the list and drops its link, which
 * deletes the filter (a no-op when its object has already gone). */
static void remove_filter(struct tc_filter **at)
{
	struct tc_filter *f = *at;
	*at = f->next;
	wasi_bpf_bpf_object_link_drop_own(f->link);
	free(f);
}

int bpf_tc_hook_create(struct bpf_tc_hook *hook)
{
	char name[IF_NAMESIZE];
	if (check_hook(hook, "bpf_tc_hook_create") || interface_name(hook->ifindex, name, "bpf_tc_hook_create"))
		return -errno;
	/* The host makes the qdisc with the first filter (never -EEXIST). */
	return 0;
}

int bpf_tc_hook_destroy(struct bpf_tc_hook *hook)
{
	if (check_hook(hook, "bpf_tc_hook_destroy"))
		return -errno;
	/* An int: libbpf's ingress|egress is no enumerator. */
	int points = hook->attach_point;
	switch (points) {
	case BPF_TC_INGRESS:
	case BPF_TC_EGRESS:
	case BPF_TC_INGRESS | BPF_TC_EGRESS:
		break;
	case BPF_TC_CUSTOM:
		return sdk_unsupported("bpf_tc_hook_destroy", "the host attaches tc filters on a clsact qdisc's ingress or egress only");
	default:
		return sdk_fail_with(EINVAL, "bpf_tc_hook_destroy: attach point %d is not BPF_TC_INGRESS and/or BPF_TC_EGRESS",
				     points);
	}
	for (struct tc_filter **at = &filters; *at;) {
		if ((*at)->ifindex == hook->ifindex && ((*at)->attach_point & points))
			remove_filter(at);
		else
			at = &(*at)->next;
	}
	return 0;
}

int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	const char *what = "bpf_tc_attach";
	wasi_bpf_tc_tc_attach_point_t point;
	char name[IF_NAMESIZE];
	if (check_hook(hook, what))
		return -errno;
	if (!opts || !opts_valid(opts, opts->sz) || !opts->prog_fd || opts->prog_id)
		return sdk_fail_with(EINVAL, "%s: opts needs a prog_fd and no prog_id", what);
	if (opts->priority > UINT16_MAX)
		return sdk_fail_with(EINVAL, "%s: priority %u is over %u", what, opts->priority, UINT16_MAX);
	if (opts->flags & ~BPF_TC_F_REPLACE)
		return sdk_fail_with(EINVAL, "%s: unknown flags 0x%x", what, opts->flags);
	if (hook_direction(hook, what, &point) || interface_name(hook->ifindex, name, what))
		return -errno;
	struct bpf_program *prog = sdk_handle_get(opts->prog_fd, SDK_HANDLE_PROGRAM);
	wasi_bpf_bpf_object_borrow_program_t self;
	if (!prog || sdk_program_handle(prog, &self))
		return -errno;
	struct tc_filter *filter = calloc(1, sizeof(*filter));
	if (!filter)
		return sdk_fail_with(ENOMEM, "out of memory");
	/* BPF_TC_F_REPLACE replaces only a filter of the guest's own (at a
	 * place it names): the old one goes first, so not atomically as
	 * libbpf's. Without it, a filter at that place is the kernel's
	 * -EEXIST. */
	struct tc_filter **old = find(hook->ifindex, hook->attach_point, opts->handle, opts->priority);
	if ((opts->flags & BPF_TC_F_REPLACE) && opts->handle && opts->priority && old)
		remove_filter(old);
	sdk_string_t interface = sdk_str(name);
	wasi_bpf_tc_tuple2_own_link_tc_filter_t placed;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_tc_attach_tc(self, &interface, point, opts->handle, opts->priority, &placed, &err)) {
		free(filter);
		return sdk_fail_warn(&err, prog->name);
	}
	*filter = (struct tc_filter){ .ifindex = hook->ifindex,
				      .attach_point = hook->attach_point,
				      .handle = placed.f1.handle,
				      .priority = placed.f1.priority,
				      .link = placed.f0,
				      .next = filters };
	filters = filter;
	opts->handle = placed.f1.handle;
	opts->priority = placed.f1.priority;
	opts->prog_id = placed.f1.program_id;
	return 0;
}

/* What bpf_tc_detach and bpf_tc_query take: a hook and opts naming one
 * filter by handle and priority, nothing else. */
static int check_place(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts, const char *what,
		       wasi_bpf_tc_tc_attach_point_t *point)
{
	if (check_hook(hook, what))
		return -errno;
	if (!opts || !opts_valid(opts, opts->sz) || opts->flags || opts->prog_fd || opts->prog_id)
		return sdk_fail_with(EINVAL, "%s: opts must have no flags, prog_fd or prog_id", what);
	if (!opts->handle || !opts->priority || opts->priority > UINT16_MAX)
		return sdk_fail_with(EINVAL, "%s: handle %u and priority %u must be non-zero (priority at most %u)", what,
				     opts->handle, opts->priority, UINT16_MAX);
	return hook_direction(hook, what, point);
}

int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts)
{
	wasi_bpf_tc_tc_attach_point_t point;
	if (check_place(hook, opts, "bpf_tc_detach", &point))
		return -errno;
	struct tc_filter **at = find(hook->ifindex, hook->attach_point, opts->handle, opts->priority);
	if (!at)
		return sdk_fail_with(ENOENT, "bpf_tc_detach: the guest has no filter at handle %u priority %u of ifindex %d",
				     opts->handle, opts->priority, hook->ifindex);
	remove_filter(at);
	return 0;
}

int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts)
{
	const char *what = "bpf_tc_query";
	wasi_bpf_tc_tc_attach_point_t point;
	char name[IF_NAMESIZE];
	if (check_place(hook, opts, what, &point) || interface_name(hook->ifindex, name, what))
		return -errno;
	sdk_string_t interface = sdk_str(name);
	uint32_t prog_id;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_tc_query_tc(&interface, point, opts->handle, opts->priority, &prog_id, &err))
		return sdk_fail(&err);
	opts->prog_id = prog_id;
	return 0;
}

struct bpf_link *bpf_program__attach_tcx(const struct bpf_program *prog, int ifindex, const struct bpf_tcx_opts *opts)
{
	const char *what = "bpf_program__attach_tcx";
	if (!prog || !opts_valid(opts, opts ? opts->sz : 0)) {
		sdk_fail_with(EINVAL, "%s: no program, or opts without a size", what);
		return NULL;
	}
	if (ifindex <= 0) {
		sdk_fail_with(EINVAL, "prog '%s': target netdevice ifindex cannot be zero", prog->name);
		sdk_warn("libbpf: %s\n", libbpf_wasm_last_error());
		return NULL;
	}
	/* Placement among the interface's other programs names them by fd or
	 * id, which a guest does not have. */
	if (opts && (opts->flags || opts->relative_fd || opts->relative_id || opts->expected_revision)) {
		sdk_unsupported(what, "flags, relative_fd, relative_id and expected_revision (the program goes last)");
		return NULL;
	}
	/* libbpf attaches in the direction of the program's expected attach
	 * type (SEC("tcx/ingress"), SEC("tcx/egress")). */
	wasi_bpf_tc_tc_attach_point_t point;
	switch (prog->expected_attach_type) {
	case BPF_TCX_INGRESS:
		point = WASI_BPF_TC_TC_ATTACH_POINT_INGRESS;
		break;
	case BPF_TCX_EGRESS:
		point = WASI_BPF_TC_TC_ATTACH_POINT_EGRESS;
		break;
	default:
		sdk_fail_with(EINVAL, "prog '%s': expected attach type %d is not BPF_TCX_INGRESS or BPF_TCX_EGRESS", prog->name,
			      (int)prog->expected_attach_type);
		sdk_warn("libbpf: %s\n", libbpf_wasm_last_error());
		return NULL;
	}
	char name[IF_NAMESIZE];
	if (interface_name(ifindex, name, what))
		return NULL;
	wasi_bpf_bpf_object_borrow_program_t self;
	if (sdk_program_handle((struct bpf_program *)prog, &self))
		return NULL;
	sdk_string_t interface = sdk_str(name);
	wasi_bpf_bpf_object_own_link_t handle;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_tc_attach_tcx(self, &interface, point, &handle, &err)) {
		sdk_fail_warn(&err, prog->name);
		return NULL;
	}
	return sdk_link_new(prog->obj, handle);
}
