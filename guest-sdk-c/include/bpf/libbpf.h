/* libbpf's object, program, map, link, ring buffer and perf buffer API
 * for WebAssembly guests, over the wasi:bpf interfaces.
 *
 * Every function of libbpf 1.1's libbpf.h is declared here with libbpf's
 * signature, and every options struct with libbpf's layout (`sz` first,
 * the same fields, the __last_field macros), so that a libbpf-tools style
 * program ports by changing its includes and its build: functions
 * returning int give 0 or a negative errno (and set errno); functions
 * returning a pointer give NULL and set errno.
 *
 * Differences a port meets, all because no kernel fd reaches a guest:
 * - bpf_map__fd(), bpf_program__fd() and bpf_link__fd() return handles
 *   this library understands (for bpf/bpf.h and ring_buffer__new /
 *   perf_buffer__new), not kernel fds;
 * - open() of a cgroup directory (under /sys/fs/cgroup) gives a handle
 *   the host opens only when it is attached to or put into a cgroup
 *   array, after checking it against the policy: a missing cgroup fails
 *   there, not at open();
 * - the values of program arrays, maps of maps, cgroup arrays and device
 *   maps written with bpf_map_update_elem are such handles (and
 *   ifindexes), which the host turns into the kernel objects;
 * - lookup-and-delete does not take per-CPU maps (EINVAL): wasi:bpf has
 *   no atomic form of it for them;
 * - what needs a kernel fd, an id, a pin in bpffs, netlink or raw
 *   instructions returns -EOPNOTSUPP (NULL with errno EOPNOTSUPP) and
 *   warns through the print function: "libbpf: NAME is not supported in
 *   a wasi:bpf guest: REASON" (docs/guests-c.md lists them);
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

#include <bpf/libbpf_common.h>
#include <bpf/libbpf_legacy.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- library ----------------------------------------------------------- */

/* The libbpf release the API is (1.1; "v1.1"). */
LIBBPF_API __u32 libbpf_major_version(void);
LIBBPF_API __u32 libbpf_minor_version(void);
LIBBPF_API const char *libbpf_version_string(void);

/* libbpf's own error numbers, which libbpf_strerror describes. */
enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,
	LIBBPF_ERRNO__FORMAT,
	LIBBPF_ERRNO__KVERSION,
	LIBBPF_ERRNO__ENDIAN,
	LIBBPF_ERRNO__INTERNAL,
	LIBBPF_ERRNO__RELOC,
	LIBBPF_ERRNO__LOAD,
	LIBBPF_ERRNO__VERIFY,
	LIBBPF_ERRNO__PROG2BIG,
	LIBBPF_ERRNO__KVER,
	LIBBPF_ERRNO__PROGTYPE,
	LIBBPF_ERRNO__WRNGPID,
	LIBBPF_ERRNO__INVSEQ,
	LIBBPF_ERRNO__NLPARSE,
	__LIBBPF_ERRNO__END,
};

/* The description of a (negative or positive) errno or libbpf_errno. */
LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size);

/* libbpf's names of the kernel's types ("hash", "kprobe",
 * "cgroup_inet_ingress", "perf_event"), NULL for an unknown number. */
LIBBPF_API const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t);
LIBBPF_API const char *libbpf_bpf_link_type_str(enum bpf_link_type t);
LIBBPF_API const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
LIBBPF_API const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);

/* ---- messages ---------------------------------------------------------- */

enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);

/* Where this library's warnings go (default: stderr, without debug
 * messages); returns the previous function. A failed load prints the
 * host's message and verifier log at LIBBPF_WARN, as libbpf does. */
LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

/* The host's message for the last failed call of this thread, or "". */
const char *libbpf_wasm_last_error(void);

/* Whether a skeleton's __attach attaches `prog`, as libbpf's skeletons
 * decide: loaded, its autoattach on, and of a section libbpf attaches by
 * itself (tracepoints, probes, fentry, freplace, ...; not xdp, tc, ...). */
bool libbpf_wasm_program_autoattaches(const struct bpf_program *prog);

/* The verifier's log of the last failed load, or "" when there is none. */
const char *libbpf_wasm_verifier_log(void);

/* ---- objects ----------------------------------------------------------- */

struct bpf_object;

struct bpf_object_open_opts {
	size_t sz;
	/* The object's name (default: the file's path, or "bpf-object" for
	 * memory). */
	const char *object_name;
	/* Ignored: the host parses map definitions as libbpf 1.x does. */
	bool relaxed_maps;
	/* Not supported (no bpffs for a guest): must be NULL. */
	const char *pin_root_path;
	__u32 : 32;
	/* Not supported (the host's kernel config is not the guest's to
	 * override): must be NULL. */
	const char *kconfig;
	/* Not supported (the host relocates against the kernel's own BTF):
	 * must be NULL. */
	const char *btf_custom_path;
	/* Receives the verifier's log at bpf_object__load: a failed load's
	 * log, or with kernel_log_level > 0 the log the host kept of the
	 * last program loaded. */
	char *kernel_log_buf;
	size_t kernel_log_size;
	__u32 kernel_log_level;
	size_t : 0;
};
#define bpf_object_open_opts__last_field kernel_log_level

