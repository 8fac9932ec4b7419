/* What the SDK's files share: the wit-bindgen bindings, the structs behind
 * libbpf's opaque types, and the error and string helpers. */
#ifndef WASI_BPF_SDK_INTERNAL_H
#define WASI_BPF_SDK_INTERNAL_H

#include <bpf/libbpf.h>

/* The bindings name a field of wasi:bpf's error record `errno`, which
 * <errno.h> defines as a macro: read them without it. */
#pragma push_macro("errno")
#undef errno
#include "sdk.h"
#pragma pop_macro("errno")

#include <errno.h>
#include <stddef.h>

struct bpf_program {
	struct bpf_object *obj;
	/* The handle of bpf_program__fd(). */
	int fd;
	char *name;
	char *section;
	bool autoload;
	/* bpf_program__autoattach: from the section, until set. */
	bool autoattach;
	/* As configured before load (configure.c), read at open. */
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	__u32 log_level;
	/* BPF_F_* load flags (load_options.c), read at open. */
	__u32 flags;
	/* bpf_program__set_log_buf's buffer, filled after load. */
	char *log_buf;
	size_t log_size;
	/* What the host said of bpf_program__set_ifindex (a void function):
	 * bpf_object__load fails with it (0: nothing to say). */
	int load_error;
	char *load_error_message;
	bool has_handle;
	wasi_bpf_bpf_object_own_program_t handle;
	/* What bpf_program__insns returned last (program_insns.c). */
	struct bpf_insn *insns;
};

struct bpf_map {
	struct bpf_object *obj;
	char *name;
	enum bpf_map_type type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 flags;
	bool autocreate;
	__u32 numa_node;
	/* As load_options.c sets them: map_extra read at open. */
	__u64 map_extra;
	__u32 ifindex;
	/* bpf_map__initial_value's copy of a data section before load, which
	 * bpf_object__load hands the host (NULL until asked for). */
	void *initial_value;
	size_t initial_value_size;
	/* The handle of bpf_map__fd(): an index in the SDK's table. */
	int fd;
	bool has_handle;
	wasi_bpf_bpf_map_own_map_t handle;
	/* Length of the cursor the host gave the last lookup-batch. */
	size_t batch_cursor_len;
	/* bpf_map__pin_path: set by bpf_map__set_pin_path or __pin, else
	 * the host's (LIBBPF_PIN_BY_NAME) once asked (pin_path_known). */
	char *pin_path;
	bool pin_path_known;
	/* bpf_map__is_pinned: as load left it (pinned where it has a pin
	 * path), until bpf_map__pin or __unpin. */
	enum { SDK_PIN_AT_LOAD, SDK_PIN_PINNED, SDK_PIN_UNPINNED } pin_state;
	/* A map opened from a pin (no object): how many more holders
	 * bpf_map_get_fd_by_id gave its handle to; close() frees it with the
	 * last, as the kernel's fds each hold the map. */
	unsigned extra_fds;
	/* bpf_map__inner_map's prototype (libbpf's `NAME.inner`), made on
	 * first ask and freed with this map (load_options.c). */
	struct bpf_map *inner_prototype;
};

/* A global the SDK itself sets, written at load after the skeleton's
 * copies of the globals (compat.c's buffer choice). */
struct sdk_global_at_load {
	struct sdk_global_at_load *next;
	char *name;
	size_t size;
	unsigned char value[];
};

struct bpf_object {
	wasi_bpf_bpf_object_own_object_t handle;
	/* Every link of the object's programs not destroyed yet, and those
	 * the guest holds no struct of (`kept`): attached until it closes. */
	struct bpf_link *links;
	/* What bpf_object_open_opts.kernel_log_* asked for. */
	char *kernel_log_buf;
	size_t kernel_log_size;
	__u32 kernel_log_level;
	struct sdk_global_at_load *globals_at_load;
	char *name;
	bool loaded;
	struct bpf_program *progs;
	size_t nr_progs;
	struct bpf_map *maps;
	size_t nr_maps;
	/* bpf_object__kversion: the ELF's `version` section, or as set. */
	__u32 kern_version;
	/* bpf_object__btf's answer, parsed at its first call (btf_load.c). */
	struct btf *btf;
	/* bpf_object__btf_fd's handle, made at its first call after load
	 * (kernel_btf_ids.c); 0 before. */
	int btf_fd;
};

