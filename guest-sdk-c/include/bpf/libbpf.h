/* libbpf's object, program, map, link, ring buffer and perf buffer API
 * for WebAssembly guests, over the wasi:bpf interfaces.
 *
 * Names, signatures and error conventions follow libbpf 1.x so that a
 * libbpf-tools style program ports by changing its includes and its build:
 * functions returning int give 0 or a negative errno (and set errno);
 * functions returning a pointer give NULL and set errno.
 *
 * Differences a port meets, all because no kernel fd reaches a guest:
 * - bpf_map__fd() returns a handle this library understands (for
 *   bpf/bpf.h and ring_buffer__new / perf_buffer__new), not a kernel fd;
 * - open() of a cgroup directory (under /sys/fs/cgroup) gives a handle
 *   the host opens only when it is attached to or put into a cgroup
 *   array, after checking it against the policy: a missing cgroup fails
 *   there, not at open();
 * - the values of program arrays, maps of maps, cgroup arrays and device
 *   maps written with bpf_map_update_elem are such handles (and
 *   ifindexes), which the host turns into the kernel objects;
 * - lookup-and-delete does not take per-CPU maps (EINVAL): wasi:bpf has
 *   no atomic form of it for them;
 * - after a failed call, libbpf_wasm_last_error() gives the host's message
 *   and libbpf_wasm_verifier_log() the kernel verifier's log. */
#ifndef WASI_BPF_LIBBPF_H
#define WASI_BPF_LIBBPF_H

/* What libbpf 1.x's libbpf.h brings in (with its libbpf_common.h), which
 * ports rely on without including it themselves. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <linux/bpf.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bpf_object;
struct bpf_program;
struct bpf_map;
struct bpf_link;
struct ring_buffer;
struct user_ring_buffer;
struct perf_buffer;

/* Options structs carry their size first, as in libbpf, so that fields can
 * be added without breaking callers. */
#define LIBBPF_OPTS(TYPE, NAME, ...) struct TYPE NAME = { .sz = sizeof(struct TYPE), __VA_ARGS__ }
#define DECLARE_LIBBPF_OPTS LIBBPF_OPTS

/* ---- messages ---------------------------------------------------------- */

enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *format, va_list args);

/* Where this library's warnings go (default: stderr); returns the previous
 * function. A failed load prints the host's message and verifier log at
 * LIBBPF_WARN, as libbpf does. */
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

/* The description of a (negative or positive) errno. */
int libbpf_strerror(int err, char *buf, size_t size);

/* -errno when `ptr` is NULL, else 0 (libbpf's libbpf_get_error). */
long libbpf_get_error(const void *ptr);

/* The host's message for the last failed call of this thread, or "". */
const char *libbpf_wasm_last_error(void);

/* The verifier's log of the last failed load, or "" when there is none. */
const char *libbpf_wasm_verifier_log(void);

/* ---- objects ----------------------------------------------------------- */

struct bpf_object_open_opts {
	size_t sz;
	/* The object's name (default: "bpf-object"). */
	const char *object_name;
};
#define bpf_object_open_opts__last_field object_name

/* Opens the ELF object in `buf` (copied): programs, maps and globals can
 * be configured until bpf_object__load. */
struct bpf_object *bpf_object__open_mem(const void *buf, size_t sz, const struct bpf_object_open_opts *opts);

int bpf_object__load(struct bpf_object *obj);

/* Detaches every link of the object, closes it and frees it. */
void bpf_object__close(struct bpf_object *obj);

const char *bpf_object__name(const struct bpf_object *obj);

struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name);
struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);
int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name);

struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prev);
struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *prev);

#define bpf_object__for_each_program(pos, obj)                                \
	for ((pos) = bpf_object__next_program((obj), NULL); (pos) != NULL;    \
	     (pos) = bpf_object__next_program((obj), (pos)))
#define bpf_object__for_each_map(pos, obj)                                    \
	for ((pos) = bpf_object__next_map((obj), NULL); (pos) != NULL;        \
	     (pos) = bpf_object__next_map((obj), (pos)))

/* Global variables by name (what libbpf skeletons reach through
 * mmap-ed sections): set before load (.rodata) or any time (.data,
 * .bss); `size` must be the variable's size. */
int bpf_object__set_global(struct bpf_object *obj, const char *name, const void *value, size_t size);
/* Keeps `addr` (size bytes, a .data or .bss global's copy in the guest)
 * in step with global `name` of the loaded object: the SDK writes it to
 * the kernel when the guest changed it, before each wait (sleep, usleep,
 * nanosleep, ring and perf buffer polls), and reads the kernel's value
 * into it after each. Skeletons call it for every writable global at
 * load, which makes `skel->bss->x` live as libbpf's mapping is. */
int libbpf_wasm_live_global(struct bpf_object *obj, const char *name, void *addr, size_t size);
int bpf_object__get_global(const struct bpf_object *obj, const char *name, void *value, size_t size);

/* ---- programs ---------------------------------------------------------- */

const char *bpf_program__name(const struct bpf_program *prog);
enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
/* A handle for bpf_prog_test_run_opts (valid until the object is
 * closed); not a kernel fd. */