/* Opens an ELF object from a file the guest can read (its WASI
 * preopened directories) or from memory (copied): programs, maps and
 * globals can be configured until bpf_object__load. */
LIBBPF_API struct bpf_object *bpf_object__open(const char *path);
LIBBPF_API struct bpf_object *bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts);
LIBBPF_API struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
						   const struct bpf_object_open_opts *opts);

LIBBPF_API int bpf_object__load(struct bpf_object *obj);

/* Detaches every link of the object, closes it and frees it. */
LIBBPF_API void bpf_object__close(struct bpf_object *object);

/* Not supported: pinning in bpffs. */
LIBBPF_API int bpf_object__pin_maps(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__unpin_maps(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__pin_programs(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__unpin_programs(struct bpf_object *obj, const char *path);
LIBBPF_API int bpf_object__pin(struct bpf_object *object, const char *path);

LIBBPF_API const char *bpf_object__name(const struct bpf_object *obj);
/* The ELF's "version" section (0 without one), or what was set before
 * load; Linux 5.0 and later ignore it, and the host is not told. */
LIBBPF_API unsigned int bpf_object__kversion(const struct bpf_object *obj);
LIBBPF_API int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version);

struct btf;
/* The object's BTF: with <bpf/btf.h>. */
LIBBPF_API struct btf *bpf_object__btf(const struct bpf_object *obj);
/* Not supported: a kernel BTF fd. */
LIBBPF_API int bpf_object__btf_fd(const struct bpf_object *obj);

struct bpf_program;

LIBBPF_API struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name);

/* The program type and expected attach type libbpf gives a section name
 * (-ESRCH for none), and the attach type of an attachable one (-EINVAL
 * otherwise), from libbpf 1.1's section table. */
LIBBPF_API int libbpf_prog_type_by_name(const char *name, enum bpf_prog_type *prog_type,
					enum bpf_attach_type *expected_attach_type);
LIBBPF_API int libbpf_attach_type_by_name(const char *name, enum bpf_attach_type *attach_type);
/* The id in the kernel's BTF of what a program of `attach_type` attaches
 * to (btf_trace_NAME for raw tracepoints, bpf_lsm_NAME, bpf_iter_NAME,
 * else function NAME), or a negative errno (-ENOENT: none). */
LIBBPF_API int libbpf_find_vmlinux_btf_id(const char *name, enum bpf_attach_type attach_type);

/* Iteration in the object's order. */
LIBBPF_API struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
LIBBPF_API struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj, struct bpf_program *prog);

#define bpf_object__for_each_program(pos, obj)                                \
	for ((pos) = bpf_object__next_program((obj), NULL); (pos) != NULL;    \
	     (pos) = bpf_object__next_program((obj), (pos)))

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

/* Not supported: offloading to a device. */
LIBBPF_API void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex);

LIBBPF_API const char *bpf_program__name(const struct bpf_program *prog);
LIBBPF_API const char *bpf_program__section_name(const struct bpf_program *prog);
LIBBPF_API bool bpf_program__autoload(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
/* Whether bpf_object__attach_skeleton attaches the program: true for
 * sections libbpf attaches by itself (tp/, kprobe/, fentry/, ...). */
LIBBPF_API bool bpf_program__autoattach(const struct bpf_program *prog);
LIBBPF_API void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach);

struct bpf_insn;

/* Not supported: the host keeps the instructions. */
LIBBPF_API const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_insns(struct bpf_program *prog, struct bpf_insn *new_insns, size_t new_insn_cnt);
LIBBPF_API size_t bpf_program__insn_cnt(const struct bpf_program *prog);

/* A handle for bpf/bpf.h (bpf_prog_test_run_opts, bpf_obj_get_info_by_fd,
 * bpf_raw_tracepoint_open), valid until the object is closed; not a
 * kernel fd. */
LIBBPF_API int bpf_program__fd(const struct bpf_program *prog);

/* Not supported: pinning, and unloading one program (close its object). */
LIBBPF_API int bpf_program__pin(struct bpf_program *prog, const char *path);
LIBBPF_API int bpf_program__unpin(struct bpf_program *prog, const char *path);
LIBBPF_API void bpf_program__unload(struct bpf_program *prog);

/* ---- links ------------------------------------------------------------- */

struct bpf_link;

/* Not supported: links pinned in bpffs. */
LIBBPF_API struct bpf_link *bpf_link__open(const char *path);
/* A handle for bpf_link_detach (not a kernel fd). */
LIBBPF_API int bpf_link__fd(const struct bpf_link *link);
/* NULL: a guest's links are never pinned. */
LIBBPF_API const char *bpf_link__pin_path(const struct bpf_link *link);
LIBBPF_API int bpf_link__pin(struct bpf_link *link, const char *path);
LIBBPF_API int bpf_link__unpin(struct bpf_link *link);
/* Not supported: replacing a link's program. */
LIBBPF_API int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog);
/* bpf_link__destroy then frees the link without detaching: the program
 * stays attached until its object is closed or the guest ends. */
