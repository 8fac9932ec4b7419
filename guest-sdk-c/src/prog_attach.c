/* bpf_prog_attach, bpf_prog_attach_opts, bpf_prog_detach,
 * bpf_prog_detach2 and bpf_link_create: bpf.h's attach calls by program
 * fd and target fd, over the host's attach-cgroup (the target a cgroup
 * handle from open() of a /sys/fs/cgroup path), attach-xdp (the target
 * an ifindex) and attach-sockmap (the target a sockmap's bpf_map__fd
 * handle). Other attach types are refused (EOPNOTSUPP naming the type):
 * their targets (network namespaces, BTF ids) are nothing a guest can
 * name.
 *
 * The host attaches a cgroup program with a kernel link, which behaves
 * as BPF_F_ALLOW_MULTI: programs the guest attaches to a cgroup run
 * with whatever others attached there, and a program attached without
 * BPF_F_ALLOW_MULTI replaces only the guest's own of that type. */
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <linux/if_link.h>

#include "internal.h"

/* Whether `type` attaches to a cgroup (BPF_PROG_ATTACH's cgroup types). */
static bool cgroup_type(enum bpf_attach_type type)
{
	switch (type) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_INET_SOCK_CREATE:
	case BPF_CGROUP_INET_SOCK_RELEASE:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_DEVICE:
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET6_CONNECT:
	case BPF_CGROUP_INET4_POST_BIND:
	case BPF_CGROUP_INET6_POST_BIND:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case BPF_CGROUP_SYSCTL:
	case BPF_CGROUP_GETSOCKOPT:
	case BPF_CGROUP_SETSOCKOPT:
		return true;
	default:
		return false;
	}
}

/* Whether `type` attaches to a socket map. */
static bool sockmap_type(enum bpf_attach_type type)
{
	return type == BPF_SK_MSG_VERDICT || type == BPF_SK_SKB_STREAM_PARSER || type == BPF_SK_SKB_STREAM_VERDICT ||
	       type == BPF_SK_SKB_VERDICT;
}

static int unsupported_type(const char *call, enum bpf_attach_type type)
{
	const char *name = libbpf_bpf_attach_type_str(type);
	return sdk_fail_with(EOPNOTSUPP, "%s: attach type %s (%d) is not supported in a wasi:bpf guest", call,
			     name ? name : "unknown", (int)type);
}

/* The loaded program behind `prog_fd`, which must have been loaded for
 * attach type `type` (the host attaches it as loaded: the kernel's
 * EINVAL for another type, as for a program that enforces its expected
 * attach type). */
static struct bpf_program *program_for(const char *call, int prog_fd, enum bpf_attach_type type)
{
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	if (prog && prog->expected_attach_type != type) {
		const char *want = libbpf_bpf_attach_type_str(type), *has =
			libbpf_bpf_attach_type_str(prog->expected_attach_type);
		sdk_fail_with(EINVAL, "%s: program '%s' is loaded for attach type %s, not %s", call, prog->name,
			      has ? has : "unknown", want ? want : "unknown");
		return NULL;
	}
	return prog;
}

/* Whether `at` attaches `prog` (any program when NULL) to `cgroup` as
 * `type`, by bpf_prog_attach or (`links`) by bpf_link_create too. */
static bool matches(const struct sdk_fd_attachment *at, const char *cgroup, enum bpf_attach_type type,
		    const struct bpf_program *prog, bool links)
{
	return at->cgroup && (links || !at->via_link) && at->type == type && strcmp(at->cgroup, cgroup) == 0 &&
	       (!prog || at->prog == prog);
}

static struct sdk_fd_attachment *attached(const char *cgroup, enum bpf_attach_type type,
					  const struct bpf_program *prog, bool links)
{
	for (struct sdk_fd_attachment *at = sdk_fd_attachments(); at; at = at->next)
		if (matches(at, cgroup, type, prog, links))
			return at;
	return NULL;
}

/* Attaches `prog` to cgroup handle `cgroup_fd` and records it; NULL
 * with errno set. */
