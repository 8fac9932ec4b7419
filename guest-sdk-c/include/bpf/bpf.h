/* libbpf's low-level calls (bpf/bpf.h) for WebAssembly guests: every
 * function of libbpf 1.1's bpf.h, with libbpf's signatures and options
 * structs. The `fd` of each call is a handle from bpf_map__fd(),
 * bpf_program__fd() or bpf_link__fd(), not a kernel fd; key and value
 * sizes are the map's. Returns 0 or a negative errno (and sets errno), as
 * libbpf 1.x does. What needs a kernel fd, an id or bpffs is
 * -EOPNOTSUPP with a warning through the print function. */
#ifndef WASI_BPF_BPF_H
#define WASI_BPF_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/bpf.h>

#include <bpf/libbpf_common.h>
#include <bpf/libbpf_legacy.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- creating kernel objects ---------------------------------------------- */

/* bpf_map_create returns an SDK handle (as bpf_map__fd's) of a map of no
 * object, for the bpf_map_* calls below; close() of it frees the map.
 * btf_fd, the BTF type ids and map_ifindex are not offered (EOPNOTSUPP);
 * inner_map_fd is a map handle of the guest. */
struct bpf_map_create_opts {
	size_t sz;
	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;
	__u32 inner_map_fd;
	__u32 map_flags;
	__u64 map_extra;
	__u32 numa_node;
	__u32 map_ifindex;
};
#define bpf_map_create_opts__last_field map_ifindex

LIBBPF_API int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size, __u32 value_size,
			      __u32 max_entries, const struct bpf_map_create_opts *opts);

struct bpf_prog_load_opts {
	size_t sz;
	int attempts;
	enum bpf_attach_type expected_attach_type;
	__u32 prog_btf_fd;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 kern_version;
	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 attach_btf_obj_fd;
	const int *fd_array;
	const void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;
	const void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;
	__u32 log_level;
	__u32 log_size;
	char *log_buf;
};
#define bpf_prog_load_opts__last_field log_buf

struct bpf_insn;
LIBBPF_API int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
			     const struct bpf_insn *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts);

#define MAPS_RELAX_COMPAT 0x01
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

struct bpf_btf_load_opts {
	size_t sz;
	char *log_buf;
	__u32 log_level;
	__u32 log_size;
};
#define bpf_btf_load_opts__last_field log_size

LIBBPF_API int bpf_btf_load(const void *btf_data, size_t btf_size, const struct bpf_btf_load_opts *opts);

/* ---- elements ----------------------------------------------------------- */

LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value);
LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags);
LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value);
/* `flags` must be 0 (-EOPNOTSUPP otherwise). */
LIBBPF_API int bpf_map_lookup_and_delete_elem_flags(int fd, const void *key, void *value, __u64 flags);
LIBBPF_API int bpf_map_delete_elem(int fd, const void *key);
/* `flags` must be 0 (-EOPNOTSUPP otherwise). */
LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);
/* Queues, stacks and bloom filters take a NULL key, as in libbpf:
 * update pushes (BPF_EXIST: a full queue or stack drops its oldest),
 * lookup peeks (a bloom filter: 0 if it may hold *value, else -ENOENT),
 * lookup_and_delete pops; -ENOENT when empty. */

/* The key after `key` (NULL: the first key); -ENOENT after the last. */
LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key);

/* Makes the map read-only for the guest (BPF programs still write it). */
LIBBPF_API int bpf_map_freeze(int fd);

/* ---- batches ------------------------------------------------------------ */

struct bpf_map_batch_opts {
	size_t sz;
	__u64 elem_flags;
	__u64 flags;
};
#define bpf_map_batch_opts__last_field flags

/* Batch calls with libbpf's contract: `*count` is the room in (elements)
 * and the number done out; lookup starts with in_batch NULL, continues
 * with the key-sized cursor it wrote to out_batch, and returns -ENOENT
 * (with the last elements counted) once the map is exhausted.
 * Lookup-and-delete in a batch is not supported (the host has no such
 * call). */
LIBBPF_API int bpf_map_delete_batch(int fd, const void *keys, __u32 *count, const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
					       __u32 *count, const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);

/* ---- pinning (not supported: no bpffs), attachment by fd, ids ----------- */

struct bpf_obj_get_opts {
	size_t sz;
	__u32 file_flags;
	size_t : 0;
};
#define bpf_obj_get_opts__last_field file_flags

LIBBPF_API int bpf_obj_pin(int fd, const char *pathname);
LIBBPF_API int bpf_obj_get(const char *pathname);
LIBBPF_API int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts);

struct bpf_prog_attach_opts {
	size_t sz;
	unsigned int flags;
	int replace_prog_fd;
};
#define bpf_prog_attach_opts__last_field replace_prog_fd

/* A cgroup program by bpf_program__fd handle to a cgroup handle (open()
 * of a /sys/fs/cgroup path); other attach types are -EOPNOTSUPP. The
 * host attaches with links: flags 0 or BPF_F_ALLOW_MULTI. */