LIBBPF_API void bpf_link__disconnect(struct bpf_link *link);
/* Detaches now; the link is still to be destroyed. */
LIBBPF_API int bpf_link__detach(struct bpf_link *link);
/* Detaches (unless disconnected) and frees the link (NULL is accepted). */
LIBBPF_API int bpf_link__destroy(struct bpf_link *link);

/* ---- attaching --------------------------------------------------------- */

/* Attaches where the program's section says (SEC("tp/sched/...") etc.). */
LIBBPF_API struct bpf_link *bpf_program__attach(const struct bpf_program *prog);

struct bpf_perf_event_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives the program. */
	__u64 bpf_cookie;
};
#define bpf_perf_event_opts__last_field bpf_cookie

/* Attaches a perf_event program to the event `pfd`, the "fd" that
 * syscall(__NR_perf_event_open, ...) returned (<unistd.h>,
 * <linux/perf_event.h>): the host opens that event and the link owns it.
 * `pfd` is used up either way; closing it afterwards does nothing. */
LIBBPF_API struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
LIBBPF_API struct bpf_link *bpf_program__attach_perf_event_opts(const struct bpf_program *prog, int pfd,
								const struct bpf_perf_event_opts *opts);

struct bpf_kprobe_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives the program. */
	__u64 bpf_cookie;
	/* Not supported: must be 0 (the probe is on the function's entry). */
	size_t offset;
	bool retprobe;
	size_t : 0;
};
#define bpf_kprobe_opts__last_field retprobe

LIBBPF_API struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog, bool retprobe,
						       const char *func_name);
LIBBPF_API struct bpf_link *bpf_program__attach_kprobe_opts(const struct bpf_program *prog, const char *func_name,
							    const struct bpf_kprobe_opts *opts);

struct bpf_kprobe_multi_opts {
	size_t sz;
	/* Kernel functions by name, `cnt` of them. */
	const char **syms;
	/* Not supported: kernel addresses (name the functions). */
	const unsigned long *addrs;
	/* What bpf_get_attach_cookie() gives the program, one per symbol. */
	const __u64 *cookies;
	size_t cnt;
	bool retprobe;
	/* A session probe, for a kprobe.session program (Linux 6.10). */
	bool session;
	/* Not supported. */
	bool unique_match;
	size_t : 0;
};
#define bpf_kprobe_multi_opts__last_field unique_match

/* Attaches a kprobe.multi / kretprobe.multi program to every kernel
 * function matching `pattern` (`*`, `?`), or to opts->syms, with one link
 * (Linux 5.18, CONFIG_FPROBE). A wildcard pattern needs kernel functions
 * unrestricted by `--target function=`. */
LIBBPF_API struct bpf_link *bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog,
								  const char *pattern,
								  const struct bpf_kprobe_multi_opts *opts);

struct bpf_ksyscall_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives the program. */
	__u64 bpf_cookie;
	bool retprobe;
	size_t : 0;
};
#define bpf_ksyscall_opts__last_field retprobe

/* A kprobe on the kernel's handler of syscall `syscall_name` (its
 * __<arch>_sys_ wrapper where the kernel has one, as libbpf chooses). */
LIBBPF_API struct bpf_link *bpf_program__attach_ksyscall(const struct bpf_program *prog, const char *syscall_name,
							 const struct bpf_ksyscall_opts *opts);

struct bpf_uprobe_opts {
	size_t sz;
	/* Not supported: must be 0. */
	size_t ref_ctr_offset;
	/* What bpf_get_attach_cookie() gives the program. */
	__u64 bpf_cookie;
	bool retprobe;
	/* Attach to this function of the binary (its offset is then
	 * relative to the function). */
	const char *func_name;
	size_t : 0;
};
#define bpf_uprobe_opts__last_field func_name

/* Attaches to `binary_path` at `func_offset` (or opts->func_name +
 * offset), for process `pid` (-1: every process). */
LIBBPF_API struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog, bool retprobe, pid_t pid,
						       const char *binary_path, size_t func_offset);
LIBBPF_API struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t pid,
							    const char *binary_path, size_t func_offset,
							    const struct bpf_uprobe_opts *opts);

struct bpf_uprobe_multi_opts {
	size_t sz;
	/* Function symbols of the binary, `cnt` of them... */
	const char **syms;
	/* ...or offsets from the start of the file. */
	const unsigned long *offsets;
	/* Not supported: USDT semaphores. */
	const unsigned long *ref_ctr_offsets;
	/* What bpf_get_attach_cookie() gives the program, one per site. */
	const __u64 *cookies;
	size_t cnt;
	bool retprobe;
	/* A session probe, for a uprobe.session program (Linux 6.13): it
	 * runs on entry, and on return where the entry run returned 0. */
	bool session;
	size_t : 0;
};
#define bpf_uprobe_multi_opts__last_field session

/* Attaches a uprobe.multi / uretprobe.multi program to every function of
 * `binary_path` (an absolute path) matching `func_pattern` (`*`, `?`), or
 * to opts->syms or opts->offsets, for process `pid` (-1: every process),
 * with one link (Linux 6.6). */