int bpf_program__fd(const struct bpf_program *prog);
const char *bpf_program__section_name(const struct bpf_program *prog);
bool bpf_program__autoload(const struct bpf_program *prog);
int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);

/* Before load (-EBUSY after): how the program is loaded, instead of what
 * libbpf reads from its section. The host's policy judges the program at
 * load by its final type, attach type and attach target. */
int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type);
enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog);
int bpf_program__set_expected_attach_type(struct bpf_program *prog, enum bpf_attach_type type);
/* The kernel function (fentry/fexit/fmod_ret/lsm), raw tracepoint (tp_btf)
 * or iterator target by its BTF name (-ENOENT when the kernel's BTF has no
 * such name). A non-zero attach_prog_fd (freplace) is -EOPNOTSUPP. */
int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd, const char *attach_func_name);
/* The verifier's log level (1, 2, 4 stats). A successful load prints the
 * log of the last program loaded with a level through the print function
 * at LIBBPF_DEBUG, as libbpf; a failed load's log reaches it and
 * libbpf_wasm_verifier_log() at any level. */
__u32 bpf_program__log_level(const struct bpf_program *prog);
int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level);

/* Attaches where the program's section says (SEC("tp/sched/...") etc.). */
struct bpf_link *bpf_program__attach(const struct bpf_program *prog);
struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *category, const char *name);
struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *name);
struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe, const char *func_name);

struct bpf_perf_event_opts {
	size_t sz;
	/* Not supported: must be 0 (-EOPNOTSUPP otherwise). */
	__u64 bpf_cookie;
	/* Ignored: the host attaches as libbpf chooses. */
	bool force_ioctl_attach;
};
#define bpf_perf_event_opts__last_field force_ioctl_attach

/* Attaches a perf_event program to the event `pfd`, the "fd" that
 * syscall(__NR_perf_event_open, ...) returned (<unistd.h>,
 * <linux/perf_event.h>): the host opens that event and the link owns it.
 * `pfd` is used up either way; closing it afterwards does nothing. */
struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
struct bpf_link *bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
						     const struct bpf_perf_event_opts *opts);

struct bpf_uprobe_opts {
	size_t sz;
	/* Attach to this function of the binary (its offset is then
	 * relative to the function). */
	const char *func_name;
	bool retprobe;
};
#define bpf_uprobe_opts__last_field retprobe

/* Attaches to `binary_path` at `func_offset` (or opts->func_name +
 * offset), for process `pid` (-1: every process). */
struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog, bool retprobe, pid_t pid,
					    const char *binary_path, size_t func_offset);
struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid, const char *binary_path,
						 size_t func_offset, const struct bpf_uprobe_opts *opts);

/* XDP flags of <linux/if_link.h>: the attach mode. */
#ifndef XDP_FLAGS_SKB_MODE
#define XDP_FLAGS_UPDATE_IF_NOEXIST (1U << 0)
#define XDP_FLAGS_SKB_MODE (1U << 1)
#define XDP_FLAGS_DRV_MODE (1U << 2)
#endif

/* Attaches an XDP program to interface `ifname` (XDP_FLAGS_SKB_MODE:
 * generic, XDP_FLAGS_DRV_MODE: driver, neither: the kernel chooses). */
struct bpf_link *bpf_program__attach_xdp_ifname(const struct bpf_program *prog, const char *ifname, __u32 flags);

/* Attaches an XDP program to interface `ifindex` (<net/if.h>'s
 * if_nametoindex), with a kernel link; the host is handed its name. */
struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);

/* Attaches a cgroup program to the cgroup v2 directory `path`. */
struct bpf_link *bpf_program__attach_cgroup_path(const struct bpf_program *prog, const char *path);

/* Attaches a cgroup program to the cgroup `cgroup_fd`: an open() of its
 * directory under /sys/fs/cgroup, which the SDK keeps as a handle. */
struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd);

/* Attaches a socket filter to a raw socket the host opens on `ifname`
 * (the filter's verdicts then only matter for what it records). */
struct bpf_link *bpf_program__attach_socket_filter_ifname(const struct bpf_program *prog, const char *ifname);

/* Detaches and frees the link (NULL is accepted). */
int bpf_link__destroy(struct bpf_link *link);

/* ---- maps -------------------------------------------------------------- */

const char *bpf_map__name(const struct bpf_map *map);
enum bpf_map_type bpf_map__type(const struct bpf_map *map);
__u32 bpf_map__key_size(const struct bpf_map *map);
__u32 bpf_map__value_size(const struct bpf_map *map);
__u32 bpf_map__max_entries(const struct bpf_map *map);
int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);

/* Before load (-EBUSY after): the map's type, sizes, flags, NUMA node and
 * whether load creates it, as libbpf-tools' compat layer switches a ring
 * buffer to a perf event array. The host's policy judges the final type. */