static struct sdk_fd_attachment *attach_cgroup(struct bpf_program *prog, int cgroup_fd, enum bpf_attach_type type)
{
	const char *path = sdk_cgroup_from_fd(cgroup_fd);
	if (!path)
		return NULL;
	char *copy = strdup(path);
	if (!copy) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	struct bpf_link *link = bpf_program__attach_cgroup_path(prog, path);
	struct sdk_fd_attachment *at = link ? sdk_fd_attachment_add(prog, link) : NULL;
	if (!at) {
		free(copy);
		return NULL;
	}
	at->type = type;
	at->cgroup = copy;
	return at;
}

/* What `type` runs on socket map `map`: the attachment of `prog` (of
 * any program when NULL), by bpf_prog_attach or (`links`) also by
 * bpf_link_create. */
static struct sdk_fd_attachment *attached_to_map(const struct bpf_map *map, enum bpf_attach_type type,
						 const struct bpf_program *prog, bool links)
{
	for (struct sdk_fd_attachment *at = sdk_fd_attachments(); at; at = at->next)
		if (at->map == map && at->type == type && (links || !at->via_link) && (!prog || at->prog == prog))
			return at;
	return NULL;
}

/* Attaches `prog` to the socket map behind `map_fd` and records it; NULL
 * with errno set. */
static struct sdk_fd_attachment *attach_sockmap(struct bpf_program *prog, int map_fd, enum bpf_attach_type type)
{
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	struct bpf_link *link = map ? bpf_program__attach_sockmap(prog, map_fd) : NULL;
	struct sdk_fd_attachment *at = link ? sdk_fd_attachment_add(prog, link) : NULL;
	if (!at)
		return NULL;
	at->type = type;
	at->map = map;
	return at;
}

/* bpf_prog_attach of a socket map type: the map runs one program of each
 * type, the new one in place of the guest's old one, as the kernel
 * replaces it. */
static int prog_attach_sockmap(const char *call, int prog_fd, int map_fd, enum bpf_attach_type type,
			       unsigned int flags)
{
	if (flags)
		return sdk_fail_with(EINVAL, "%s: flags 0x%x for attach type %s, which takes none", call, flags,
				     libbpf_bpf_attach_type_str(type));
	struct bpf_program *prog = program_for(call, prog_fd, type);
	struct bpf_map *map = prog ? sdk_map_from_fd(map_fd) : NULL;
	if (!map)
		return -errno;
	struct sdk_fd_attachment *old = attached_to_map(map, type, NULL, false);
	if (old)
		sdk_fd_attachment_detach(old);
	return attach_sockmap(prog, map_fd, type) ? 0 : -errno;
}

int bpf_prog_attach_opts(int prog_fd, int attachable_fd, enum bpf_attach_type type,
			 const struct bpf_prog_attach_opts *opts)
{
	const char *call = "bpf_prog_attach";
	unsigned int flags = SDK_OPTS_HAS(opts, struct bpf_prog_attach_opts, flags) ? opts->flags : 0;
	if (sockmap_type(type))
		return prog_attach_sockmap(call, prog_fd, attachable_fd, type, flags);
	if (!cgroup_type(type))
		return unsupported_type(call, type);
	if (flags & ~BPF_F_ALLOW_MULTI)
		return sdk_fail_with(EOPNOTSUPP, "%s: flags 0x%x: only BPF_F_ALLOW_MULTI is supported in a wasi:bpf "
						 "guest (programs attach with links, which override none)",
				     call, flags);
	struct bpf_program *prog = program_for(call, prog_fd, type);
	const char *path = prog ? sdk_cgroup_from_fd(attachable_fd) : NULL;
	if (!path)
		return -errno;
	if (flags & BPF_F_ALLOW_MULTI) {
		if (attached(path, type, prog, false))
			return sdk_fail_with(EEXIST, "%s: program '%s' is already attached to cgroup %s", call,
					     prog->name, path);
	} else {
		/* Without BPF_F_ALLOW_MULTI the cgroup holds one program of
		 * the type: the new one replaces the guest's old one. */
		struct sdk_fd_attachment *old = attached(path, type, NULL, false);
		if (old)
			sdk_fd_attachment_detach(old);
	}
	struct sdk_fd_attachment *at = attach_cgroup(prog, attachable_fd, type);
	if (!at)
		return -errno;
	at->multi = flags & BPF_F_ALLOW_MULTI;
	return 0;
}

int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type, unsigned int flags)
{
	LIBBPF_OPTS(bpf_prog_attach_opts, opts, .flags = flags);
	return bpf_prog_attach_opts(prog_fd, attachable_fd, type, &opts);
}