LIBBPF_API struct bpf_link *bpf_program__attach_uprobe_multi(const struct bpf_program *prog, pid_t pid,
							     const char *binary_path, const char *func_pattern,
							     const struct bpf_uprobe_multi_opts *opts);

struct bpf_usdt_opts {
	size_t sz;
	__u64 usdt_cookie;
	size_t : 0;
};
#define bpf_usdt_opts__last_field usdt_cookie

/* Attaches to every site of USDT probe `usdt_provider`:`usdt_name` in
 * `binary_path` (an absolute path), for process `pid` (-1: every process);
 * the program reads opts->usdt_cookie with bpf_usdt_cookie(). */
LIBBPF_API struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, pid_t pid,
						     const char *binary_path, const char *usdt_provider,
						     const char *usdt_name, const struct bpf_usdt_opts *opts);

struct bpf_tracepoint_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives the program. */
	__u64 bpf_cookie;
};
#define bpf_tracepoint_opts__last_field bpf_cookie

LIBBPF_API struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *tp_category,
							   const char *tp_name);
LIBBPF_API struct bpf_link *bpf_program__attach_tracepoint_opts(const struct bpf_program *prog,
								const char *tp_category, const char *tp_name,
								const struct bpf_tracepoint_opts *opts);

LIBBPF_API struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *tp_name);

struct bpf_raw_tracepoint_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives the program (Linux 6.10; an
	 * older kernel refuses a cookie other than 0). */
	__u64 cookie;
	size_t : 0;
};
#define bpf_raw_tracepoint_opts__last_field cookie

LIBBPF_API struct bpf_link *bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog,
								    const char *tp_name,
								    struct bpf_raw_tracepoint_opts *opts);

struct bpf_trace_opts {
	size_t sz;
	/* What bpf_get_attach_cookie() gives a fentry, fexit, fmod_ret or
	 * LSM program (Linux 5.19). */
	__u64 cookie;
};
#define bpf_trace_opts__last_field cookie

/* fentry / fexit / fmod_ret / tp_btf and LSM programs, at the target of
 * their section or of bpf_program__set_attach_target. */
LIBBPF_API struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog);
LIBBPF_API struct bpf_link *bpf_program__attach_trace_opts(const struct bpf_program *prog,
							   const struct bpf_trace_opts *opts);
LIBBPF_API struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog);

/* Attaches a flow dissector or sk_lookup program to the network namespace
 * netns_fd is open() of (/proc/PID/ns/net, /proc/self/ns/net,
 * /run/netns/NAME: a handle the host opens when it attaches). Needs the
 * netns capability. */
LIBBPF_API struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd);

struct bpf_netfilter_opts {
	size_t sz;
	/* NFPROTO_IPV4 or NFPROTO_IPV6 (<linux/netfilter.h>). */
	__u32 pf;
	/* An NF_INET_* hook, NF_INET_PRE_ROUTING to NF_INET_POST_ROUTING. */
	__u32 hooknum;
	/* Lower runs first; neither INT_MIN nor INT_MAX. */
	__s32 priority;
	/* 0 or BPF_F_NETFILTER_IP_DEFRAG (<linux/bpf.h>; Linux 6.6), with a
	 * priority above -400. */
	__u32 flags;
};
#define bpf_netfilter_opts__last_field flags

/* libbpf 1.3's netfilter link (Linux 6.4), on a hook of the host's network
 * namespace. Needs the netfilter capability; a priority another function
 * of the hook has is -EBUSY. */
LIBBPF_API struct bpf_link *bpf_program__attach_netfilter(const struct bpf_program *prog,
							  const struct bpf_netfilter_opts *opts);
/* Attaches an sk_msg or sk_skb program to a sockmap or sockhash of its own
 * object (bpf_map__fd's handle), as the attach type it was loaded with:
 * a kernel link from Linux 6.10, the map's own attachment before (which
 * the host detaches with the link). Needs the sockops capability. */
LIBBPF_API struct bpf_link *bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd);
/* An extension (SEC("freplace/FUNC")) in place of global function
 * attach_func_name of the program whose bpf_program__fd is target_fd, a
 * loaded program of this guest's. Judged as that program's type. */
LIBBPF_API struct bpf_link *bpf_program__attach_freplace(const struct bpf_program *prog, int target_fd,
							 const char *attach_func_name);

struct bpf_map;

/* Registers struct_ops map `map` (a TCP congestion control, a scheduler)
 * until the link is destroyed: --allow struct-ops, and its struct type
 * within --target struct-ops=. A skeleton's __attach does not: call this. */
LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map);

struct bpf_iter_attach_opts {
	size_t sz;
	union bpf_iter_link_info *link_info;
	__u32 link_info_len;
};
#define bpf_iter_attach_opts__last_field link_info_len

/* An iterator's link; read its output with read() on
 * bpf_iter_create(bpf_link__fd(link)) (<unistd.h>'s read knows the
 * SDK's iterator handles). */