int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type);
int bpf_map__set_key_size(struct bpf_map *map, __u32 size);
int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
__u32 bpf_map__map_flags(const struct bpf_map *map);
int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags);
__u32 bpf_map__numa_node(const struct bpf_map *map);
int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node);
bool bpf_map__autocreate(const struct bpf_map *map);
int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate);
/* The whole initial contents of a data section map (.data, .rodata, .bss,
 * .data.*), exactly its value size. bpf_map__initial_value gives a copy
 * the guest may write before load, which bpf_object__load hands the host
 * (after any bpf_object__set_global); after load it is NULL
 * (-EOPNOTSUPP): use bpf_object__get_global / __set_global. */
int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);
void *bpf_map__initial_value(const struct bpf_map *map, size_t *psize);

/* A handle for bpf/bpf.h and the buffers (valid after load, until the
 * object is closed); not a kernel fd. */
int bpf_map__fd(const struct bpf_map *map);

/* Element access with the sizes checked against the map, as in libbpf.
 * Per-CPU maps take and give libbpf_num_possible_cpus() values, each
 * padded to a multiple of 8 bytes. */
int bpf_map__lookup_elem(const struct bpf_map *map, const void *key, size_t key_sz, void *value, size_t value_sz,
			 __u64 flags);
int bpf_map__update_elem(const struct bpf_map *map, const void *key, size_t key_sz, const void *value,
			 size_t value_sz, __u64 flags);
int bpf_map__delete_elem(const struct bpf_map *map, const void *key, size_t key_sz, __u64 flags);
int bpf_map__lookup_and_delete_elem(const struct bpf_map *map, const void *key, size_t key_sz, void *value,
				    size_t value_sz, __u64 flags);
int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key, void *next_key, size_t key_sz);

/* The number of possible CPUs (the length of per-CPU values). */
int libbpf_num_possible_cpus(void);

/* ---- feature probes ---------------------------------------------------- */

/* Whether the kernel supports a program type, a map type, or a helper in
 * programs of a type (wasi:bpf/probe; the host runs libbpf's probes): 1
 * yes, 0 no, a negative errno when the probe failed. `opts` must be NULL
 * (-EINVAL otherwise), as in libbpf. The tracefs, kallsyms and BTF probes
 * libbpf-tools use are in <wasi_bpf/trace_helpers.h>. */
int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);
int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id, const void *opts);

/* ---- ring buffers ------------------------------------------------------ */

/* Called for each record; a negative return stops the drain and is
 * returned by ring_buffer__poll / __consume. */
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct ring_buffer_opts {
	size_t sz;
};
#define ring_buffer_opts__last_field sz

struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
				     const struct ring_buffer_opts *opts);
/* Adds another ring buffer map, drained by the same poll. */
int ring_buffer__add(struct ring_buffer *rb, int map_fd, ring_buffer_sample_fn sample_cb, void *ctx);
/* Waits up to `timeout_ms` (-1: forever) for records, then drains every
 * ring; returns the number of records handled or a negative errno. When
 * `wasm-bpf run` gets Ctrl-C or SIGTERM, the guest ends inside this call
 * and the host detaches everything: a poll loop needs no stop flag. */
int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
/* Drains without waiting. */
int ring_buffer__consume(struct ring_buffer *rb);
void ring_buffer__free(struct ring_buffer *rb);

/* ---- user ring buffers ------------------------------------------------- */

/* A producer for a BPF_MAP_TYPE_USER_RINGBUF map, which BPF programs drain
 * with bpf_user_ringbuf_drain. A sample lives in guest memory until
 * user_ring_buffer__submit copies it into the kernel's ring (the host lends
 * the guest no pointer into it); its room in the ring is reserved from the
 * start, so the kernel sees samples in the order they were reserved. */
struct user_ring_buffer_opts {
	size_t sz;
};
#define user_ring_buffer_opts__last_field sz

struct user_ring_buffer *user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts);
/* A zeroed sample of `size` bytes, or NULL with errno ENOSPC when the ring
 * is full, E2BIG when it can never hold `size` bytes. */
void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);
/* Same, waiting up to `timeout_ms` (-1: forever) for room. */
void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb, __u32 size, int timeout_ms);
/* Hands the sample to the kernel / gives its room back; either frees it. */
void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);
void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);
/* Frees the producer; samples still reserved are discarded. */
void user_ring_buffer__free(struct user_ring_buffer *rb);

/* ---- perf buffers ------------------------------------------------------ */

typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

struct perf_buffer_opts {
	size_t sz;
};
#define perf_buffer_opts__last_field sz

/* A perf buffer of `page_cnt` pages (a power of two) per CPU on the
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY map `map_fd`. Lost samples are reported
 * to `lost_cb` as one count (on CPU -1: the host sums them). */
struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
				     perf_buffer_lost_fn lost_cb, void *ctx, const struct perf_buffer_opts *opts);
/* Waits up to `timeout_ms` (-1: forever) for samples and hands over every
 * ready one; returns how many (libbpf counts the CPU buffers that had
 * any: both are 0 exactly when nothing came) or a negative errno. */
int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
int perf_buffer__consume(struct perf_buffer *pb);
void perf_buffer__free(struct perf_buffer *pb);

#ifdef __cplusplus
}
#endif

#endif
