/* bpf_xdp_attach, bpf_xdp_detach, bpf_xdp_query and bpf_xdp_query_id:
 * libbpf's netlink calls, by ifindex and program fd, over the host's
 * attach-xdp by interface name (if_indextoname). The host attaches with
 * a kernel link, so the guest sees what it attached itself: a query
 * answers for the guest's own XDP programs (bpf_xdp_attach's and
 * bpf_link_create's), never another process's; and a program another
 * process attached to the interface is not replaced but refused
 * (EBUSY), as the kernel refuses to replace an XDP link. */
#include <net/if.h>

#include <bpf/bpf.h>
#include <linux/if_link.h>

#include "internal.h"

/* The guest's attachment to `ifindex` (made by either call), or NULL. */
static struct sdk_fd_attachment *attached_to(int ifindex)
{
	for (struct sdk_fd_attachment *at = sdk_fd_attachments(); at; at = at->next)
		if (at->type == BPF_XDP && at->ifindex == ifindex)
			return at;
	return NULL;
}

/* One of XDP_FLAGS_SKB_MODE, _DRV_MODE, _HW_MODE at most, as the kernel
 * takes them: -EINVAL for more, or for bits it does not know. */
static int check_flags(const char *call, __u32 flags)
{
	__u32 modes = flags & XDP_FLAGS_MODES;
	if (flags & ~XDP_FLAGS_MASK)
		return sdk_fail_with(EINVAL, "%s: unknown XDP flags 0x%x", call, flags & ~XDP_FLAGS_MASK);
	if (modes & (modes - 1))
		return sdk_fail_with(EINVAL, "%s: XDP flags 0x%x name more than one mode", call, flags);
	return 0;
}

/* The host's attach-xdp in generic (SKB) or driver mode: true with the
 * link in `*handle`, else false with the host's error in `*err`. */
static bool host_attach(wasi_bpf_bpf_object_borrow_program_t self, const char *ifname, __u32 mode,
			wasi_bpf_bpf_object_own_link_t *handle, wasi_bpf_types_error_t *err)
{
	sdk_string_t name = sdk_str(ifname);
	wasi_bpf_bpf_object_xdp_mode_t wit_mode = mode == XDP_FLAGS_SKB_MODE ? WASI_BPF_BPF_OBJECT_XDP_MODE_GENERIC :
									   WASI_BPF_BPF_OBJECT_XDP_MODE_DRIVER;
	return wasi_bpf_bpf_object_method_program_attach_xdp(self, &name, wit_mode, handle, err);
}

struct bpf_link *sdk_xdp_link(struct bpf_program *prog, int ifindex, __u32 mode, __u32 *took)
{
	char name[IF_NAMESIZE];
	if (ifindex <= 0 || !if_indextoname((unsigned int)ifindex, name)) {
		sdk_fail_with(ENODEV, "no network interface has index %d", ifindex);
		return NULL;
	}
	if (mode == XDP_FLAGS_HW_MODE) {
		sdk_fail_with(EOPNOTSUPP, "XDP offload to hardware (XDP_FLAGS_HW_MODE) is not offered to a guest");
		return NULL;
	}
	/* No mode: driver mode where the device has it, else generic, as
	 * the kernel picks; asked in turn, so that the mode taken is known
	 * (bpf_xdp_query reports it). */
	wasi_bpf_bpf_object_borrow_program_t self;
	if (sdk_program_handle(prog, &self))
		return NULL;
	*took = mode ? mode : XDP_FLAGS_DRV_MODE;
	wasi_bpf_bpf_object_own_link_t handle;
	wasi_bpf_types_error_t err;
	bool ok = host_attach(self, name, *took, &handle, &err);
	if (!ok && !mode && err.code == WASI_BPF_TYPES_ERROR_CODE_UNSUPPORTED) {
		wasi_bpf_types_error_free(&err);
		*took = XDP_FLAGS_SKB_MODE;
		ok = host_attach(self, name, *took, &handle, &err);
	}
	if (!ok) {
		sdk_fail_warn(&err, prog->name);
		return NULL;
	}
	return sdk_link_new(prog->obj, handle);
}