LIBBPF_API struct bpf_link *bpf_program__attach_iter(const struct bpf_program *prog,
						     const struct bpf_iter_attach_opts *opts);

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

/* ---- configuring programs ---------------------------------------------- */

/* Before load (-EBUSY after): how the program is loaded, instead of what
 * libbpf reads from its section. The host's policy judges the program at
 * load by its final type, attach type and attach target. */
LIBBPF_API enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type);
LIBBPF_API enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_expected_attach_type(struct bpf_program *prog, enum bpf_attach_type type);

/* The load flags libbpf derives from the section (BPF_F_SLEEPABLE for
 * ".s" sections, BPF_F_XDP_HAS_FRAGS for "xdp.frags"); setting others is
 * not supported. */
LIBBPF_API __u32 bpf_program__flags(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_flags(struct bpf_program *prog, __u32 flags);

/* The verifier's log level (1, 2, 4 stats). A successful load prints the
 * log of the last program loaded with a level through the print function
 * at LIBBPF_DEBUG, as libbpf; a failed load's log reaches it and
 * libbpf_wasm_verifier_log() at any level. */
LIBBPF_API __u32 bpf_program__log_level(const struct bpf_program *prog);
LIBBPF_API int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level);
/* Per-program log buffers are not supported (the host keeps one log per
 * object: bpf_object_open_opts.kernel_log_buf receives it); the getter
 * gives NULL, no buffer being set. */
LIBBPF_API const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size);
LIBBPF_API int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size);

/* The kernel function (fentry/fexit/fmod_ret/lsm), raw tracepoint (tp_btf)
 * or iterator target by its BTF name (-ENOENT when the kernel's BTF has no
 * such name); with a non-zero attach_prog_fd (bpf_program__fd of a loaded
 * program of this guest's), the global function of that program an
 * extension (freplace) replaces. */
LIBBPF_API int bpf_program__set_attach_target(struct bpf_program *prog, int attach_prog_fd,
					      const char *attach_func_name);

/* ---- maps -------------------------------------------------------------- */

LIBBPF_API struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);
LIBBPF_API int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name);

LIBBPF_API struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);
LIBBPF_API struct bpf_map *bpf_object__prev_map(const struct bpf_object *obj, const struct bpf_map *map);

#define bpf_object__for_each_map(pos, obj)                                    \
	for ((pos) = bpf_object__next_map((obj), NULL); (pos) != NULL;        \
	     (pos) = bpf_object__next_map((obj), (pos)))
#define bpf_map__for_each bpf_object__for_each_map

/* Before load (-EBUSY after): the map's type, sizes, flags, NUMA node and
 * whether load creates it, as libbpf-tools' compat layer switches a ring
 * buffer to a perf event array. The host's policy judges the final type. */
LIBBPF_API int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate);
LIBBPF_API bool bpf_map__autocreate(const struct bpf_map *map);

/* A handle for bpf/bpf.h and the buffers (valid after load, until the
 * object is closed); not a kernel fd. */
LIBBPF_API int bpf_map__fd(const struct bpf_map *map);
/* Not supported: a guest has no kernel map fd to share. */
LIBBPF_API int bpf_map__reuse_fd(struct bpf_map *map, int fd);

LIBBPF_API const char *bpf_map__name(const struct bpf_map *map);
LIBBPF_API enum bpf_map_type bpf_map__type(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type);
LIBBPF_API __u32 bpf_map__max_entries(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
LIBBPF_API __u32 bpf_map__map_flags(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags);
LIBBPF_API __u32 bpf_map__numa_node(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node);
LIBBPF_API __u32 bpf_map__key_size(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_key_size(struct bpf_map *map, __u32 size);
LIBBPF_API __u32 bpf_map__value_size(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
/* The ids in bpf_object__btf() of the map's key and value (0: none; a
 * data section's map has its DATASEC as value), as libbpf gives them. */
LIBBPF_API __u32 bpf_map__btf_key_type_id(const struct bpf_map *map);
LIBBPF_API __u32 bpf_map__btf_value_type_id(const struct bpf_map *map);
/* 0: no map is offloaded to a device (setting one is not supported). */
LIBBPF_API __u32 bpf_map__ifindex(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex);
/* Not supported: the host keeps map_extra (a bloom filter's hash count). */
LIBBPF_API __u64 bpf_map__map_extra(const struct bpf_map *map);
LIBBPF_API int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra);

/* The whole initial contents of a data section map (.data, .rodata, .bss,
 * .data.*), exactly its value size. bpf_map__initial_value gives a copy
 * the guest may write before load (libbpf 1.1 declares it const; cast),
 * which bpf_object__load hands the host (after any
 * bpf_object__set_global); after load it is NULL (-EOPNOTSUPP): use
 * bpf_object__get_global / __set_global. */
LIBBPF_API int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);
LIBBPF_API const void *bpf_map__initial_value(struct bpf_map *map, size_t *psize);

/* Whether the map is one libbpf makes for a data section (.data,
 * .rodata, .bss, .kconfig...) rather than one the program defines. */
LIBBPF_API bool bpf_map__is_internal(const struct bpf_map *map);

/* No pinning: the path is NULL and the map never pinned; setting a path,
 * pinning and unpinning are not supported. */
LIBBPF_API int bpf_map__set_pin_path(struct bpf_map *map, const char *path);
LIBBPF_API const char *bpf_map__pin_path(const struct bpf_map *map);
LIBBPF_API bool bpf_map__is_pinned(const struct bpf_map *map);
LIBBPF_API int bpf_map__pin(struct bpf_map *map, const char *path);
LIBBPF_API int bpf_map__unpin(struct bpf_map *map, const char *path);

/* Not supported: maps of maps are defined in the BPF object. */
LIBBPF_API int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd);
LIBBPF_API struct bpf_map *bpf_map__inner_map(struct bpf_map *map);