LIBBPF_API int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type, unsigned int flags);
LIBBPF_API int bpf_prog_attach_opts(int prog_fd, int attachable_fd, enum bpf_attach_type type,
				    const struct bpf_prog_attach_opts *opts);
LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type);
LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type);

union bpf_iter_link_info;
struct bpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
	};
	size_t : 0;
};
#define bpf_link_create_opts__last_field kprobe_multi.cookies

/* A cgroup program to a cgroup handle, or BPF_XDP to an ifindex (flags:
 * the XDP mode); a link handle for bpf_link_detach. Other attach types
 * and options are -EOPNOTSUPP. */
LIBBPF_API int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
			       const struct bpf_link_create_opts *opts);

/* Detaches the link of handle `link_fd` (bpf_link__fd, or what
 * bpf_raw_tracepoint_open returned); the link is still to be destroyed
 * (bpf_link__destroy) when it came from a bpf_link. */
LIBBPF_API int bpf_link_detach(int link_fd);

struct bpf_link_update_opts {
	size_t sz;
	__u32 flags;
	__u32 old_prog_fd;
};
#define bpf_link_update_opts__last_field old_prog_fd

LIBBPF_API int bpf_link_update(int link_fd, int new_prog_fd, const struct bpf_link_update_opts *opts);
LIBBPF_API int bpf_iter_create(int link_fd);

struct bpf_prog_test_run_attr {
	int prog_fd;
	int repeat;
	const void *data_in;
	__u32 data_size_in;
	void *data_out;
	__u32 data_size_out;
	__u32 retval;
	__u32 duration;
	const void *ctx_in;
	__u32 ctx_size_in;
	void *ctx_out;
	__u32 ctx_size_out;
};

/* Ids of the guest's own programs, maps and links only (a guest sees no
 * other process's, as a PID namespace); an fd by id is the object's SDK
 * handle. BTF ids: the guest's loaded objects' BTF and the kernel's own
 * (vmlinux and modules, world-readable under /sys/kernel/btf anyway);
 * a BTF "fd" is an SDK handle of the id, closed with close(). */
LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);

struct bpf_get_fd_by_id_opts {
	size_t sz;
	__u32 open_flags;
	size_t : 0;
};
#define bpf_get_fd_by_id_opts__last_field open_flags

LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_prog_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_map_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_map_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_btf_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);
LIBBPF_API int bpf_link_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_link_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);

/* ---- object information -------------------------------------------------- */

/* What the kernel says of a loaded program or map, in the kernel's
 * layouts. Of a program: type, id, tag, name, run_time_ns, run_cnt
 * (counted while `sysctl kernel.bpf_stats_enabled=1`), verified_insns,
 * and the line info arrays the caller makes room for (nr_line_info and
 * line_info, line_info_rec_size; nr_jited_func_lens and jited_func_lens),
 * with the kernel's counts back. Kernel addresses (jited_ksyms,
 * jited_line_info) only under the `kernel-symbols` capability: else their
 * counts come back and the pointer fields are set to 0, as the kernel
 * does for a reader not allowed raw dumps. The rest (instructions, map
 * ids, func info, load time) stays 0. */
struct bpf_prog_info {
	__u32 type;
	__u32 id;
	__u8 tag[8];
	__u32 jited_prog_len;
	__u32 xlated_prog_len;
	__aligned_u64 jited_prog_insns;
	__aligned_u64 xlated_prog_insns;
	__u64 load_time;
	__u32 created_by_uid;
	__u32 nr_map_ids;
	__aligned_u64 map_ids;
	char name[16];
	__u32 ifindex;
	__u32 gpl_compatible : 1;
	__u32 : 31;
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 nr_jited_ksyms;
	__u32 nr_jited_func_lens;
	__aligned_u64 jited_ksyms;
	__aligned_u64 jited_func_lens;
	__u32 btf_id;
	__u32 func_info_rec_size;
	__aligned_u64 func_info;
	__u32 nr_func_info;
	__u32 nr_line_info;
	__aligned_u64 line_info;
	__aligned_u64 jited_line_info;
	__u32 nr_jited_line_info;
	__u32 line_info_rec_size;
	__u32 jited_line_info_rec_size;
	__u32 nr_prog_tags;
	__aligned_u64 prog_tags;
	__u64 run_time_ns;
	__u64 run_cnt;
	__u64 recursion_misses;
	__u32 verified_insns;
	__u32 attach_btf_obj_id;
	__u32 attach_btf_id;
	__u32 : 32;
} __attribute__((aligned(8)));

struct bpf_map_info {
	__u32 type;
	__u32 id;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	char name[16];
	/* The kernel's layout on: the device (bpf_map__set_ifindex) and
	 * map_extra are filled, the rest 0. */
	__u32 ifindex;
	__u32 btf_vmlinux_value_type_id;
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 btf_id;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 : 32;
	__u64 map_extra;
};