int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags, const struct bpf_xdp_attach_opts *opts)
{
	int ret = check_flags("bpf_xdp_attach", flags);
	if (ret)
		return ret;
	if ((SDK_OPTS_HAS(opts, struct bpf_xdp_attach_opts, old_prog_fd) && opts->old_prog_fd) ||
	    (flags & XDP_FLAGS_REPLACE))
		return sdk_fail_with(EOPNOTSUPP, "bpf_xdp_attach: replacing an expected program (old_prog_fd, "
						 "XDP_FLAGS_REPLACE) is not supported in a wasi:bpf guest");
	struct sdk_fd_attachment *old = attached_to(ifindex);
	if (prog_fd == -1) {
		/* bpf_xdp_detach: what is attached in the mode named (any,
		 * with none named) goes; nothing attached is no error. */
		__u32 mode = flags & XDP_FLAGS_MODES;
		if (!old || (mode && mode != old->xdp_mode))
			return 0;
		if (old->via_link)
			return sdk_fail_with(EBUSY, "bpf_xdp_detach: ifindex %d has an XDP link (bpf_link_create): "
						    "detach the link", ifindex);
		sdk_fd_attachment_detach(old);
		return 0;
	}
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	if (!prog)
		return -errno;
	if (old && (old->via_link || (flags & XDP_FLAGS_UPDATE_IF_NOEXIST)))
		return sdk_fail_with(EBUSY, "bpf_xdp_attach: ifindex %d already has XDP program '%s'%s", ifindex,
				     old->prog->name, old->via_link ? " through a link" : "");
	/* Replacing the guest's own program: not at once, as the kernel
	 * swaps them, but detached first, as a link cannot be replaced. */
	if (old)
		sdk_fd_attachment_detach(old);
	__u32 mode;
	struct bpf_link *link = sdk_xdp_link(prog, ifindex, flags & XDP_FLAGS_MODES, &mode);
	if (!link)
		return -errno;
	struct sdk_fd_attachment *at = sdk_fd_attachment_add(prog, link);
	if (!at)
		return -errno;
	at->type = BPF_XDP;
	at->ifindex = ifindex;
	at->xdp_mode = mode;
	return 0;
}

int bpf_xdp_detach(int ifindex, __u32 flags, const struct bpf_xdp_attach_opts *opts)
{
	return bpf_xdp_attach(ifindex, -1, flags, opts);
}

int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts)
{
	int ret = check_flags("bpf_xdp_query", (__u32)flags);
	if (ret)
		return ret;
	__u32 id = 0;
	struct sdk_fd_attachment *at = attached_to(ifindex);
	if (at && (ret = sdk_program_id(at->prog, &id)))
		return ret;
	bool skb = at && at->xdp_mode == XDP_FLAGS_SKB_MODE;
	if (SDK_OPTS_HAS(opts, struct bpf_xdp_query_opts, prog_id))
		opts->prog_id = id;
	if (SDK_OPTS_HAS(opts, struct bpf_xdp_query_opts, drv_prog_id))
		opts->drv_prog_id = skb ? 0 : id;
	if (SDK_OPTS_HAS(opts, struct bpf_xdp_query_opts, hw_prog_id))
		opts->hw_prog_id = 0;
	if (SDK_OPTS_HAS(opts, struct bpf_xdp_query_opts, skb_prog_id))
		opts->skb_prog_id = skb ? id : 0;
	if (SDK_OPTS_HAS(opts, struct bpf_xdp_query_opts, attach_mode))
		opts->attach_mode = !at ? XDP_ATTACHED_NONE : skb ? XDP_ATTACHED_SKB : XDP_ATTACHED_DRV;
	return 0;
}

int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, opts);
	int ret = bpf_xdp_query(ifindex, flags, &opts);
	if (ret)
		return ret;
	/* One program at most, in one mode: a mode named picks its id. */
	switch (flags & XDP_FLAGS_MODES) {
	case XDP_FLAGS_DRV_MODE:
		*prog_id = opts.drv_prog_id;
		break;
	case XDP_FLAGS_SKB_MODE:
		*prog_id = opts.skb_prog_id;
		break;
	case XDP_FLAGS_HW_MODE:
		*prog_id = opts.hw_prog_id;
		break;
	default:
		*prog_id = opts.prog_id;
	}
	return 0;
}