/* Element access with the sizes checked against the map, as in libbpf.
 * Per-CPU maps take and give libbpf_num_possible_cpus() values, each
 * padded to a multiple of 8 bytes. */
LIBBPF_API int bpf_map__lookup_elem(const struct bpf_map *map, const void *key, size_t key_sz, void *value,
				    size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__update_elem(const struct bpf_map *map, const void *key, size_t key_sz, const void *value,
				    size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__delete_elem(const struct bpf_map *map, const void *key, size_t key_sz, __u64 flags);
LIBBPF_API int bpf_map__lookup_and_delete_elem(const struct bpf_map *map, const void *key, size_t key_sz,
					       void *value, size_t value_sz, __u64 flags);
LIBBPF_API int bpf_map__get_next_key(const struct bpf_map *map, const void *cur_key, void *next_key, size_t key_sz);

/* ---- XDP and TC by ifindex (not supported) ------------------------------ */

struct bpf_xdp_set_link_opts {
	size_t sz;
	int old_fd;
	size_t : 0;
};
#define bpf_xdp_set_link_opts__last_field old_fd

struct bpf_xdp_attach_opts {
	size_t sz;
	int old_prog_fd;
	size_t : 0;
};
#define bpf_xdp_attach_opts__last_field old_prog_fd

struct bpf_xdp_query_opts {
	size_t sz;
	__u32 prog_id;
	__u32 drv_prog_id;
	__u32 hw_prog_id;
	__u32 skb_prog_id;
	__u8 attach_mode;
	size_t : 0;
};
#define bpf_xdp_query_opts__last_field attach_mode

/* XDP by ifindex (flags of <linux/if_link.h>) and bpf_program__fd
 * handle, over the host's attach-xdp; a query answers for what the guest
 * attached by ifindex (docs/guests-c.md, "Attaching by fd, ifindex and
 * id"). */
LIBBPF_API int bpf_xdp_attach(int ifindex, int prog_fd, __u32 flags, const struct bpf_xdp_attach_opts *opts);
LIBBPF_API int bpf_xdp_detach(int ifindex, __u32 flags, const struct bpf_xdp_attach_opts *opts);
LIBBPF_API int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts);
LIBBPF_API int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id);

enum bpf_tc_attach_point {
	BPF_TC_INGRESS = 1 << 0,
	BPF_TC_EGRESS = 1 << 1,
	BPF_TC_CUSTOM = 1 << 2,
};

#define BPF_TC_PARENT(a, b) ((((a) << 16) & 0xFFFF0000U) | ((b) & 0x0000FFFFU))

enum bpf_tc_flags {
	BPF_TC_F_REPLACE = 1 << 0,
};

struct bpf_tc_hook {
	size_t sz;
	int ifindex;
	enum bpf_tc_attach_point attach_point;
	__u32 parent;
	size_t : 0;
};
#define bpf_tc_hook__last_field parent

struct bpf_tc_opts {
	size_t sz;
	int prog_fd;
	__u32 flags;
	__u32 prog_id;
	__u32 handle;
	__u32 priority;
	size_t : 0;
};
#define bpf_tc_opts__last_field priority

/* Filters by place as libbpf's, through the host (wasi:bpf/tc): on
 * BPF_TC_INGRESS or BPF_TC_EGRESS (BPF_TC_CUSTOM is -EOPNOTSUPP). The host
 * makes the clsact qdisc with the first filter and removes it after the
 * last one if nothing else uses it, so bpf_tc_hook_create only checks the
 * hook (0, never -EEXIST); bpf_tc_hook_destroy and bpf_tc_detach remove
 * the guest's own filters only, and BPF_TC_F_REPLACE replaces only one of
 * the guest's. Filters go with their object or the guest, if not before. */
LIBBPF_API int bpf_tc_hook_create(struct bpf_tc_hook *hook);
LIBBPF_API int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);
LIBBPF_API int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
LIBBPF_API int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);
LIBBPF_API int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);

struct bpf_tcx_opts {
	size_t sz;
	__u32 flags;
	__u32 relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t : 0;
};
#define bpf_tcx_opts__last_field expected_revision

/* libbpf 1.3's tcx link (Linux 6.6), in the direction of the program's
 * expected attach type (SEC("tcx/ingress"), SEC("tcx/egress")), after the
 * programs already there: flags, relative_fd, relative_id and
 * expected_revision are -EOPNOTSUPP. */
