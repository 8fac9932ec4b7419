/* <linux/if_link.h> for guests: the XDP part, what bpf_xdp_attach,
 * bpf_xdp_detach and bpf_xdp_query take and give (the kernel's values).
 * The flags are spelled as <bpf/libbpf.h> spells its copy of the modes,
 * so that either header may come first. */
#ifndef WASI_BPF_LINUX_IF_LINK_H
#define WASI_BPF_LINUX_IF_LINK_H

#define XDP_FLAGS_UPDATE_IF_NOEXIST (1U << 0)
#define XDP_FLAGS_SKB_MODE (1U << 1)
#define XDP_FLAGS_DRV_MODE (1U << 2)
#define XDP_FLAGS_HW_MODE (1U << 3)
#define XDP_FLAGS_REPLACE (1U << 4)
#define XDP_FLAGS_MODES (XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE)
#define XDP_FLAGS_MASK (XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_MODES | XDP_FLAGS_REPLACE)

/* bpf_xdp_query_opts.attach_mode. */
enum {
	XDP_ATTACHED_NONE = 0,
	XDP_ATTACHED_DRV,
	XDP_ATTACHED_SKB,
	XDP_ATTACHED_HW,
	XDP_ATTACHED_MULTI,
};

#endif
