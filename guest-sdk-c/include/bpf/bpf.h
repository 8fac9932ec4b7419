/* libbpf's low-level map calls (bpf/bpf.h) for WebAssembly guests. The
 * `fd` of each call is a handle from bpf_map__fd(), not a kernel fd;
 * key and value sizes are the map's. Returns 0 or a negative errno (and
 * sets errno), as libbpf 1.x does. */
#ifndef WASI_BPF_BPF_H
#define WASI_BPF_BPF_H

#include <bpf/libbpf.h>

#ifdef __cplusplus
extern "C" {
#endif

int bpf_map_lookup_elem(int fd, const void *key, void *value);
int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags);
int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
int bpf_map_delete_elem(int fd, const void *key);
int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value);
/* Queues, stacks and bloom filters take a NULL key, as in libbpf:
 * update pushes (BPF_EXIST: a full queue or stack drops its oldest),
 * lookup peeks (a bloom filter: 0 if it may hold *value, else -ENOENT),
 * lookup_and_delete pops; -ENOENT when empty. */

/* Makes the map read-only for the guest (BPF programs still write it). */
int bpf_map_freeze(int fd);

/* The key after `key` (NULL: the first key); -ENOENT after the last. */
int bpf_map_get_next_key(int fd, const void *key, void *next_key);

struct bpf_map_batch_opts {
	size_t sz;
	__u64 elem_flags;
	__u64 flags;
};
#define bpf_map_batch_opts__last_field flags

/* Batch calls with libbpf's contract: `*count` is the room in (elements)
 * and the number done out; lookup starts with in_batch NULL, continues
 * with the key-sized cursor it wrote to out_batch, and returns -ENOENT
 * (with the last elements counted) once the map is exhausted. */
int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts);
int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts);
int bpf_map_delete_batch(int fd, const void *keys, __u32 *count, const struct bpf_map_batch_opts *opts);

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
int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts);

/* What the kernel says of a loaded program or map: the fields of the
 * kernel's bpf_prog_info / bpf_map_info a guest can have (no addresses,
 * no instructions), in the kernel's order. run_cnt and run_time_ns count
 * while `sysctl kernel.bpf_stats_enabled=1`. */
struct bpf_prog_info {
	__u32 type;
	__u32 id;
	__u8 tag[8];
	char name[16];
	__u64 run_time_ns;
	__u64 run_cnt;
	__u32 verified_insns;
};

struct bpf_map_info {
	__u32 type;
	__u32 id;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	char name[16];
};

/* Fill `*info` (of `*info_len` bytes, set to the bytes filled) from a
 * handle of bpf_program__fd / bpf_map__fd. */
int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info, __u32 *info_len);
int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info, __u32 *info_len);

#ifdef __cplusplus
}
#endif

#endif