LIBBPF_API struct bpf_link *bpf_program__attach_tcx(const struct bpf_program *prog, int ifindex,
						    const struct bpf_tcx_opts *opts);

/* ---- ring buffers ------------------------------------------------------ */

struct ring_buffer;
struct user_ring_buffer;

/* Called for each record; a negative return stops the drain and is
 * returned by ring_buffer__poll / __consume. */
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct ring_buffer_opts {
	size_t sz;
};
#define ring_buffer_opts__last_field sz

LIBBPF_API struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
						const struct ring_buffer_opts *opts);
LIBBPF_API void ring_buffer__free(struct ring_buffer *rb);
/* Adds another ring buffer map, drained by the same poll. */
LIBBPF_API int ring_buffer__add(struct ring_buffer *rb, int map_fd, ring_buffer_sample_fn sample_cb, void *ctx);
/* Waits up to `timeout_ms` (-1: forever) for records, then drains every
 * ring; returns the number of records handled or a negative errno. When
 * `wasm-bpf run` gets Ctrl-C or SIGTERM, the guest ends inside this call
 * and the host detaches everything: a poll loop needs no stop flag. */
LIBBPF_API int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
/* Drains without waiting. */
LIBBPF_API int ring_buffer__consume(struct ring_buffer *rb);
/* Not supported: a guest has no epoll fd (poll with ring_buffer__poll). */
LIBBPF_API int ring_buffer__epoll_fd(const struct ring_buffer *rb);

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

LIBBPF_API struct user_ring_buffer *user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts);
/* A zeroed sample of `size` bytes, or NULL with errno ENOSPC when the ring
 * is full, E2BIG when it can never hold `size` bytes. */
LIBBPF_API void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);
/* Same, waiting up to `timeout_ms` (-1: forever) for room. */
LIBBPF_API void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb, __u32 size, int timeout_ms);
/* Hands the sample to the kernel / gives its room back; either frees it. */
LIBBPF_API void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);
LIBBPF_API void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);
/* Frees the producer; samples still reserved are discarded. */
LIBBPF_API void user_ring_buffer__free(struct user_ring_buffer *rb);

/* ---- perf buffers ------------------------------------------------------ */

struct perf_buffer;

typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

struct perf_buffer_opts {
	size_t sz;
};
#define perf_buffer_opts__last_field sz

/* A perf buffer of `page_cnt` pages (a power of two) per CPU on the
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY map `map_fd`. Lost samples are reported
 * to `lost_cb` as one count (on CPU -1: the host sums them). */
LIBBPF_API struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
						perf_buffer_lost_fn lost_cb, void *ctx,
						const struct perf_buffer_opts *opts);

enum bpf_perf_event_ret {
	LIBBPF_PERF_EVENT_DONE = 0,
	LIBBPF_PERF_EVENT_ERROR = -1,
	LIBBPF_PERF_EVENT_CONT = -2,
};

struct perf_event_header;

typedef enum bpf_perf_event_ret (*perf_buffer_event_fn)(void *ctx, int cpu, struct perf_event_header *event);

struct perf_buffer_raw_opts {
	size_t sz;
	long : 0;
	long : 0;
	int cpu_cnt;
	int *cpus;
	int *map_keys;
};
#define perf_buffer_raw_opts__last_field map_keys

struct perf_event_attr;

/* Not supported: raw perf events (the host reads the samples). */
LIBBPF_API struct perf_buffer *perf_buffer__new_raw(int map_fd, size_t page_cnt, struct perf_event_attr *attr,
						    perf_buffer_event_fn event_cb, void *ctx,
						    const struct perf_buffer_raw_opts *opts);
LIBBPF_API void perf_buffer__free(struct perf_buffer *pb);
/* Not supported: a guest has no epoll fd. */
LIBBPF_API int perf_buffer__epoll_fd(const struct perf_buffer *pb);
/* Waits up to `timeout_ms` (-1: forever) for samples and hands over every
 * ready one; returns how many (libbpf counts the CPU buffers that had
 * any: both are 0 exactly when nothing came) or a negative errno. */
LIBBPF_API int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
LIBBPF_API int perf_buffer__consume(struct perf_buffer *pb);
/* Not supported: the host reads the CPU buffers together; a guest sees
 * neither one of them, its fd nor its memory. */
LIBBPF_API int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx);
LIBBPF_API size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb);
LIBBPF_API int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx);
LIBBPF_API int perf_buffer__buffer(struct perf_buffer *pb, int buf_idx, void **buf, size_t *buf_size);

/* ---- line info (not supported: the host keeps programs' line info) ------ */

struct bpf_prog_linfo;
struct bpf_prog_info;

LIBBPF_API void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo);
LIBBPF_API struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info);
LIBBPF_API const struct bpf_line_info *bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo,
								       __u64 addr, __u32 func_idx, __u32 nr_skip);
LIBBPF_API const struct bpf_line_info *bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo,
							     __u32 insn_off, __u32 nr_skip);

