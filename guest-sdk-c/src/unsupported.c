/* The functions of libbpf 1.1's libbpf.h, bpf.h and btf.h a guest cannot have:
 * each fails as libbpf fails for what the running system does not
 * support (-EOPNOTSUPP, or NULL with errno EOPNOTSUPP; 0 from a getter
 * of a number; nothing from a void function) and warns through the
 * print function:
 *   libbpf: NAME is not supported in a wasi:bpf guest: REASON
 * Most need what no guest has (a kernel fd, an id, bpffs, netlink, raw
 * instructions); some need a host call wasi:bpf does not have yet.
 *
 * One line per function, `UNSUPPORTED_<KIND>(name, ...)` at the start of
 * the line: cli/tests/kernel/libbpf_surface.rs reads the names from here
 * and checks them against docs/guests-c.md's list. */
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "internal.h"

/* int: -EOPNOTSUPP. */
#define UNSUPPORTED_INT(name, params, reason)                                 \
	int name params                                                       \
	{                                                                     \
		sdk_unsupported(#name, reason);                                   \
		return -EOPNOTSUPP;                                           \
	}
/* A pointer: NULL, errno EOPNOTSUPP. */
#define UNSUPPORTED_PTR(name, type, params, reason)                           \
	type name params                                                      \
	{                                                                     \
		sdk_unsupported(#name, reason);                                   \
		return NULL;                                                  \
	}
/* A number that cannot be negative: 0, errno EOPNOTSUPP. */
#define UNSUPPORTED_ZERO(name, type, params, reason)                          \
	type name params                                                      \
	{                                                                     \
		sdk_unsupported(#name, reason);                                   \
		return 0;                                                     \
	}
#define UNSUPPORTED_VOID(name, params, reason)                                \
	void name params                                                      \
	{                                                                     \
		sdk_unsupported(#name, reason);                                   \
	}

#define NO_FDS "it takes or gives kernel fds, which no guest has"
#define NO_NETLINK "it attaches by ifindex and program fd over netlink (use bpf_program__attach_xdp)"
#define NO_INSNS "the host keeps and loads the instructions"
#define NO_EPOLL "a guest has no epoll fd (poll with the buffer's __poll)"

/* ---- libbpf.h: objects --------------------------------------------------- */
UNSUPPORTED_INT(bpf_object__open_subskeleton, (struct bpf_object_subskeleton *s),
		"variables' addresses are in sections the guest does not map")
UNSUPPORTED_VOID(bpf_object__destroy_subskeleton, (struct bpf_object_subskeleton *s),
		 "variables' addresses are in sections the guest does not map")
UNSUPPORTED_INT(bpf_object__gen_loader, (struct bpf_object *obj, struct gen_loader_opts *opts), NO_INSNS)

/* ---- libbpf.h: programs -------------------------------------------------- */
UNSUPPORTED_INT(bpf_program__set_insns, (struct bpf_program *prog, struct bpf_insn *new_insns, size_t new_insn_cnt),
		NO_INSNS)
UNSUPPORTED_VOID(bpf_program__unload, (struct bpf_program *prog),
		 "the host unloads an object's programs together (bpf_object__close)")

/* ---- libbpf.h: links and attachment -------------------------------------- */

/* ---- libbpf.h: maps ------------------------------------------------------ */

/* ---- libbpf.h: buffers --------------------------------------------------- */
UNSUPPORTED_INT(ring_buffer__epoll_fd, (const struct ring_buffer *rb), NO_EPOLL)
UNSUPPORTED_PTR(perf_buffer__new_raw, struct perf_buffer *,
		(int map_fd, size_t page_cnt, struct perf_event_attr *attr, perf_buffer_event_fn event_cb, void *ctx,
		 const struct perf_buffer_raw_opts *opts),
		"the host opens the perf events and reads their samples")
UNSUPPORTED_INT(perf_buffer__epoll_fd, (const struct perf_buffer *pb), NO_EPOLL)
UNSUPPORTED_INT(perf_buffer__buffer_fd, (const struct perf_buffer *pb, size_t buf_idx), NO_FDS)
UNSUPPORTED_INT(perf_buffer__buffer, (struct perf_buffer *pb, int buf_idx, void **buf, size_t *buf_size),
		"the CPU buffers are the host's memory")

/* ---- libbpf.h: section handlers ---------------------------------------- */
UNSUPPORTED_INT(libbpf_register_prog_handler,
		(const char *sec, enum bpf_prog_type prog_type, enum bpf_attach_type exp_attach_type,
		 const struct libbpf_prog_handler_opts *opts),
		"the host's libbpf reads the sections")
UNSUPPORTED_INT(libbpf_unregister_prog_handler, (int handler_id), "the host's libbpf reads the sections")

/* ---- bpf.h --------------------------------------------------------------- */
UNSUPPORTED_INT(bpf_prog_load,
		(enum bpf_prog_type prog_type, const char *prog_name, const char *license, const struct bpf_insn *insns,
		 size_t insn_cnt, const struct bpf_prog_load_opts *opts),
		NO_INSNS)
UNSUPPORTED_INT(bpf_btf_load, (const void *btf_data, size_t btf_size, const struct bpf_btf_load_opts *opts),
		"the host loads the BTF of the guest's BPF object")
UNSUPPORTED_INT(bpf_prog_query_opts, (int target_fd, enum bpf_attach_type type, struct bpf_prog_query_opts *opts),
		NO_FDS)
UNSUPPORTED_INT(bpf_prog_query,
		(int target_fd, enum bpf_attach_type type, __u32 query_flags, __u32 *attach_flags, __u32 *prog_ids,
		 __u32 *prog_cnt),
		NO_FDS)
UNSUPPORTED_INT(bpf_task_fd_query,
		(int pid, int fd, __u32 flags, char *buf, __u32 *buf_len, __u32 *prog_id, __u32 *fd_type,
		 __u64 *probe_offset, __u64 *probe_addr),
		NO_FDS)
UNSUPPORTED_INT(bpf_enable_stats, (enum bpf_stats_type type),
		"statistics are the host's switch (sysctl kernel.bpf_stats_enabled)")

/* ---- btf.h ---------------------------------------------------------------- */
#define NO_KERNEL_BTF "the host loads the BTF of the guest's BPF object"
#define NOT_WRITTEN "the SDK's BTF code does not do it yet"
UNSUPPORTED_INT(btf__load_into_kernel, (struct btf *btf), NO_KERNEL_BTF)
UNSUPPORTED_INT(btf__dedup, (struct btf *btf, const struct btf_dedup_opts *opts), NOT_WRITTEN)