/* What a BTF handle (bpf_btf_get_fd_by_id, bpf_object__btf_fd) stands
 * for: a BTF id the guest may read. */
struct sdk_kernel_btf {
	__u32 id;
	/* bpf_object__btf_fd's: the object's to release, close() keeps it. */
	bool of_object;
};
/* Copies `full` (of `size` bytes) into the caller's `info` of `*len`
 * bytes, as the kernel does with a shorter struct (kernel_info.c). */
int sdk_give_info(const void *full, size_t size, void *info, __u32 *len);
/* Copies `name` into the guest's buffer at address `addr` of `len`
 * bytes as the kernel does (kernel_info.c): -ENOSPC when truncated. */
int sdk_give_name(__u64 addr, __u32 len, const char *name, size_t name_len);
/* The host's kernel-info of `link` (kernel_ids.c), or a negative errno. */
int sdk_link_kernel_info(struct bpf_link *link, wasi_bpf_bpf_object_link_kernel_info_t *got);
/* bpf_object__btf_fd's handle goes with its object (kernel_btf_ids.c). */
void sdk_object_btf_fd_release(struct bpf_object *obj);

struct bpf_link {
	/* NULL once the object is closed (its links are then detached). */
	struct bpf_object *obj;
	wasi_bpf_bpf_object_own_link_t handle;
	/* The handle of bpf_link__fd() (-1 once the guest let it go). */
	int fd;
	/* bpf_link__disconnect: destroying it does not detach it. */
	bool disconnected;
	/* Owned by the object, not the guest: disconnected and destroyed,
	 * or made by bpf_raw_tracepoint_open. */
	bool kept;
	/* In the object's links. */
	struct bpf_link *next;
	/* bpf_link__pin_path: where bpf_link__pin pinned it, or the path
	 * bpf_link__open opened. */
	char *pin_path;
	/* Made by bpf_obj_get: close() of its handle destroys it. */
	bool closed_by_fd;
};

/* A bpf_link for the host's link `handle` of a program of `obj` (which
 * it detaches on failure), or NULL with errno set. */
struct bpf_link *sdk_link_new(struct bpf_object *obj, wasi_bpf_bpf_object_own_link_t handle);
/* A bpf_link for the host's link `handle` of no object (opened from a
 * pin), or NULL with errno set. */
struct bpf_link *sdk_link_unowned(wasi_bpf_bpf_object_own_link_t handle);
/* A struct bpf_map of no object for the host's map `handle` (opened from
 * a pin), registered as a handle, or NULL with errno set. */
struct bpf_map *sdk_map_unowned(wasi_bpf_bpf_map_own_map_t handle);
/* Frees a map of sdk_map_unowned. */
void sdk_map_unowned_free(struct bpf_map *map);
/* At bpf_object__close: drops the links the object keeps, and tells
 * those the guest holds that their object is gone. */
void sdk_object_drop_links(struct bpf_object *obj);

/* The number in ELF object `elf`'s `version` section (kversion.c); 0
 * when it has none. */
__u32 sdk_elf_kversion(const void *elf, size_t size);

/* Whether `opts` (NULL or libbpf's sz-first options struct of which the
 * SDK knows `known` bytes) is valid as libbpf's OPTS_VALID judges it. */
bool sdk_opts_valid(const void *opts, size_t known, const char *type_name);

/* Whether `opts`, a libbpf options struct (its size first), reaches
 * `field`: an older caller's struct ends before the fields added since. */
#define SDK_OPTS_HAS(opts, type, field) \
	((opts) && (opts)->sz >= offsetof(type, field) + sizeof(((type *)0)->field))

/* An attachment made by fd or ifindex (fd_attachments.c): bpf_xdp_attach,
 * bpf_prog_attach or bpf_link_create's, found again by where it went. */