int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type)
{
	const char *call = prog_fd < 0 ? "bpf_prog_detach" : "bpf_prog_detach2";
	if (!cgroup_type(type) && !sockmap_type(type))
		return unsupported_type(call, type);
	struct bpf_program *prog = NULL;
	if (prog_fd >= 0 && !(prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM)))
		return -errno;
	if (sockmap_type(type)) {
		struct bpf_map *map = sdk_map_from_fd(attachable_fd);
		if (!map)
			return -errno;
		struct sdk_fd_attachment *at = attached_to_map(map, type, prog, false);
		if (!at)
			return sdk_fail_with(ENOENT, "%s: no program%s%s%s is attached to map '%s' as %s", call,
					     prog ? " '" : "", prog ? prog->name : "", prog ? "'" : "", map->name,
					     libbpf_bpf_attach_type_str(type));
		sdk_fd_attachment_detach(at);
		return 0;
	}
	const char *path = sdk_cgroup_from_fd(attachable_fd);
	if (!path)
		return -errno;
	const char *type_name = libbpf_bpf_attach_type_str(type);
	/* Without a program the kernel detaches the one attached without
	 * BPF_F_ALLOW_MULTI; of several (or links) it cannot tell which. */
	struct sdk_fd_attachment *any = attached(path, type, NULL, true);
	if (!prog && any && any->multi)
		return sdk_fail_with(EINVAL, "%s: cgroup %s has programs attached as %s with BPF_F_ALLOW_MULTI or "
					     "links: name one (bpf_prog_detach2)", call, path, type_name);
	struct sdk_fd_attachment *at = attached(path, type, prog, false);
	if (!at)
		return sdk_fail_with(ENOENT, "%s: no program%s%s%s is attached to cgroup %s as %s", call,
				     prog ? " '" : "", prog ? prog->name : "", prog ? "'" : "", path, type_name);
	sdk_fd_attachment_detach(at);
	return 0;
}

int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach2(-1, attachable_fd, type);
}

int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
		    const struct bpf_link_create_opts *opts)
{
	const char *call = "bpf_link_create";
	if (attach_type != BPF_XDP && !cgroup_type(attach_type) && !sockmap_type(attach_type))
		return unsupported_type(call, attach_type);
	__u32 flags = SDK_OPTS_HAS(opts, struct bpf_link_create_opts, flags) ? opts->flags : 0;
	/* The kernel takes XDP modes for an XDP link, no flag for others. */
	if (attach_type == BPF_XDP ? (flags & ~XDP_FLAGS_MODES) || (flags & (flags - 1)) : flags != 0)
		return sdk_fail_with(EINVAL, "%s: flags 0x%x for attach type %s", call, flags,
				     libbpf_bpf_attach_type_str(attach_type));
	struct bpf_program *prog = program_for(call, prog_fd, attach_type);
	if (!prog)
		return -errno;
	struct sdk_fd_attachment *at;
	if (attach_type == BPF_XDP) {
		__u32 mode;
		/* The kernel's link fails where XDP is attached already. */
		for (at = sdk_fd_attachments(); at; at = at->next)
			if (at->type == BPF_XDP && at->ifindex == target_fd)
				return sdk_fail_with(EBUSY, "%s: ifindex %d already has XDP program '%s'", call,
						     target_fd, at->prog->name);
		struct bpf_link *link = sdk_xdp_link(prog, target_fd, flags, &mode);
		if (!link || !(at = sdk_fd_attachment_add(prog, link)))
			return -errno;
		at->ifindex = target_fd;
		at->xdp_mode = mode;
	} else if (sockmap_type(attach_type)) {
		/* The kernel's link fails where one runs already. */
		struct bpf_map *map = sdk_map_from_fd(target_fd);
		if (!map)
			return -errno;
		if ((at = attached_to_map(map, attach_type, NULL, true)))
			return sdk_fail_with(EBUSY, "%s: map '%s' already runs program '%s' as %s", call, map->name,
					     at->prog->name, libbpf_bpf_attach_type_str(attach_type));
		if (!(at = attach_sockmap(prog, target_fd, attach_type)))
			return -errno;
	} else if (!(at = attach_cgroup(prog, target_fd, attach_type))) {
		return -errno;
	}
	at->type = attach_type;
	at->via_link = true;
	at->multi = true;
	return at->link->fd;
}