/* The kernel's layout, with the link types whose target a guest is
 * told (wasi:bpf's link-target): a perf event link (tracepoints,
 * kprobes, uprobes) reports its type and ids alone. raw_tracepoint's
 * tp_name is filled when set to a buffer's address
 * ((__u64)(uintptr_t)buf) of tp_name_len bytes, as the kernel's. */
struct bpf_link_info {
	__u32 type;
	__u32 id;
	__u32 prog_id;
	union {
		struct {
			__aligned_u64 tp_name;
			__u32 tp_name_len;
		} raw_tracepoint;
		struct {
			__u32 attach_type;
			__u32 target_obj_id;
			__u32 target_btf_id;
		} tracing;
		struct {
			__u64 cgroup_id;
			__u32 attach_type;
		} cgroup;
		struct {
			__u32 netns_ino;
			__u32 attach_type;
		} netns;
		struct {
			__u32 ifindex;
		} xdp;
		struct {
			__u32 ifindex;
			__u32 attach_type;
		} tcx;
		struct {
			__u32 ifindex;
			__u32 attach_type;
		} netkit;
		struct {
			__u32 map_id;
			__u32 attach_type;
		} sockmap;
	};
} __attribute__((aligned(8)));

/* The kernel's layout. btf, when set to a buffer's address of btf_size
 * bytes, gets the BTF's bytes (btf_size is set to its size either way);
 * name, likewise, "vmlinux" or a module's name (empty for an object's). */
struct bpf_btf_info {
	__aligned_u64 btf;
	__u32 btf_size;
	__u32 id;
	__aligned_u64 name;
	__u32 name_len;
	__u32 kernel_btf;
} __attribute__((aligned(8)));

/* Fill `*info` (of `*info_len` bytes, set to the bytes filled) from a
 * handle of bpf_program__fd (a struct bpf_prog_info), bpf_map__fd (a
 * struct bpf_map_info), bpf_link__fd (a struct bpf_link_info: -EOPNOTSUPP
 * for a socket filter or tc filter, no kernel link) or
 * bpf_btf_get_fd_by_id / bpf_object__btf_fd (a struct bpf_btf_info); a
 * number that is no handle -EBADF. The typed four are libbpf 1.2's. */
LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);
int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info, __u32 *info_len);
int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info, __u32 *info_len);
int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info, __u32 *info_len);
int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info, __u32 *info_len);

struct bpf_prog_query_opts {
	size_t sz;
	__u32 query_flags;
	__u32 attach_flags;
	__u32 *prog_ids;
	__u32 prog_cnt;
	__u32 *prog_attach_flags;
};
#define bpf_prog_query_opts__last_field prog_attach_flags

/* Not supported: attachment fds and program ids. */
LIBBPF_API int bpf_prog_query_opts(int target_fd, enum bpf_attach_type type, struct bpf_prog_query_opts *opts);
LIBBPF_API int bpf_prog_query(int target_fd, enum bpf_attach_type type, __u32 query_flags, __u32 *attach_flags,
			      __u32 *prog_ids, __u32 *prog_cnt);

/* Attaches the raw tracepoint program of handle `prog_fd`
 * (bpf_program__fd) to tracepoint `name`; returns a link handle for
 * bpf_link_detach (the link lives until then or until the program's
 * object is closed). */
LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd);

/* Not supported: another process's fds. */
LIBBPF_API int bpf_task_fd_query(int pid, int fd, __u32 flags, char *buf, __u32 *buf_len, __u32 *prog_id,
				 __u32 *fd_type, __u64 *probe_offset, __u64 *probe_addr);

#ifdef __cplusplus
LIBBPF_API int bpf_enable_stats(int type);
#else
enum bpf_stats_type;
/* Not supported: the statistics switch is the host's (sysctl
 * kernel.bpf_stats_enabled). */
LIBBPF_API int bpf_enable_stats(enum bpf_stats_type type);
#endif

struct bpf_prog_bind_opts {
	size_t sz;
	__u32 flags;
};
#define bpf_prog_bind_opts__last_field flags

/* Binds a map of the guest (its bpf_map__fd or bpf_map_create handle) to a
 * loaded program, which then holds it; flags must be 0. */
LIBBPF_API int bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts);

/* ---- test runs ------------------------------------------------------------ */

/* BPF_PROG_TEST_RUN, as libbpf lays out its options: the program runs on
 * data_in / ctx_in; data_out / ctx_out (when given) receive what it left,
 * data_size_out / ctx_size_out their sizes; retval and duration (the
 * average of `repeat` runs, in ns) come back too. */
struct bpf_test_run_opts {
	size_t sz;
	const void *data_in;
	void *data_out;
	__u32 data_size_in;
	__u32 data_size_out;
	const void *ctx_in;
	void *ctx_out;
	__u32 ctx_size_in;
	__u32 ctx_size_out;
	__u32 retval;
	int repeat;
	__u32 duration;
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
};
#define bpf_test_run_opts__last_field batch_size

/* `prog_fd` is a handle from bpf_program__fd() of a loaded object. */
LIBBPF_API int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