struct sdk_fd_attachment {
	struct sdk_fd_attachment *next;
	struct bpf_program *prog;
	/* The host link, kept by the program's object. */
	struct bpf_link *link;
	enum bpf_attach_type type;
	/* BPF_XDP: the interface, and XDP_FLAGS_SKB_MODE or _DRV_MODE. */
	int ifindex;
	__u32 xdp_mode;
	/* Cgroup types: the cgroup's path (owned). */
	char *cgroup;
	/* Socket map types: the sockmap or sockhash. */
	struct bpf_map *map;
	/* Made by bpf_link_create: bpf_xdp_attach cannot replace it nor
	 * bpf_prog_detach detach it, as the kernel's links. */
	bool via_link;
	/* Attached with BPF_F_ALLOW_MULTI (or by a link): one of several,
	 * which bpf_prog_detach must be told the program of. */
	bool multi;
};
/* Every attachment made by fd or ifindex still attached, newest first. */
struct sdk_fd_attachment *sdk_fd_attachments(void);
/* Records `link` of `prog` (which the object then keeps) for the caller
 * to fill in; NULL (link destroyed, errno set) when out of memory. */
struct sdk_fd_attachment *sdk_fd_attachment_add(struct bpf_program *prog, struct bpf_link *link);
/* Detaches and forgets it. */
void sdk_fd_attachment_detach(struct sdk_fd_attachment *at);
/* Forgets what was attached through `link` (detached or dropped). */
void sdk_fd_attachments_forget(const struct bpf_link *link);
/* Attaches XDP program `prog` to `ifindex` in `mode` (XDP_FLAGS_SKB_MODE
 * or _DRV_MODE; 0: native where the driver has it, else generic, as the
 * kernel picks), the mode taken in `*took`; NULL with errno set. */
struct bpf_link *sdk_xdp_link(struct bpf_program *prog, int ifindex, __u32 mode, __u32 *took);
/* The kernel's id of a loaded program (its kernel-info), or a negative
 * errno. */
int sdk_program_id(struct bpf_program *prog, __u32 *id);

/* Fills the line info arrays `info` asks for (and their counts) from the
 * program's line-info, as the kernel does; 0 or a negative errno. */
int sdk_prog_line_info(wasi_bpf_bpf_object_borrow_program_t self, struct bpf_prog_info *info);

/* Records the host's error (message and verifier log) for
 * libbpf_wasm_last_error / _verifier_log, frees it, sets errno and
 * returns the negative errno. */