/* ---- feature probes ---------------------------------------------------- */

/* Whether the kernel supports a program type, a map type, or a helper in
 * programs of a type (wasi:bpf/probe; the host runs libbpf's probes): 1
 * yes, 0 no, a negative errno when the probe failed. `opts` must be NULL
 * (-EINVAL otherwise), as in libbpf. The tracefs, kallsyms and BTF probes
 * libbpf-tools use are in <wasi_bpf/trace_helpers.h>. */
LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);
LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
LIBBPF_API int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id, const void *opts);

/* The number of possible CPUs (the length of per-CPU values). */
LIBBPF_API int libbpf_num_possible_cpus(void);

/* ---- bpftool's skeletons ------------------------------------------------ */

/* What a `bpftool gen skeleton` header hands libbpf. The SDK's own
 * skeletons (`wasm-bpf gen skeleton`) do not use these. */
struct bpf_map_skeleton {
	const char *name;
	struct bpf_map **map;
	void **mmaped;
};

struct bpf_prog_skeleton {
	const char *name;
	struct bpf_program **prog;
	struct bpf_link **link;
};

struct bpf_object_skeleton {
	size_t sz;
	const char *name;
	const void *data;
	size_t data_sz;
	struct bpf_object **obj;
	int map_cnt;
	int map_skel_sz;
	struct bpf_map_skeleton *maps;
	int prog_cnt;
	int prog_skel_sz;
	struct bpf_prog_skeleton *progs;
};

/* Open fills the skeleton's maps and programs; a data section's
 * `mmaped` is the SDK's copy of its initial value (written before load
 * and handed to the host at load, as bpf_map__initial_value's), not
 * the kernel's memory: after load, read and write globals with
 * bpf_object__get_global / __set_global. Attach attaches every loaded
 * program bpf_program__autoattach says. */
LIBBPF_API int bpf_object__open_skeleton(struct bpf_object_skeleton *s, const struct bpf_object_open_opts *opts);
LIBBPF_API int bpf_object__load_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API int bpf_object__attach_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API void bpf_object__detach_skeleton(struct bpf_object_skeleton *s);
LIBBPF_API void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s);

struct bpf_var_skeleton {
	const char *name;
	struct bpf_map **map;
	void **addr;
};

struct bpf_object_subskeleton {
	size_t sz;
	const struct bpf_object *obj;
	int map_cnt;
	int map_skel_sz;
	struct bpf_map_skeleton *maps;
	int prog_cnt;
	int prog_skel_sz;
	struct bpf_prog_skeleton *progs;
	int var_cnt;
	int var_skel_sz;
	struct bpf_var_skeleton *vars;
};

/* Not supported: variables' addresses in mapped sections. */
LIBBPF_API int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s);
LIBBPF_API void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s);

struct gen_loader_opts {
	size_t sz;
	const char *data;
	const char *insns;
	__u32 data_sz;
	__u32 insns_sz;
};
#define gen_loader_opts__last_field insns_sz

/* Not supported: light skeletons' loader programs. */
LIBBPF_API int bpf_object__gen_loader(struct bpf_object *obj, struct gen_loader_opts *opts);

enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* ---- static linking (not supported: a host tool's job) ----------------- */

struct bpf_linker_opts {
	size_t sz;
};
#define bpf_linker_opts__last_field sz

struct bpf_linker_file_opts {
	size_t sz;
};
#define bpf_linker_file_opts__last_field sz

struct bpf_linker;

LIBBPF_API struct bpf_linker *bpf_linker__new(const char *filename, struct bpf_linker_opts *opts);
LIBBPF_API int bpf_linker__add_file(struct bpf_linker *linker, const char *filename,
				    const struct bpf_linker_file_opts *opts);
LIBBPF_API int bpf_linker__finalize(struct bpf_linker *linker);
LIBBPF_API void bpf_linker__free(struct bpf_linker *linker);

/* ---- custom section handlers (not supported: the host's libbpf reads
 * the sections) ----------------------------------------------------------- */

struct bpf_prog_load_opts;

typedef int (*libbpf_prog_setup_fn_t)(struct bpf_program *prog, long cookie);
typedef int (*libbpf_prog_prepare_load_fn_t)(struct bpf_program *prog, struct bpf_prog_load_opts *opts,
					     long cookie);
typedef int (*libbpf_prog_attach_fn_t)(const struct bpf_program *prog, long cookie, struct bpf_link **link);

struct libbpf_prog_handler_opts {
	size_t sz;
	long cookie;
	libbpf_prog_setup_fn_t prog_setup_fn;
	libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
	libbpf_prog_attach_fn_t prog_attach_fn;
};
#define libbpf_prog_handler_opts__last_field prog_attach_fn

LIBBPF_API int libbpf_register_prog_handler(const char *sec, enum bpf_prog_type prog_type,
					    enum bpf_attach_type exp_attach_type,
					    const struct libbpf_prog_handler_opts *opts);
LIBBPF_API int libbpf_unregister_prog_handler(int handler_id);

#ifdef __cplusplus
}
#endif

#endif