int sdk_fail(wasi_bpf_types_error_t *err);
/* Same, for a failure the SDK itself detects. */
int sdk_fail_with(int errnum, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* sdk_fail and a warning through the print function (libbpf warns on
 * failed opens, loads and attachments). */
int sdk_fail_warn(wasi_bpf_types_error_t *err, const char *what);
/* What libbpf does for a call the running system does not support: warns
 * through the print function ("libbpf: WHAT is not supported in a
 * wasi:bpf guest: REASON") and fails with EOPNOTSUPP (returns
 * -EOPNOTSUPP, errno set). */
int sdk_unsupported(const char *what, const char *reason);
/* A message through the print function libbpf_set_print installed. */
void sdk_print(enum libbpf_print_level level, const char *format, ...) __attribute__((format(printf, 2, 3)));
#define sdk_warn(...) sdk_print(LIBBPF_WARN, __VA_ARGS__)

/* libbpf's timeout in milliseconds (negative: forever) as the host's
 * calls take it, a wasi:clocks duration in nanoseconds. */
uint64_t sdk_timeout(int timeout_ms);

/* A borrowed WIT string / byte list over C memory. */
sdk_string_t sdk_str(const char *s);
sdk_list_u8_t sdk_bytes(const void *data, size_t len);
/* A NUL-terminated copy of a WIT string (NULL when out of memory). */
char *sdk_strdup(const sdk_string_t *s);

/* What syscall(__NR_perf_event_open, ...) was asked (perf_event.c): the
 * host opens the event when bpf_program__attach_perf_event is given the
 * handle. */
struct sdk_perf_event {
	wasi_bpf_bpf_object_perf_event_t event;
	int32_t pid;
	int32_t cpu;
};
/* The description behind perf event handle `fd` (NULL, errno EBADF, for
 * another number), taken out of the handle table: the caller frees it. */
struct sdk_perf_event *sdk_perf_event_take(int fd);

/* The table behind bpf_map__fd and bpf_program__fd (handles.c). */
enum sdk_handle_kind {
	SDK_HANDLE_MAP,
	SDK_HANDLE_PROGRAM,
	SDK_HANDLE_PERF_EVENT,
	SDK_HANDLE_CGROUP,
	/* open() of a network namespace's file (host_paths.c). */
	SDK_HANDLE_NETNS,
	SDK_HANDLE_LINK,
	SDK_HANDLE_BTF,
	/* bpf_iter_create: a run of an iterator's output (iter.c). */
	SDK_HANDLE_ITER,
};
/* A new handle for `target`, or a negative errno. */
int sdk_handle_register(enum sdk_handle_kind kind, void *target);
void sdk_handle_release(int fd);
/* Whether `fd` is a live handle of `kind` (nothing recorded either way). */
bool sdk_handle_is(int fd, enum sdk_handle_kind kind);
/* The target of handle `fd` if it is of `kind`, else NULL (errno set). */
void *sdk_handle_get(int fd, enum sdk_handle_kind kind);
/* The first live handle of `kind` after `after` (-1: from the first),
 * in the table's order; -1 after the last. */
int sdk_handle_next(enum sdk_handle_kind kind, int after);
/* close() of handle `fd`: frees what perf_event_open or open() kept
 * under it; false when `fd` is no handle of the SDK's. */
bool sdk_handle_close(int fd);
/* Ends the run behind an iterator handle (iter.c). */
void sdk_iter_close(void *iter);

/* The handle kind open() of `path` makes (host_paths.c):
 * SDK_HANDLE_CGROUP for a path under /sys/fs/cgroup, SDK_HANDLE_NETNS
 * for a network namespace's file; -1 for a file opened as a file. */
int sdk_host_path_kind(const char *path);
/* A handle of `kind` for host path `path`, or -1 and errno. */
int sdk_host_path_open(const char *path, int flags, enum sdk_handle_kind kind);
/* The path behind cgroup handle `fd`, or NULL (errno EBADF). */
const char *sdk_cgroup_from_fd(int fd);
/* The path behind network namespace handle `fd`, or NULL (errno EBADF). */
const char *sdk_netns_from_fd(int fd);

/* bpf_map__update_elem of a map whose values name kernel objects
 * (handle_maps.c): `value` holds SDK handles (or an ifindex), which the
 * host turns into what the kernel takes. */
bool sdk_map_values_are_handles(const struct bpf_map *map);
/* libbpf's update flags (BPF_ANY, ...) as the host's mode, or -EINVAL. */
int sdk_update_mode(const struct bpf_map *map, __u64 flags, wasi_bpf_bpf_map_update_mode_t *mode);
int sdk_handle_map_update(struct bpf_map *map, const void *key, const void *value, __u64 flags);

/* A map type of the host's as libbpf's enum. */
enum bpf_map_type sdk_map_type(const wasi_bpf_types_map_type_t *t);
/* libbpf's map type as the host's (probe.c). */
wasi_bpf_types_map_type_t sdk_wit_map_type(enum bpf_map_type type);
/* The map behind a bpf_map__fd handle, or NULL (errno set). */
struct bpf_map *sdk_map_from_fd(int fd);
/* The host handle of a loaded program (fetched once). */
int sdk_program_handle(struct bpf_program *prog, wasi_bpf_bpf_object_borrow_program_t *out);
/* bpf_program__set_attach_target with a target program (freplace.c). */
int sdk_set_attach_target_program(struct bpf_program *prog, int attach_prog_fd, const char *attach_func_name);

/* The host handle of a loaded object's map (fetched once). */
int sdk_map_handle(struct bpf_map *map, wasi_bpf_bpf_map_borrow_map_t *out);
void sdk_map_release(struct bpf_map *map);
int sdk_map_register(struct bpf_map *map);

/* configure.c: 0 when `obj` is still open, else libbpf's -EBUSY naming
 * `what` of the program or map `name`. The guards of every setter that
 * works only before load: */
int sdk_configurable(const struct bpf_object *obj, const char *kind, const char *name, const char *what);
#define PROGRAM_CONFIGURABLE(prog, what)                                      \
	do {                                                                  \
		if (!(prog))                                                  \
			return sdk_fail_with(EINVAL, "no program");           \
		int ret_ = sdk_configurable((prog)->obj, "program", (prog)->name, (what)); \
		if (ret_)                                                     \
			return ret_;                                          \
	} while (0)

#define MAP_CONFIGURABLE(map, what)                                           \
	do {                                                                  \
		if (!(map))                                                   \
			return sdk_fail_with(EINVAL, "no map");               \
		int ret_ = sdk_configurable((map)->obj, "map", (map)->name, (what)); \
		if (ret_)                                                     \
			return ret_;                                          \
	} while (0)

/* object.c: fills `map` (of `obj`) from the host's map-info `info` and
 * reads its options (configure.c's and load_options.c's); `with_handle`
 * first gives it its bpf_map__fd handle (which its object releases). */
int sdk_map_describe(struct bpf_map *map, struct bpf_object *obj, const wasi_bpf_bpf_map_map_info_t *info,
		     bool with_handle);
/* Reads what configure.c keeps of a program or map at open. */
int sdk_program_read_options(struct bpf_program *prog);
int sdk_map_read_options(struct bpf_map *map);
/* load_options.c: reads the flags of a program and the map_extra of a
 * map at open; at bpf_object__load, fails with what the host refused of
 * bpf_program__set_ifindex, and after it fills the programs' log
 * buffers. */
int sdk_program_read_load_options(struct bpf_program *prog);
int sdk_map_read_load_options(struct bpf_map *map);
void sdk_map_free_inner_prototype(struct bpf_map *map);
int sdk_object_check_load_options(struct bpf_object *obj);
/* A loaded map's map_extra as the kernel holds it (0 on failure, errno
 * set). */
__u64 sdk_map_kernel_extra(struct bpf_map *map);
void sdk_object_fill_log_bufs(struct bpf_object *obj);
/* Hands the host the initial values guests wrote through
 * bpf_map__initial_value, before load. */
int sdk_object_push_initial_values(struct bpf_object *obj);
/* Sets global `name` at bpf_object__load, after whatever the guest's
 * skeleton writes: -ENOENT when the object has no such global. */
int sdk_object_set_global_at_load(struct bpf_object *obj, const char *name, const void *value, size_t size);

bool sdk_map_is_percpu(const struct bpf_map *map);

/* The skeletons' live globals (live_globals.c): written to the kernel
 * where the guest changed them before a wait, read back after one, and
 * forgotten with their object. */
void sdk_live_globals_push(void);
void sdk_live_globals_pull(void);
/* bpf_object__get_global read global `name` into `value`: if that is a
 * live global's copy, it now holds the kernel's value. */
void sdk_live_globals_read(const struct bpf_object *obj, const char *name, const void *value, size_t size);
void sdk_live_globals_forget(struct bpf_object *obj);

/* What libbpf 1.1's section table says of a program's section
 * (sections.c): whether bpf_object__attach_skeleton attaches it by
 * itself. (Its load flags come from the host: load_options.c.) */
bool sdk_section_autoattach(const char *section);

/* Waits for the first ready pollable, at most timeout_ns (UINT64_MAX:
 * forever; sdk_timeout() converts libbpf's milliseconds). Returns 1 when
 * one was ready, 0 at the timeout, and -EINTR (errno set) when a request
 * to end the guest came first (its signal handler has run). */
int sdk_wait_any(const wasi_io_poll_own_pollable_t *pollables, size_t n, uint64_t timeout_ns);
/* Waits up to timeout_ms (-1: forever) for `pollable` as sdk_wait_any
 * does, then drops it. */
int sdk_wait_one(wasi_io_poll_own_pollable_t pollable, int timeout_ms);

/* Whether a handler waits for a request to end the guest (signal.c): the
 * waits then watch for one too. */
bool sdk_termination_listening(void);
/* Ready once a request came. */
wasi_io_poll_borrow_pollable_t sdk_termination_pollable(void);
/* Runs the handler of the request that came, once; returns whether it did. */
bool sdk_termination_deliver(void);

#endif
