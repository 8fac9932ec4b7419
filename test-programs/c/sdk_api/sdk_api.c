// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Checks every function of the C SDK against the real kernel, each with
 * an exact expected result: libbpf's where libbpf has one, else what the
 * SDK's headers say.
 *
 * Usage: sdk_api tid=TID pid=PID calls=N cpus=N kfunc=NAME kprobes=0|1 libc=PATH offset=N
 *                ifname=NAME cgroup=PATH object=PATH
 *   tid      the thread whose getpgid() calls the programs react to
 *   pid      its process, for the uprobes
 *   calls    how many getpgid() calls the driver makes per round
 *   cpus     the number of possible CPUs, as the driver counts them
 *   kfunc    the kernel function of the getpgid syscall, for the kprobes
 *   kprobes  whether the kernel has kprobes (without, attaching one is
 *            an ENOENT error)
 *   libc     the file holding the driver's getpgid(), for the uprobes
 *   offset   getpgid()'s offset in that file
 *   ifname   an interface of the driver's own, for XDP and socket filters
 *   cgroup   a cgroup v2 directory of the driver's own
 *   object   sdk_api.bpf.o in a directory the guest was given (--dir)
 *
 * Prints `ok NAME` or `FAIL NAME: details` per check, then `done P passed
 * F failed`; exits 1 if any failed. `ready` (once everything is loaded
 * and attached) and each `again` ask the driver for one round: CALLS
 * calls of getpgid(seq), seq counting on from 0 across rounds. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "sdk_api.h"
#include "sdk_api.skel.h"
/* The same object through a `bpftool gen skeleton` header, as a tool not
 * ported to the SDK's skeletons has it (libbpf's skeleton calls). */
#include "sdk_api_libbpf.skel.h"

/* What the guest sets the `records_per_call` rodata to (the object says
 * 2: seeing 3 per call proves the write reached the kernel). */
#define RECORDS_PER_CALL 3
#define TOKEN 0xC0FFEEu
/* What a ring callback returns to stop a drain. */
#define STOP_ERR (-7)
#define BIG_MAX_ENTRIES 1024
#define BIG_ENTRIES 1000
#define BATCH_PAGE 64
#define PERF_PAGES 8
/* A perf sample's size as the kernel reports it (and libbpf passes it
 * on): the record plus padding, so that with its u32 size field it fills
 * whole u64s. */
#define PERF_SAMPLE_SIZE ((sizeof(struct sdk_api_record) + 4 + 7) / 8 * 8 - 4)
#define ROUNDS 3

static __u32 target_tid;
static pid_t target_pid;
static int calls_per_round;
static int cpus;
static const char *kfunc;
static bool have_kprobes;
static const char *libc_path;
static size_t getpgid_offset;
static const char *ifname;
static const char *cgroup_path;
static const char *object_path;

static int passed, failed;

/* The first thing a check found wrong ("" while all is well). */
struct verdict {
	char why[512];
};

__attribute__((format(printf, 3, 4))) static void expect(struct verdict *v, bool ok, const char *format, ...)
{
	if (ok || v->why[0])
		return;
	va_list args;
	va_start(args, format);
	vsnprintf(v->why, sizeof(v->why), format, args);
	va_end(args);
}

/* `ret` of `call`, with `err` the errno right after it, against libbpf's
 * convention: 0 for success (want 0), else -want with errno want. */
static void expect_ret_of(struct verdict *v, const char *call, int ret, int err, int want)
{
	if (want == 0)
		expect(v, ret == 0, "%s = %d (%s), expected 0; last host message: %s", call, ret, strerror(-ret),
		       libbpf_wasm_last_error());
	else
		expect(v, ret == -want && err == want, "%s = %d, errno %d (%s), expected %d and errno %d (%s)", call, ret,
		       err, strerror(err), -want, want, strerror(want));
}

#define EXPECT_RET(v, call, want)                                             \
	do {                                                                  \
		int ret_ = (call);                                            \
		expect_ret_of((v), #call, ret_, errno, (want));               \
	} while (0)

/* A call that must give NULL with errno `want`. */
#define EXPECT_NULL(v, call, want)                                            \
	do {                                                                  \
		errno = 0;                                                    \
		const void *ptr_ = (call);                                    \
		int errno_ = errno;                                           \
		expect((v), !ptr_ && errno_ == (want), "%s = %p, errno %d (%s), expected NULL and %s", #call, ptr_, \
		       errno_, strerror(errno_), strerror(want));             \
	} while (0)

static void report(const char *name, const struct verdict *v)
{
	if (v->why[0]) {
		printf("FAIL %s: %s\n", name, v->why);
		failed++;
	} else {
		printf("ok %s\n", name);
		passed++;
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- messages ---------------------------------------------------------- */

static struct {
	int warnings;
	bool saw_verifier_log;
	char last[256];
} printed;

static int count_print(enum libbpf_print_level level, const char *format, va_list args)
{
	char text[256];

	if (level != LIBBPF_WARN)
		return 0;
	printed.warnings++;
	vsnprintf(text, sizeof(text), format, args);
	memcpy(printed.last, text, sizeof(text));
	if (strstr(text, "BEGIN PROG LOAD LOG"))
		printed.saw_verifier_log = true;
	return 0;
}

static void check_messages(void)
{
	struct verdict v = { 0 };
	char buf[128];

	EXPECT_RET(&v, libbpf_strerror(-ENOENT, buf, sizeof(buf)), 0);
	expect(&v, !strcmp(buf, strerror(ENOENT)), "libbpf_strerror(-ENOENT) gave \"%s\"", buf);
	EXPECT_RET(&v, libbpf_strerror(EBADF, buf, sizeof(buf)), 0);
	expect(&v, !strcmp(buf, strerror(EBADF)), "libbpf_strerror(EBADF) gave \"%s\"", buf);
	EXPECT_RET(&v, libbpf_strerror(ENOENT, NULL, 0), EINVAL);
	report("libbpf_strerror", &v);

	v = (struct verdict){ 0 };
	errno = EPERM;
	expect(&v, libbpf_get_error(NULL) == -EPERM, "libbpf_get_error(NULL) = %ld with errno EPERM",
	       libbpf_get_error(NULL));
	expect(&v, libbpf_get_error(buf) == 0, "libbpf_get_error(non-NULL) = %ld", libbpf_get_error(buf));
	report("libbpf_get_error", &v);
}

/* Opens garbage with `count_print` installed (by the caller). */
static void check_open_errors(void)
{
	struct verdict v = { 0 };
	unsigned char garbage[256];

	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (unsigned char)(i * 37 + 11);
	int warnings = printed.warnings;
	errno = 0;
	struct bpf_object *obj = bpf_object__open_mem(garbage, sizeof(garbage), NULL);
	long got = libbpf_get_error(obj);
	int err = errno;
	expect(&v, !obj, "an object was opened from garbage");
	expect(&v, err == EINVAL, "errno %d (%s), expected EINVAL", err, strerror(err));
	expect(&v, got == -EINVAL, "libbpf_get_error = %ld, expected -EINVAL", got);
	expect(&v, *libbpf_wasm_last_error(), "libbpf_wasm_last_error() is empty");
	expect(&v, printed.warnings == warnings + 1, "%d warnings printed, expected 1", printed.warnings - warnings);
	bpf_object__close(obj);
	report("bpf_object__open_mem.garbage", &v);

	v = (struct verdict){ 0 };
	EXPECT_NULL(&v, bpf_object__open_mem(NULL, 0, NULL), EINVAL);
	EXPECT_NULL(&v, bpf_object__open_mem(garbage, 0, NULL), EINVAL);
	report("bpf_object__open_mem.empty", &v);

	/* Without options: the default name, which prefixes the maps of the
	 * globals as libbpf does (its first 8 characters, '-' made '_'). */
	v = (struct verdict){ 0 };
	obj = bpf_object__open_mem(sdk_api_bpf__elf_bytes, sizeof(sdk_api_bpf__elf_bytes), NULL);
	expect(&v, obj != NULL, "open_mem: %s", libbpf_wasm_last_error());
	expect(&v, obj && !strcmp(bpf_object__name(obj), "bpf-object"), "object name \"%s\"",
	       obj ? bpf_object__name(obj) : "");
	expect(&v, obj && bpf_object__find_map_by_name(obj, "bpf_obje.rodata"), "no map bpf_obje.rodata");
	expect(&v, obj && bpf_object__find_program_by_name(obj, "sdk_api_tp"), "no program sdk_api_tp");
	bpf_object__close(obj);
	report("bpf_object__open_mem.defaults", &v);
	/* From a file of a preopened directory: libbpf's name is the file's
	 * up to its first dot. */
	v = (struct verdict){ 0 };
	obj = bpf_object__open_file(object_path, NULL);
	expect(&v, obj != NULL, "open_file(%s): %s", object_path, libbpf_wasm_last_error());
	expect(&v, obj && !strcmp(bpf_object__name(obj), "sdk_api"), "object name \"%s\"", obj ? bpf_object__name(obj) : "");
	expect(&v, obj && bpf_object__find_map_by_name(obj, "sdk_api.rodata"), "no map sdk_api.rodata");
	bpf_object__close(obj);
	LIBBPF_OPTS(bpf_object_open_opts, named, .object_name = "named");
	obj = bpf_object__open_file(object_path, &named);
	expect(&v, obj && !strcmp(bpf_object__name(obj), "named"), "object name \"%s\"", obj ? bpf_object__name(obj) : "");
	bpf_object__close(obj);
	char missing[256];
	snprintf(missing, sizeof(missing), "%s.missing", object_path);
	EXPECT_NULL(&v, bpf_object__open(missing), ENOENT);
	report("bpf_object__open_file", &v);

	/* Options the host cannot honour: libbpf's answer for a missing
	 * feature, with a warning. */
	v = (struct verdict){ 0 };
	int before = printed.warnings;
	LIBBPF_OPTS(bpf_object_open_opts, pinned, .pin_root_path = "/sys/fs/bpf");
	EXPECT_NULL(&v, bpf_object__open_mem(sdk_api_bpf__elf_bytes, sizeof(sdk_api_bpf__elf_bytes), &pinned),
		    EOPNOTSUPP);
	LIBBPF_OPTS(bpf_object_open_opts, custom_btf, .btf_custom_path = "/tmp/vmlinux.btf");
	EXPECT_NULL(&v, bpf_object__open_mem(sdk_api_bpf__elf_bytes, sizeof(sdk_api_bpf__elf_bytes), &custom_btf),
		    EOPNOTSUPP);
	expect(&v, printed.warnings == before + 2, "%d warnings, expected 2", printed.warnings - before);
	report("bpf_object_open_opts.unsupported", &v);
}

/* ---- the object before load ---------------------------------------------- */

static void check_names(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	expect(&v, !strcmp(bpf_object__name(skel->obj), "sdk_api"), "object name \"%s\"", bpf_object__name(skel->obj));
	expect(&v, bpf_object__find_program_by_name(skel->obj, "sdk_api_tp") == skel->progs.sdk_api_tp,
	       "find_program_by_name(sdk_api_tp) is not the skeleton's");
	expect(&v, bpf_object__find_map_by_name(skel->obj, "big") == skel->maps.big,
	       "find_map_by_name(big) is not the skeleton's");
	EXPECT_NULL(&v, bpf_object__find_program_by_name(skel->obj, "no_such_prog"), ENOENT);
	expect(&v, strstr(libbpf_wasm_last_error(), "no_such_prog") != NULL, "last error \"%s\"",
	       libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_object__find_map_by_name(skel->obj, "no_such_map"), ENOENT);
	EXPECT_RET(&v, bpf_object__find_map_fd_by_name(skel->obj, "no_such_map"), ENOENT);
	report("bpf_object__find_by_name", &v);
}

/* Whether `names` (n of them) holds `name`; marks it seen. */
static bool seen_once(const char *const *names, bool *seen, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], name) && !seen[i]) {
			seen[i] = true;
			return true;
		}
	}
	return false;
}

static void check_iteration(struct sdk_api_bpf *skel)
{
	static const char *const programs[] = { "sdk_api_tp",  "sdk_api_raw",  "sdk_api_kp",	"sdk_api_krp",
						"sdk_api_up",  "sdk_api_urp",  "sdk_api_xdp",	"sdk_api_sock",
						"sdk_api_cg", "sdk_api_idle", "sdk_api_bad" };
	static const char *const maps[] = { "hash",	    "raw_counts",   "array",	   "pcpu_array",
					    "pcpu_hash",    "big",	    "ring_a",	   "ring_b",
					    "perf",	    "sdk_api.rodata", "sdk_api.data", "sdk_api.bss" };
	const size_t nr_programs = sizeof(programs) / sizeof(programs[0]), nr_maps = sizeof(maps) / sizeof(maps[0]);
	struct verdict v = { 0 };
	bool seen_prog[sizeof(programs) / sizeof(programs[0])] = { false };
	bool seen_map[sizeof(maps) / sizeof(maps[0])] = { false };
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t n = 0;

	bpf_object__for_each_program(prog, skel->obj) {
		expect(&v, seen_once(programs, seen_prog, nr_programs, bpf_program__name(prog)),
		       "unexpected or repeated program %s", bpf_program__name(prog));
		n++;
	}
	expect(&v, n == nr_programs, "%zu programs, expected %zu", n, nr_programs);
	expect(&v, bpf_object__next_program(skel->obj, NULL) == skel->progs.sdk_api_tp,
	       "the first program is not sdk_api_tp");
	report("bpf_object__next_program", &v);

	v = (struct verdict){ 0 };
	n = 0;
	bpf_object__for_each_map(map, skel->obj) {
		expect(&v, seen_once(maps, seen_map, nr_maps, bpf_map__name(map)), "unexpected or repeated map %s",
		       bpf_map__name(map));
		n++;
	}
	expect(&v, n == nr_maps, "%zu maps, expected %zu", n, nr_maps);
	report("bpf_object__next_map", &v);

	/* Backwards, the same programs and maps in reverse. */
	v = (struct verdict){ 0 };
	struct bpf_program *forward[sizeof(programs) / sizeof(programs[0])];
	n = 0;
	bpf_object__for_each_program(prog, skel->obj)
		if (n < nr_programs)
			forward[n++] = prog;
	for (prog = bpf_object__prev_program(skel->obj, NULL); prog; prog = bpf_object__prev_program(skel->obj, prog))
		expect(&v, n > 0 && forward[--n] == prog, "prev_program gave %s out of order", bpf_program__name(prog));
	expect(&v, n == 0, "prev_program missed %zu programs", n);
	n = 0;
	for (map = bpf_object__prev_map(skel->obj, NULL); map; map = bpf_object__prev_map(skel->obj, map))
		n++;
	expect(&v, n == nr_maps, "prev_map gave %zu maps, expected %zu", n, nr_maps);
	expect(&v, bpf_object__prev_map(skel->obj, bpf_object__next_map(skel->obj, NULL)) == NULL,
	       "a map before the first");
	const struct bpf_map *rodata = bpf_object__find_map_by_name(skel->obj, "sdk_api.rodata");
	expect(&v, bpf_map__is_internal(rodata) && !bpf_map__is_internal(skel->maps.hash),
	       "is_internal: sdk_api.rodata %d, hash %d", bpf_map__is_internal(rodata),
	       bpf_map__is_internal(skel->maps.hash));
	report("bpf_object__prev_program", &v);
}

static void expect_map(struct verdict *v, const struct bpf_map *map, enum bpf_map_type type, __u32 key_size,
		       __u32 value_size, __u32 max_entries)
{
	expect(v,
	       bpf_map__type(map) == type && bpf_map__key_size(map) == key_size &&
		       bpf_map__value_size(map) == value_size && bpf_map__max_entries(map) == max_entries,
	       "map %s: type %d, key %u, value %u, max %u; expected %d, %u, %u, %u", bpf_map__name(map),
	       bpf_map__type(map), bpf_map__key_size(map), bpf_map__value_size(map), bpf_map__max_entries(map), type,
	       key_size, value_size, max_entries);
}

static void check_attributes(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	expect_map(&v, skel->maps.hash, BPF_MAP_TYPE_HASH, 4, 8, 64);
	expect_map(&v, skel->maps.array, BPF_MAP_TYPE_ARRAY, 4, 8, 8);
	expect_map(&v, skel->maps.pcpu_array, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 4);
	expect_map(&v, skel->maps.pcpu_hash, BPF_MAP_TYPE_PERCPU_HASH, 4, 12, 16);
	expect_map(&v, skel->maps.big, BPF_MAP_TYPE_HASH, 4, 8, 1);
	expect_map(&v, skel->maps.ring_a, BPF_MAP_TYPE_RINGBUF, 0, 0, 1 << 16);
	expect(&v, bpf_map__type(skel->maps.perf) == BPF_MAP_TYPE_PERF_EVENT_ARRAY, "perf has type %d",
	       bpf_map__type(skel->maps.perf));
	report("bpf_map__attributes", &v);

	v = (struct verdict){ 0 };
	const char *section = bpf_program__section_name(skel->progs.sdk_api_tp);
	expect(&v, !strcmp(section, "tp/syscalls/sys_enter_getpgid"), "sdk_api_tp's section is \"%s\"", section);
	section = bpf_program__section_name(skel->progs.sdk_api_bad);
	expect(&v, !strcmp(section, "tp/syscalls/sys_enter_getpgid"), "sdk_api_bad's section is \"%s\"", section);
	expect(&v, !strcmp(bpf_program__name(skel->progs.sdk_api_idle), "sdk_api_idle"), "sdk_api_idle is called %s",
	       bpf_program__name(skel->progs.sdk_api_idle));
	report("bpf_program__section_name", &v);
}

static void check_configuration(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	expect(&v, bpf_program__autoload(skel->progs.sdk_api_tp) && bpf_program__autoload(skel->progs.sdk_api_idle),
	       "a plain SEC() program does not autoload");
	expect(&v, !bpf_program__autoload(skel->progs.sdk_api_bad), "a SEC(\"?...\") program autoloads");
	EXPECT_RET(&v, bpf_program__set_autoload(skel->progs.sdk_api_idle, false), 0);
	expect(&v, !bpf_program__autoload(skel->progs.sdk_api_idle), "sdk_api_idle still autoloads");
	report("bpf_program__set_autoload", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, bpf_map__set_max_entries(skel->maps.big, BIG_MAX_ENTRIES), 0);
	expect(&v, bpf_map__max_entries(skel->maps.big) == BIG_MAX_ENTRIES, "big has max_entries %u",
	       bpf_map__max_entries(skel->maps.big));
	report("bpf_map__set_max_entries", &v);

	v = (struct verdict){ 0 };
	expect(&v, skel->rodata->target_tid == 0 && skel->rodata->records_per_call == 2,
	       "rodata at open: target_tid %u, records_per_call %u", skel->rodata->target_tid,
	       skel->rodata->records_per_call);
	expect(&v, skel->data->data_calls == 7, "data_calls at open is %llu", (unsigned long long)skel->data->data_calls);
	expect(&v, skel->bss->calls == 0 && skel->bss->token == 0, "bss at open: calls %llu, token %u",
	       (unsigned long long)skel->bss->calls, skel->bss->token);
	__u64 wide = 0;
	__u32 narrow = 0;
	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "records_per_call", &narrow, sizeof(narrow)), 0);
	expect(&v, narrow == 2, "get_global(records_per_call) = %u before load", narrow);
	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "records_per_call", &wide, sizeof(wide)), EINVAL);
	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "no_such_global", &wide, sizeof(wide)), ENOENT);
	EXPECT_RET(&v, bpf_object__set_global(skel->obj, "no_such_global", &wide, sizeof(wide)), ENOENT);
	EXPECT_RET(&v, bpf_object__set_global(skel->obj, "target_tid", &wide, sizeof(wide)), EINVAL);
	report("globals.before_load", &v);
}

static void check_after_load(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	__u32 value = 0;

	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "target_tid", &value, sizeof(value)), 0);
	expect(&v, value == target_tid, "target_tid reads %u after load, set %u", value, target_tid);
	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "records_per_call", &value, sizeof(value)), 0);
	expect(&v, value == RECORDS_PER_CALL, "records_per_call reads %u after load", value);
	value = 1;
	EXPECT_RET(&v, bpf_object__set_global(skel->obj, "target_tid", &value, sizeof(value)), EINVAL);
	report("globals.rodata_after_load", &v);

	v = (struct verdict){ 0 };
	value = TOKEN;
	EXPECT_RET(&v, bpf_object__set_global(skel->obj, "token", &value, sizeof(value)), 0);
	value = 0;
	EXPECT_RET(&v, bpf_object__get_global(skel->obj, "token", &value, sizeof(value)), 0);
	expect(&v, value == TOKEN, "token reads %#x after set_global", value);
	report("globals.bss_set_after_load", &v);

	/* libbpf's answers to configuring a loaded object. */
	v = (struct verdict){ 0 };
	EXPECT_RET(&v, bpf_map__set_max_entries(skel->maps.hash, 128), EBUSY);
	expect(&v, bpf_map__max_entries(skel->maps.hash) == 64, "hash has max_entries %u",
	       bpf_map__max_entries(skel->maps.hash));
	EXPECT_RET(&v, bpf_program__set_autoload(skel->progs.sdk_api_idle, true), EINVAL);
	EXPECT_RET(&v, bpf_object__load(skel->obj), EINVAL);
	report("configure_after_load", &v);
}

/* ---- attaching ----------------------------------------------------------- */

static void check_attach(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	EXPECT_NULL(&v, bpf_program__attach(skel->progs.sdk_api_idle), EINVAL);
	EXPECT_NULL(&v, bpf_program__attach_tracepoint(skel->progs.sdk_api_tp, "syscalls", "no_such_tracepoint"),
		    ENOENT);
	/* Destroyed before the rounds: had it stayed attached, every record
	 * would come twice. */
	struct bpf_link *link = bpf_program__attach_tracepoint(skel->progs.sdk_api_tp, "syscalls", "sys_enter_getpgid");
	expect(&v, link != NULL, "attach_tracepoint: %s", libbpf_wasm_last_error());
	EXPECT_RET(&v, bpf_link__destroy(link), 0);
	EXPECT_RET(&v, bpf_link__destroy(NULL), 0);
	report("bpf_program__attach_tracepoint", &v);

	/* The skeleton attaches sdk_api_tp by its section, and skips the
	 * program that was not loaded. */
	v = (struct verdict){ 0 };
	EXPECT_RET(&v, sdk_api_bpf__attach(skel), 0);
	expect(&v, skel->links.sdk_api_tp && !skel->links.sdk_api_idle, "links: sdk_api_tp %p, sdk_api_idle %p",
	       (void *)skel->links.sdk_api_tp, (void *)skel->links.sdk_api_idle);
	EXPECT_RET(&v, sdk_api_bpf__attach(skel), 0);
	report("bpf_program__attach", &v);

	v = (struct verdict){ 0 };
	skel->links.sdk_api_raw = bpf_program__attach_raw_tracepoint(skel->progs.sdk_api_raw, "sys_enter");
	expect(&v, skel->links.sdk_api_raw != NULL, "attach_raw_tracepoint: %s", libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_program__attach_raw_tracepoint(skel->progs.sdk_api_raw, "no_such_tracepoint"), ENOENT);
	report("bpf_program__attach_raw_tracepoint", &v);

	v = (struct verdict){ 0 };
	if (have_kprobes) {
		LIBBPF_OPTS(bpf_kprobe_opts, cookie, .bpf_cookie = 0x6b70);
		skel->links.sdk_api_kp = bpf_program__attach_kprobe_opts(skel->progs.sdk_api_kp, kfunc, &cookie);
		expect(&v, skel->links.sdk_api_kp != NULL, "attach_kprobe_opts: %s", libbpf_wasm_last_error());
		skel->links.sdk_api_krp = bpf_program__attach_kprobe(skel->progs.sdk_api_krp, true, kfunc);
		expect(&v, skel->links.sdk_api_krp != NULL, "attach_kprobe(retprobe): %s", libbpf_wasm_last_error());
	} else {
		EXPECT_NULL(&v, bpf_program__attach_kprobe(skel->progs.sdk_api_kp, false, kfunc), ENOENT);
		EXPECT_NULL(&v, bpf_program__attach_kprobe(skel->progs.sdk_api_krp, true, kfunc), ENOENT);
	}
	EXPECT_NULL(&v, bpf_program__attach_kprobe(skel->progs.sdk_api_kp, false, "no_such_kernel_function"), ENOENT);
	report("bpf_program__attach_kprobe", &v);

	v = (struct verdict){ 0 };
	skel->links.sdk_api_up = bpf_program__attach_uprobe(skel->progs.sdk_api_up, false, target_pid, libc_path,
							     getpgid_offset);
	expect(&v, skel->links.sdk_api_up != NULL, "attach_uprobe: %s", libbpf_wasm_last_error());
	LIBBPF_OPTS(bpf_uprobe_opts, by_name, .func_name = "getpgid", .retprobe = true, .bpf_cookie = 0x5eed);
	skel->links.sdk_api_urp = bpf_program__attach_uprobe_opts(skel->progs.sdk_api_urp, target_pid, libc_path, 0,
								  &by_name);
	expect(&v, skel->links.sdk_api_urp != NULL, "attach_uprobe_opts: %s", libbpf_wasm_last_error());
	LIBBPF_OPTS(bpf_uprobe_opts, missing, .func_name = "no_such_function");
	EXPECT_NULL(&v, bpf_program__attach_uprobe_opts(skel->progs.sdk_api_up, target_pid, libc_path, 0, &missing),
		    ENOENT);
	report("bpf_program__attach_uprobe", &v);
}

/* The network attachments, on the driver's interface and cgroup. A
 * second XDP program on the interface is refused until the first one's
 * link is destroyed. */
static void check_net_attach(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	struct bpf_link *link = bpf_program__attach_xdp_ifname(skel->progs.sdk_api_xdp, ifname, XDP_FLAGS_SKB_MODE);
	expect(&v, link != NULL, "attach_xdp_ifname(%s): %s", ifname, libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_program__attach_xdp_ifname(skel->progs.sdk_api_xdp, ifname, XDP_FLAGS_SKB_MODE), EBUSY);
	EXPECT_RET(&v, bpf_link__destroy(link), 0);
	skel->links.sdk_api_xdp = bpf_program__attach_xdp_ifname(skel->progs.sdk_api_xdp, ifname, 0);
	expect(&v, skel->links.sdk_api_xdp != NULL, "attach_xdp_ifname after destroy: %s", libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_program__attach_xdp_ifname(skel->progs.sdk_api_xdp, "wbt-no-such", 0), ENOENT);
	report("bpf_program__attach_xdp_ifname", &v);

	v = (struct verdict){ 0 };
	skel->links.sdk_api_sock = bpf_program__attach_socket_filter_ifname(skel->progs.sdk_api_sock, ifname);
	expect(&v, skel->links.sdk_api_sock != NULL, "attach_socket_filter_ifname(%s): %s", ifname,
	       libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_program__attach_socket_filter_ifname(skel->progs.sdk_api_sock, "wbt-no-such"), ENOENT);
	report("bpf_program__attach_socket_filter_ifname", &v);

	v = (struct verdict){ 0 };
	skel->links.sdk_api_cg = bpf_program__attach_cgroup_path(skel->progs.sdk_api_cg, cgroup_path);
	expect(&v, skel->links.sdk_api_cg != NULL, "attach_cgroup_path(%s): %s", cgroup_path, libbpf_wasm_last_error());
	EXPECT_NULL(&v, bpf_program__attach_cgroup_path(skel->progs.sdk_api_cg, "/sys/fs/cgroup/wbt-no-such"), ENOENT);
	report("bpf_program__attach_cgroup_path", &v);
}

/* After round 1: each probe saw each call once (a return probe may fire
 * just after the tracepoint counted the last call: wait for it, as long
 * as run_round waits for the round, since a TCG VM under load is slow). */
static void check_probes(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	__u64 want = (__u64)calls_per_round, raw = 0;
	__u64 want_kprobe = have_kprobes ? want : 0;
	long long deadline = now_ms() + 30000;

	for (;;) {
		EXPECT_RET(&v, sdk_api_bpf__read_globals(skel), 0);
		__u32 nr = (__u32)skel->bss->getpgid_nr;
		raw = 0;
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.raw_counts), &nr, &raw);
		bool all = raw >= want && skel->bss->kprobe_hits >= want_kprobe &&
			   skel->bss->kretprobe_hits >= want_kprobe &&
			   skel->bss->uprobe_hits >= want && skel->bss->uretprobe_hits >= want;
		if (v.why[0] || all || now_ms() > deadline)
			break;
		usleep(5000);
	}
	expect(&v, skel->bss->getpgid_nr != 0, "the tracepoint saw no syscall number");
	expect(&v,
	       raw == want && skel->bss->kprobe_hits == want_kprobe && skel->bss->kretprobe_hits == want_kprobe &&
		       skel->bss->uprobe_hits == want && skel->bss->uretprobe_hits == want,
	       "raw_tp %llu, kprobe %llu, kretprobe %llu, uprobe %llu, uretprobe %llu; expected %llu (kprobes %llu)",
	       (unsigned long long)raw, (unsigned long long)skel->bss->kprobe_hits,
	       (unsigned long long)skel->bss->kretprobe_hits, (unsigned long long)skel->bss->uprobe_hits,
	       (unsigned long long)skel->bss->uretprobe_hits, (unsigned long long)want,
	       (unsigned long long)want_kprobe);
	expect(&v, skel->bss->uretprobe_cookie == 0x5eed, "uretprobe cookie %#llx, expected 0x5eed",
	       (unsigned long long)skel->bss->uretprobe_cookie);
	expect(&v, skel->bss->kprobe_cookie == (have_kprobes ? 0x6b70 : 0), "kprobe cookie %#llx",
	       (unsigned long long)skel->bss->kprobe_cookie);
	report("round1.probes", &v);
}

/* ---- maps by handle ------------------------------------------------------ */

/* bpf_program__fd and bpf_prog_test_run_opts: the XDP program run on a
 * frame the guest makes, its verdict and the frame it leaves. */
static void check_test_run(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	int fd = bpf_program__fd(skel->progs.sdk_api_xdp);
	expect(&v, fd >= 0 && fd != bpf_program__fd(skel->progs.sdk_api_sock), "bpf_program__fd = %d", fd);
	EXPECT_RET(&v, bpf_program__fd(NULL), EINVAL);
	report("bpf_program__fd", &v);

	v = (struct verdict){ 0 };
	unsigned char frame[64], out[128], small[10];
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (unsigned char)i;
	frame[12] = 0x08; /* an IPv4 EtherType: the program does not look */
	frame[13] = 0x00;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame), .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 3);
	EXPECT_RET(&v, bpf_prog_test_run_opts(fd, &opts), 0);
	expect(&v, opts.retval == 2, "retval %u, expected XDP_PASS (2)", opts.retval);
	expect(&v, opts.data_size_out == sizeof(frame) && memcmp(out, frame, sizeof(frame)) == 0,
	       "data back: %u bytes, expected the %zu of the frame", opts.data_size_out, sizeof(frame));
	LIBBPF_OPTS(bpf_test_run_opts, tight, .data_in = frame, .data_size_in = sizeof(frame), .data_out = small,
		    .data_size_out = sizeof(small));
	EXPECT_RET(&v, bpf_prog_test_run_opts(fd, &tight), ENOSPC);
	EXPECT_RET(&v, bpf_prog_test_run_opts(12345, &opts), EBADF);
	EXPECT_RET(&v, bpf_prog_test_run_opts(bpf_map__fd(skel->maps.hash), &opts), EBADF);
	report("bpf_prog_test_run_opts", &v);
}

/* NAME__read_globals between two waits: the kernel's values, which the
 * next wait must not write back over what the programs counted since
 * (the guest changed nothing). The XDP program counts its test runs;
 * no wait comes between the read and the second run. */
static void check_read_globals_then_wait(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	int fd = bpf_program__fd(skel->progs.sdk_api_xdp);
	unsigned char frame[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame));

	EXPECT_RET(&v, bpf_prog_test_run_opts(fd, &opts), 0);
	EXPECT_RET(&v, sdk_api_bpf__read_globals(skel), 0);
	__u64 seen = skel->bss->xdp_runs;
	EXPECT_RET(&v, bpf_prog_test_run_opts(fd, &opts), 0);
	usleep(2000);
	EXPECT_RET(&v, sdk_api_bpf__read_globals(skel), 0);
	expect(&v, seen >= 1 && skel->bss->xdp_runs == seen + 1, "xdp_runs %llu after a wait, read %llu before the run",
	       (unsigned long long)skel->bss->xdp_runs, (unsigned long long)seen);
	report("read_globals_then_wait", &v);
}

static void check_handles(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	const struct bpf_map *maps[] = { skel->maps.hash,   skel->maps.array,  skel->maps.pcpu_array, skel->maps.pcpu_hash,
					 skel->maps.big,    skel->maps.ring_a, skel->maps.ring_b,     skel->maps.perf };
	size_t n = sizeof(maps) / sizeof(maps[0]);

	for (size_t i = 0; i < n; i++) {
		int fd = bpf_map__fd(maps[i]);
		expect(&v, fd >= 0, "bpf_map__fd(%s) = %d", bpf_map__name(maps[i]), fd);
		expect(&v, bpf_object__find_map_fd_by_name(skel->obj, bpf_map__name(maps[i])) == fd,
		       "find_map_fd_by_name(%s) differs from bpf_map__fd", bpf_map__name(maps[i]));
		for (size_t j = 0; j < i; j++)
			expect(&v, bpf_map__fd(maps[j]) != fd, "%s and %s share handle %d", bpf_map__name(maps[j]),
			       bpf_map__name(maps[i]), fd);
	}
	EXPECT_RET(&v, bpf_map__fd(NULL), EINVAL);
	report("bpf_map__fd", &v);

	v = (struct verdict){ 0 };
	__u32 key = 1, next;
	__u64 value = 0;
	const int bogus[] = { -1, 0, 3, 12345 };
	for (size_t i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		int fd = bogus[i];
		EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), EBADF);
		EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_ANY), EBADF);
		EXPECT_RET(&v, bpf_map_delete_elem(fd, &key), EBADF);
		EXPECT_RET(&v, bpf_map_lookup_and_delete_elem(fd, &key, &value), EBADF);
		EXPECT_RET(&v, bpf_map_get_next_key(fd, NULL, &next), EBADF);
	}
	__u32 count = 1;
	EXPECT_RET(&v, bpf_map_update_batch(12345, &key, &value, &count, NULL), EBADF);
	EXPECT_RET(&v, bpf_map_delete_batch(12345, &key, &count, NULL), EBADF);
	EXPECT_RET(&v, bpf_map_lookup_batch(12345, NULL, &next, &key, &value, &count, NULL), EBADF);
	report("bpf_map.bogus_fd", &v);
}

/* A u64 value under `key`, or ~0 when the lookup failed. */
static __u64 lookup_u64(int fd, __u32 key)
{
	__u64 value;
	return bpf_map_lookup_elem(fd, &key, &value) ? ~0ull : value;
}

static void check_hash(struct sdk_api_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.hash);
	struct verdict v = { 0 };
	__u32 key = 1, missing = 2;
	__u64 value = 100;

	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_ANY), 0);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST), EEXIST);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &missing, &value, BPF_EXIST), ENOENT);
	value = 101;
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_EXIST), 0);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, 1234), EINVAL);
	report("bpf_map_update_elem", &v);

	v = (struct verdict){ 0 };
	value = 0;
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), 0);
	expect(&v, value == 101, "lookup(1) = %llu, expected 101", (unsigned long long)value);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &missing, &value), ENOENT);
	EXPECT_RET(&v, bpf_map_lookup_elem_flags(fd, &key, &value, 0), 0);
	report("bpf_map_lookup_elem", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, bpf_map_delete_elem(fd, &missing), ENOENT);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &missing, &value, BPF_NOEXIST), 0);
	EXPECT_RET(&v, bpf_map_delete_elem(fd, &missing), 0);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &missing, &value), ENOENT);
	report("bpf_map_delete_elem", &v);

	v = (struct verdict){ 0 };
	value = 0;
	EXPECT_RET(&v, bpf_map_lookup_and_delete_elem(fd, &key, &value), 0);
	expect(&v, value == 101, "lookup_and_delete(1) = %llu, expected 101", (unsigned long long)value);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), ENOENT);
	EXPECT_RET(&v, bpf_map_lookup_and_delete_elem(fd, &key, &value), ENOENT);
	report("bpf_map_lookup_and_delete_elem", &v);

	v = (struct verdict){ 0 };
	static const __u32 keys[] = { 3, 5, 7, 11, 13 };
	bool seen[5] = { false };
	__u32 cur, next;
	int n = 0, ret;
	EXPECT_RET(&v, bpf_map_get_next_key(fd, NULL, &next), ENOENT);
	for (int i = 0; i < 5; i++) {
		value = (__u64)keys[i] * keys[i];
		EXPECT_RET(&v, bpf_map_update_elem(fd, &keys[i], &value, BPF_NOEXIST), 0);
	}
	for (ret = bpf_map_get_next_key(fd, NULL, &next); ret == 0 && n < 10;
	     ret = bpf_map_get_next_key(fd, &cur, &next)) {
		int i = 0;
		while (i < 5 && keys[i] != next)
			i++;
		expect(&v, i < 5 && !seen[i], "key %u is unexpected or repeated", next);
		if (i < 5) {
			seen[i] = true;
			expect(&v, lookup_u64(fd, next) == (__u64)next * next, "value of %u is %llu", next,
			       (unsigned long long)lookup_u64(fd, next));
		}
		cur = next;
		n++;
	}
	expect(&v, ret == -ENOENT && errno == ENOENT, "iteration ended with %d, errno %d", ret, errno);
	expect(&v, n == 5, "%d keys iterated, expected 5", n);
	for (int i = 0; i < 5; i++)
		EXPECT_RET(&v, bpf_map_delete_elem(fd, &keys[i]), 0);
	EXPECT_RET(&v, bpf_map_get_next_key(fd, NULL, &next), ENOENT);
	report("bpf_map_get_next_key", &v);
}

/* bpf_map__*: the same calls with the caller's sizes checked. */
static void check_map_api(struct sdk_api_bpf *skel)
{
	const struct bpf_map *hash = skel->maps.hash;
	struct verdict v = { 0 };
	__u32 key = 21, next = 0;
	__u64 value = 2121, wide_key = 21, out = 0;

	EXPECT_RET(&v, bpf_map__update_elem(hash, &key, sizeof(key), &value, sizeof(value), BPF_NOEXIST), 0);
	EXPECT_RET(&v, bpf_map__lookup_elem(hash, &key, sizeof(key), &out, sizeof(out), 0), 0);
	expect(&v, out == 2121, "bpf_map__lookup_elem = %llu", (unsigned long long)out);
	EXPECT_RET(&v, bpf_map__get_next_key(hash, NULL, &next, sizeof(next)), 0);
	expect(&v, next == 21, "bpf_map__get_next_key(NULL) = %u", next);
	EXPECT_RET(&v, bpf_map__get_next_key(hash, &key, &next, sizeof(next)), ENOENT);
	out = 0;
	EXPECT_RET(&v, bpf_map__lookup_and_delete_elem(hash, &key, sizeof(key), &out, sizeof(out), 0), 0);
	expect(&v, out == 2121, "bpf_map__lookup_and_delete_elem = %llu", (unsigned long long)out);
	EXPECT_RET(&v, bpf_map__delete_elem(hash, &key, sizeof(key), 0), ENOENT);
	EXPECT_RET(&v, bpf_map__update_elem(hash, &key, sizeof(key), &value, sizeof(value), BPF_ANY), 0);
	EXPECT_RET(&v, bpf_map__delete_elem(hash, &key, sizeof(key), 0), 0);
	report("bpf_map__elem", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, bpf_map__lookup_elem(hash, &wide_key, sizeof(wide_key), &out, sizeof(out), 0), EINVAL);
	EXPECT_RET(&v, bpf_map__update_elem(hash, &key, 2, &value, sizeof(value), BPF_ANY), EINVAL);
	EXPECT_RET(&v, bpf_map__delete_elem(hash, &wide_key, sizeof(wide_key), 0), EINVAL);
	EXPECT_RET(&v, bpf_map__lookup_and_delete_elem(hash, &wide_key, sizeof(wide_key), &out, sizeof(out), 0),
		   EINVAL);
	EXPECT_RET(&v, bpf_map__get_next_key(hash, NULL, &wide_key, sizeof(wide_key)), EINVAL);
	report("bpf_map__wrong_key_size", &v);

	v = (struct verdict){ 0 };
	__u32 narrow = 0;
	unsigned char wide[32] = { 0 };
	EXPECT_RET(&v, bpf_map__lookup_elem(hash, &key, sizeof(key), &narrow, sizeof(narrow), 0), EINVAL);
	EXPECT_RET(&v, bpf_map__update_elem(hash, &key, sizeof(key), wide, 16, BPF_ANY), EINVAL);
	EXPECT_RET(&v, bpf_map__lookup_and_delete_elem(hash, &key, sizeof(key), wide, 16, 0), EINVAL);
	/* A per-CPU value buffer must hold every CPU's padded slot. */
	size_t unpadded = (size_t)cpus * bpf_map__value_size(skel->maps.pcpu_hash);
	void *buf = calloc(1, unpadded);
	EXPECT_RET(&v, bpf_map__lookup_elem(skel->maps.pcpu_hash, &key, sizeof(key), buf, unpadded, 0), EINVAL);
	EXPECT_RET(&v, bpf_map__lookup_elem(skel->maps.pcpu_array, &key, sizeof(key), &out, sizeof(out) * (cpus + 1), 0),
		   EINVAL);
	free(buf);
	report("bpf_map__wrong_value_size", &v);
}

static void check_array(struct sdk_api_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.array);
	struct verdict v = { 0 };
	__u32 key = 5, past = 8, next, cur;
	__u64 value = 1;

	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), 0);
	expect(&v, value == 0, "array[5] starts at %llu", (unsigned long long)value);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &past, &value), ENOENT);
	value = 55;
	EXPECT_RET(&v, bpf_map_update_elem(fd, &past, &value, BPF_ANY), E2BIG);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST), EEXIST);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, &value, BPF_EXIST), 0);
	expect(&v, lookup_u64(fd, key) == 55, "array[5] = %llu after update", (unsigned long long)lookup_u64(fd, key));
	EXPECT_RET(&v, bpf_map_delete_elem(fd, &key), EINVAL);
	report("array.elem", &v);

	v = (struct verdict){ 0 };
	__u32 want = 0;
	int ret;
	for (ret = bpf_map_get_next_key(fd, NULL, &next); ret == 0 && want < 20;
	     ret = bpf_map_get_next_key(fd, &cur, &next)) {
		expect(&v, next == want, "key %u came where %u was due", next, want);
		cur = next;
		want++;
	}
	expect(&v, ret == -ENOENT && want == 8, "iteration ended with %d after %u keys", ret, want);
	report("array.get_next_key", &v);
}

static void check_percpu(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	expect(&v, libbpf_num_possible_cpus() == cpus, "libbpf_num_possible_cpus() = %d, the driver counts %d",
	       libbpf_num_possible_cpus(), cpus);
	report("libbpf_num_possible_cpus", &v);

	v = (struct verdict){ 0 };
	int fd = bpf_map__fd(skel->maps.pcpu_array);
	__u32 key = 1;
	__u64 *values = calloc(cpus, sizeof(*values));
	for (int cpu = 0; cpu < cpus; cpu++)
		values[cpu] = (__u64)cpu * 10 + 1;
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, values, BPF_ANY), 0);
	memset(values, 0xff, cpus * sizeof(*values));
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, values), 0);
	for (int cpu = 0; cpu < cpus; cpu++)
		expect(&v, values[cpu] == (__u64)cpu * 10 + 1, "cpu %d reads %llu", cpu, (unsigned long long)values[cpu]);
	free(values);
	report("percpu_array.elem", &v);

	/* 12-byte values in 16-byte slots. */
	v = (struct verdict){ 0 };
	fd = bpf_map__fd(skel->maps.pcpu_hash);
	const size_t stride = 16;
	unsigned char *buf = malloc(stride * cpus);
	key = 9;
	memset(buf, 0xaa, stride * cpus);
	for (int cpu = 0; cpu < cpus; cpu++)
		memcpy(buf + cpu * stride, &(struct sdk_api_triple){ cpu, cpu * 2 + 1, cpu * 3 + 2 },
		       sizeof(struct sdk_api_triple));
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, buf, BPF_NOEXIST), 0);
	EXPECT_RET(&v, bpf_map_update_elem(fd, &key, buf, BPF_NOEXIST), EEXIST);
	memset(buf, 0x55, stride * cpus);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, buf), 0);
	for (int cpu = 0; cpu < cpus; cpu++) {
		struct sdk_api_triple t;
		memcpy(&t, buf + cpu * stride, sizeof(t));
		expect(&v, t.a == (__u32)cpu && t.b == (__u32)cpu * 2 + 1 && t.c == (__u32)cpu * 3 + 2,
		       "cpu %d reads {%u, %u, %u}", cpu, t.a, t.b, t.c);
	}
	/* The SDK's one per-CPU gap, as its header says. */
	EXPECT_RET(&v, bpf_map_lookup_and_delete_elem(fd, &key, buf), EINVAL);
	key = 10;
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, buf), ENOENT);
	EXPECT_RET(&v, bpf_map__lookup_elem(skel->maps.pcpu_hash, &key, sizeof(key), buf, stride * cpus, 0), ENOENT);
	free(buf);
	report("percpu_hash.elem", &v);
}

/* Reads every entry of map `fd` in pages of `page` with
 * bpf_map_lookup_batch; calls `entry` on each. Returns the entries read,
 * or -1 after recording a failure. */
static int read_batches(struct verdict *v, int fd, __u32 page, size_t value_size,
			void (*entry)(struct verdict *v, __u32 key, const void *value, void *ctx), void *ctx)
{
	__u32 *keys = calloc(page, sizeof(*keys));
	unsigned char *values = calloc(page, value_size);
	__u32 in_cursor, out_cursor;
	void *in = NULL;
	int total = 0, ret = 0;

	for (int calls = 0; calls < 10000; calls++) {
		__u32 count = page;
		ret = bpf_map_lookup_batch(fd, in, &out_cursor, keys, values, &count, NULL);
		int err = errno;
		/* A hash map's batch holds whole buckets: one with more entries
		 * than the page is ENOSPC, and where the keys fall depends on
		 * the map's random hash seed. A bigger page reads it. */
		if (ret == -ENOSPC && page < 1024) {
			page *= 2;
			keys = realloc(keys, page * sizeof(*keys));
			values = realloc(values, page * value_size);
			if (!keys || !values)
				break;
			continue;
		}
		expect(v, ret == 0 || (ret == -ENOENT && err == ENOENT), "lookup_batch = %d (%s)", ret, strerror(err));
		expect(v, count <= page, "a page of %u entries, asked for %u", count, page);
		if ((ret && ret != -ENOENT) || count > page)
			break;
		for (__u32 i = 0; i < count; i++)
			entry(v, keys[i], values + i * value_size, ctx);
		total += count;
		if (ret == -ENOENT)
			break;
		in_cursor = out_cursor;
		in = &in_cursor;
	}
	free(keys);
	free(values);
	return ret == -ENOENT ? total : -1;
}

/* Which keys of `big` a batch read saw, by index (key = index * 7 + 1). */
struct big_seen {
	unsigned char times[BIG_ENTRIES];
};

static void big_entry(struct verdict *v, __u32 key, const void *value, void *ctx)
{
	struct big_seen *seen = ctx;
	__u64 val;

	memcpy(&val, value, sizeof(val));
	expect(v, key % 7 == 1 && key / 7 < BIG_ENTRIES, "unexpected key %u", key);
	if (key % 7 == 1 && key / 7 < BIG_ENTRIES)
		seen->times[key / 7]++;
	expect(v, val == (__u64)key * 3, "key %u has value %llu", key, (unsigned long long)val);
}

static void check_batches(struct sdk_api_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.big);
	struct verdict v = { 0 };
	static __u32 keys[BIG_ENTRIES];
	static __u64 values[BIG_ENTRIES];
	struct big_seen seen = { 0 };
	__u32 count;

	for (int i = 0; i < BIG_ENTRIES; i++) {
		keys[i] = i * 7 + 1;
		values[i] = (__u64)keys[i] * 3;
	}
	count = BIG_ENTRIES;
	EXPECT_RET(&v, bpf_map_update_batch(fd, keys, values, &count, NULL), 0);
	expect(&v, count == BIG_ENTRIES, "update_batch did %u", count);
	/* 30 new keys where 24 fit: the kernel stores 24, then stops. */
	static __u32 extra[30];
	for (int i = 0; i < 30; i++)
		extra[i] = 100000 + i;
	count = 30;
	EXPECT_RET(&v, bpf_map_update_batch(fd, extra, values, &count, NULL), E2BIG);
	expect(&v, count == BIG_MAX_ENTRIES - BIG_ENTRIES, "update_batch past max_entries reports %u done, expected %d",
	       count, BIG_MAX_ENTRIES - BIG_ENTRIES);
	count = BIG_MAX_ENTRIES - BIG_ENTRIES;
	EXPECT_RET(&v, bpf_map_delete_batch(fd, extra, &count, NULL), 0);
	expect(&v, count == BIG_MAX_ENTRIES - BIG_ENTRIES, "delete_batch did %u", count);
	/* The kernel takes no per-element update flag in a batch but
	 * BPF_F_LOCK; wasi:bpf honours BPF_NOEXIST entry by entry, and the
	 * first of these keys exists. */
	LIBBPF_OPTS(bpf_map_batch_opts, noexist, .elem_flags = BPF_NOEXIST);
	count = 10;
	EXPECT_RET(&v, bpf_map_update_batch(fd, keys, values, &count, &noexist), EEXIST);
	expect(&v, count == 0, "a no-exist batch stopped at its first key did %u", count);
	report("bpf_map_update_batch", &v);

	v = (struct verdict){ 0 };
	int total = read_batches(&v, fd, BATCH_PAGE, sizeof(__u64), big_entry, &seen);
	expect(&v, total == BIG_ENTRIES, "%d entries read, expected %d", total, BIG_ENTRIES);
	for (int i = 0; i < BIG_ENTRIES; i++)
		expect(&v, seen.times[i] == 1, "key %d seen %d times", i * 7 + 1, seen.times[i]);
	__u32 cursor, key;
	__u64 value;
	count = 0;
	EXPECT_RET(&v, bpf_map_lookup_batch(fd, NULL, &cursor, &key, &value, &count, NULL), EINVAL);
	report("bpf_map_lookup_batch", &v);

	/* Delete every even index, then a batch whose third key is gone:
	 * the kernel stops there, after two. */
	v = (struct verdict){ 0 };
	static __u32 even[BIG_ENTRIES / 2];
	for (int i = 0; i < BIG_ENTRIES / 2; i++)
		even[i] = keys[2 * i];
	count = BIG_ENTRIES / 2;
	EXPECT_RET(&v, bpf_map_delete_batch(fd, even, &count, NULL), 0);
	expect(&v, count == BIG_ENTRIES / 2, "delete_batch did %u", count);
	__u32 partly[] = { keys[1], keys[3], keys[0], keys[5] };
	count = 4;
	EXPECT_RET(&v, bpf_map_delete_batch(fd, partly, &count, NULL), ENOENT);
	expect(&v, count == 2, "delete_batch stopped at a missing key reports %u done, expected 2", count);
	memset(&seen, 0, sizeof(seen));
	total = read_batches(&v, fd, BATCH_PAGE, sizeof(__u64), big_entry, &seen);
	expect(&v, total == BIG_ENTRIES / 2 - 2, "%d entries left, expected %d", total, BIG_ENTRIES / 2 - 2);
	for (int i = 0; i < BIG_ENTRIES; i++) {
		int want = i % 2 && i != 1 && i != 3;
		expect(&v, seen.times[i] == want, "key %d seen %d times, expected %d", i * 7 + 1, seen.times[i], want);
	}
	report("bpf_map_delete_batch", &v);
}

/* Per-CPU batches: the kernel's layout, slot by slot. */
struct pcpu_seen {
	int entries;
	bool seen[32];
};

static void pcpu_entry(struct verdict *v, __u32 key, const void *value, void *ctx)
{
	struct pcpu_seen *seen = ctx;

	expect(v, key < 32 && !seen->seen[key], "unexpected or repeated key %u", key);
	if (key < 32)
		seen->seen[key] = true;
	seen->entries++;
	for (int cpu = 0; cpu < cpus; cpu++) {
		struct sdk_api_triple t;
		memcpy(&t, (const unsigned char *)value + cpu * 16, sizeof(t));
		__u32 base = key == 9 ? 0 : key * 100;
		expect(v, t.a == base + cpu && t.b == base + cpu * 2 + 1 && t.c == base + cpu * 3 + 2,
		       "key %u cpu %d: {%u, %u, %u}", key, cpu, t.a, t.b, t.c);
	}
}

static void check_percpu_batches(struct sdk_api_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.pcpu_hash);
	struct verdict v = { 0 };
	const size_t stride = 16;
	__u32 keys[4] = { 20, 21, 22, 23 }, count = 4;
	unsigned char *values = calloc(4, stride * cpus);
	struct pcpu_seen seen = { 0 };

	for (int k = 0; k < 4; k++)
		for (int cpu = 0; cpu < cpus; cpu++) {
			__u32 base = keys[k] * 100;
			memcpy(values + (k * cpus + cpu) * stride,
			       &(struct sdk_api_triple){ base + cpu, base + cpu * 2 + 1, base + cpu * 3 + 2 },
			       sizeof(struct sdk_api_triple));
		}
	EXPECT_RET(&v, bpf_map_update_batch(fd, keys, values, &count, NULL), 0);
	expect(&v, count == 4, "update_batch did %u", count);
	free(values);
	int total = read_batches(&v, fd, 3, stride * cpus, pcpu_entry, &seen);
	expect(&v, total == 5 && seen.seen[9] && seen.seen[20] && seen.seen[23], "%d entries read, expected 5", total);
	report("percpu_hash.batch", &v);
}

/* ---- ring and perf buffers ------------------------------------------------ */

/* One ring's callback state: the record it expects next, in the order the
 * kernel wrote them. */
struct ring_ctx {
	char ring;
	size_t size;
	__u64 seq;
	__u32 idx;
	/* Records taken since the last reset. */
	int got;
	/* Return STOP_ERR on this record since the reset (0: never). */
	int stop_at;
	char why[200];
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct ring_ctx *c = ctx;
	struct sdk_api_record r = { 0 };

	memcpy(&r, data, size < sizeof(r) ? size : sizeof(r));
	if (!c->why[0]) {
		if (size != c->size)
			snprintf(c->why, sizeof(c->why), "record %d has %zu bytes, expected %zu", c->got + 1, size,
				 c->size);
		else if (r.ring != (__u32)c->ring || r.seq != c->seq || r.idx != c->idx)
			snprintf(c->why, sizeof(c->why), "got ring %c seq %llu idx %u where ring %c seq %llu idx %u was due",
				 (char)r.ring, (unsigned long long)r.seq, r.idx, c->ring, (unsigned long long)c->seq, c->idx);
		else if (c->ring == 'b' && (r.arg != r.seq || r.check != r.seq * 1000 + r.idx))
			snprintf(c->why, sizeof(c->why), "seq %llu idx %u: arg %llu, check %llu",
				 (unsigned long long)r.seq, r.idx, (unsigned long long)r.arg,
				 (unsigned long long)r.check);
	}
	if (++c->idx == RECORDS_PER_CALL) {
		c->idx = 0;
		c->seq++;
	}
	c->got++;
	return c->got == c->stop_at ? STOP_ERR : 0;
}

static void expect_records(struct verdict *v, struct ring_ctx *c, int got)
{
	expect(v, !c->why[0], "ring %c: %s", c->ring, c->why);
	expect(v, c->got == got, "ring %c: %d records, expected %d", c->ring, c->got, got);
	c->got = 0;
	c->stop_at = 0;
}

struct perf_ctx {
	/* Samples per seq. */
	unsigned char *times;
	int max_seq;
	int got;
	__u64 lost;
	char why[200];
};

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct perf_ctx *c = ctx;
	struct sdk_api_record r = { 0 };

	memcpy(&r, data, size < sizeof(r) ? size : sizeof(r));
	c->got++;
	if (c->why[0])
		return;
	if (cpu < 0 || cpu >= cpus)
		snprintf(c->why, sizeof(c->why), "a sample from cpu %d", cpu);
	else if (size != PERF_SAMPLE_SIZE || r.ring != 'p' || r.arg != r.seq || r.check != r.seq * 1000 ||
		 r.seq >= (__u64)c->max_seq)
		snprintf(c->why, sizeof(c->why), "sample of %u bytes: ring %c seq %llu arg %llu check %llu", size,
			 (char)r.ring, (unsigned long long)r.seq, (unsigned long long)r.arg, (unsigned long long)r.check);
	else
		c->times[r.seq]++;
}

static void on_lost(void *ctx, int cpu, __u64 count)
{
	(void)cpu;
	((struct perf_ctx *)ctx)->lost += count;
}

/* Expects exactly one sample of each seq in [from, to) since the last
 * call. */
static void expect_samples(struct verdict *v, struct perf_ctx *c, int from, int to)
{
	expect(v, !c->why[0], "perf: %s", c->why);
	expect(v, c->got == to - from, "perf: %d samples, expected %d", c->got, to - from);
	expect(v, c->lost == 0, "perf: %llu lost", (unsigned long long)c->lost);
	for (int seq = from; seq < to; seq++)
		expect(v, c->times[seq] == 1, "perf: seq %d came %d times", seq, c->times[seq]);
	c->got = 0;
}

/* Asks the driver for round `round` and waits until the tracepoint has
 * counted all its calls (it counts each call after its records). */
static void run_round(struct sdk_api_bpf *skel, int round)
{
	struct verdict v = { 0 };
	char name[32];
	__u64 want = (__u64)calls_per_round * round;
	long long deadline = now_ms() + 30000;

	printf("%s\n", round == 1 ? "ready" : "again");
	while (now_ms() < deadline) {
		EXPECT_RET(&v, sdk_api_bpf__read_globals(skel), 0);
		if (v.why[0] || skel->bss->calls >= want)
			break;
		usleep(5000);
	}
	expect(&v, skel->bss->calls == want, "calls = %llu, expected %llu", (unsigned long long)skel->bss->calls,
	       (unsigned long long)want);
	expect(&v, skel->data->data_calls == 7 + want, "data_calls = %llu, expected %llu",
	       (unsigned long long)skel->data->data_calls, (unsigned long long)(7 + want));
	expect(&v, skel->bss->token == TOKEN, "token = %#x", skel->bss->token);
	snprintf(name, sizeof(name), "round%d.read_globals", round);
	report(name, &v);
}


/* ---- libbpf's tables, and what a guest cannot have ------------------------ */

static void check_libbpf_tables(void)
{
	struct verdict v = { 0 };
	enum bpf_prog_type type = 0;
	enum bpf_attach_type attach = 0;

	EXPECT_RET(&v, libbpf_prog_type_by_name("tp/syscalls/sys_enter_getpgid", &type, &attach), 0);
	expect(&v, type == BPF_PROG_TYPE_TRACEPOINT && attach == 0, "tp/...: type %d, attach %d", type, attach);
	EXPECT_RET(&v, libbpf_prog_type_by_name("cgroup_skb/ingress", &type, &attach), 0);
	expect(&v, type == BPF_PROG_TYPE_CGROUP_SKB && attach == BPF_CGROUP_INET_INGRESS,
	       "cgroup_skb/ingress: type %d, attach %d", type, attach);
	EXPECT_RET(&v, libbpf_prog_type_by_name("fentry.s/do_sys_open", &type, &attach), 0);
	expect(&v, type == BPF_PROG_TYPE_TRACING && attach == BPF_TRACE_FENTRY, "fentry.s/...: type %d, attach %d",
	       type, attach);
	/* "kprobe+" takes "kprobe" and "kprobe/..." only. */
	EXPECT_RET(&v, libbpf_prog_type_by_name("kprobe_x", &type, &attach), ESRCH);
	EXPECT_RET(&v, libbpf_prog_type_by_name("no_such_section", &type, &attach), ESRCH);
	EXPECT_RET(&v, libbpf_attach_type_by_name("cgroup/connect4", &attach), 0);
	expect(&v, attach == BPF_CGROUP_INET4_CONNECT, "cgroup/connect4: attach %d", attach);
	EXPECT_RET(&v, libbpf_attach_type_by_name("kprobe/do_sys_open", &attach), EINVAL);
	EXPECT_RET(&v, libbpf_attach_type_by_name(NULL, &attach), EINVAL);
	report("libbpf_prog_type_by_name", &v);

	v = (struct verdict){ 0 };
	const char *got[] = { libbpf_bpf_map_type_str(BPF_MAP_TYPE_RINGBUF),
			      libbpf_bpf_prog_type_str(BPF_PROG_TYPE_CGROUP_SOCK_ADDR),
			      libbpf_bpf_attach_type_str(BPF_TRACE_FENTRY),
			      libbpf_bpf_link_type_str(BPF_LINK_TYPE_PERF_EVENT),
			      libbpf_bpf_map_type_str(BPF_MAP_TYPE_CGROUP_STORAGE),
			      libbpf_version_string() };
	const char *want[] = { "ringbuf", "cgroup_sock_addr", "trace_fentry", "perf_event", "cgroup_storage", "v1.1" };
	for (size_t i = 0; i < sizeof(got) / sizeof(got[0]); i++)
		expect(&v, got[i] && !strcmp(got[i], want[i]), "\"%s\", expected \"%s\"", got[i] ? got[i] : "(null)",
		       want[i]);
	expect(&v, !libbpf_bpf_map_type_str((enum bpf_map_type)9999), "a name for map type 9999");
	expect(&v, libbpf_major_version() == 1 && libbpf_minor_version() == 1, "version %u.%u",
	       libbpf_major_version(), libbpf_minor_version());
	char buf[64];
	EXPECT_RET(&v, libbpf_strerror(-LIBBPF_ERRNO__VERIFY, buf, sizeof(buf)), 0);
	expect(&v, !strcmp(buf, "the kernel's verifier rejected the program"), "LIBBPF_ERRNO__VERIFY: \"%s\"", buf);
	EXPECT_RET(&v, libbpf_strerror(9999, buf, sizeof(buf)), ENOENT);
	expect(&v, !strcmp(buf, "Unknown libbpf error 9999"), "9999: \"%s\"", buf);
	EXPECT_RET(&v, libbpf_strerror(ENOENT, buf, 4), ERANGE);
	report("libbpf_type_names", &v);
}

/* With `count_print` installed (by the caller): each stub fails as
 * libbpf fails for a missing feature and says why. */
static void check_unsupported(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };
	int warnings = printed.warnings;

	__u32 prog_cnt = 0;
	EXPECT_RET(&v, bpf_prog_query(0, BPF_CGROUP_INET_EGRESS, 0, NULL, NULL, &prog_cnt), EOPNOTSUPP);
	expect(&v, !strcmp(printed.last, "libbpf: bpf_prog_query is not supported in a wasi:bpf guest: it takes or "
					 "gives kernel fds, which no guest has\n"),
	       "warning \"%s\"", printed.last);
	EXPECT_RET(&v, bpf_object__gen_loader(skel->obj, NULL), EOPNOTSUPP);
	EXPECT_RET(&v, bpf_prog_load(BPF_PROG_TYPE_XDP, "p", "GPL", NULL, 0, NULL), EOPNOTSUPP);
	EXPECT_RET(&v, bpf_enable_stats(BPF_STATS_RUN_TIME), EOPNOTSUPP);
	expect(&v, printed.warnings == warnings + 4, "%d warnings, expected 4", printed.warnings - warnings);
	report("unsupported", &v);
}

/* ---- the same object through bpftool's skeleton ---------------------------- */

/* Opened, loaded and attached before round 1 beside the SDK's skeleton:
 * its tracepoint program counts the driver's calls in its own .bss, and
 * its raw tracepoint program, attached by handle, in its own map. */
static struct sdk_api_libbpf *lskel;
static int raw_link_fd = -1;

static void check_bpftool_skeleton(void)
{
	struct verdict v = { 0 };

	lskel = sdk_api_libbpf__open();
	expect(&v, lskel != NULL, "sdk_api_libbpf__open: %s", libbpf_wasm_last_error());
	if (!lskel) {
		report("bpf_object__open_skeleton", &v);
		return;
	}
	expect(&v, !strcmp(bpf_object__name(lskel->obj), "sdk_api_libbpf"), "object name %s",
	       bpf_object__name(lskel->obj));
	expect(&v, lskel->maps.hash == bpf_object__find_map_by_name(lskel->obj, "hash"), "maps.hash is not the map");
	expect(&v, lskel->progs.sdk_api_raw == bpf_object__find_program_by_name(lskel->obj, "sdk_api_raw"),
	       "progs.sdk_api_raw is not the program");
	expect(&v, lskel->rodata && lskel->rodata->records_per_call == 2 && lskel->data && lskel->data->data_calls == 7,
	       "the data sections' initial values are not mapped");
	report("bpf_object__open_skeleton", &v);

	/* Only the two tracepoint programs: the others need targets. */
	v = (struct verdict){ 0 };
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, lskel->obj)
		if (prog != lskel->progs.sdk_api_tp && prog != lskel->progs.sdk_api_raw)
			EXPECT_RET(&v, bpf_program__set_autoload(prog, false), 0);
	expect(&v, bpf_program__autoattach(lskel->progs.sdk_api_tp), "autoattach is off by default");
	expect(&v, bpf_program__flags(lskel->progs.sdk_api_tp) == 0, "flags %#x", bpf_program__flags(lskel->progs.sdk_api_tp));
	lskel->rodata->target_tid = target_tid;
	EXPECT_RET(&v, sdk_api_libbpf__load(lskel), 0);
	__u32 tid = 0;
	EXPECT_RET(&v, bpf_object__get_global(lskel->obj, "target_tid", &tid, sizeof(tid)), 0);
	expect(&v, tid == target_tid, "target_tid %u after load, the skeleton's rodata said %u", tid, target_tid);
	report("bpf_object__load_skeleton", &v);

	/* A bare SEC("raw_tp") is not attached by the skeleton (no target),
	 * nor are programs not loaded. */
	v = (struct verdict){ 0 };
	EXPECT_RET(&v, sdk_api_libbpf__attach(lskel), 0);
	expect(&v, lskel->links.sdk_api_tp && !lskel->links.sdk_api_raw && !lskel->links.sdk_api_idle,
	       "links: tp %p, raw %p, idle %p", (void *)lskel->links.sdk_api_tp, (void *)lskel->links.sdk_api_raw,
	       (void *)lskel->links.sdk_api_idle);
	report("bpf_object__attach_skeleton", &v);

	v = (struct verdict){ 0 };
	raw_link_fd = bpf_raw_tracepoint_open("sys_enter", bpf_program__fd(lskel->progs.sdk_api_raw));
	expect(&v, raw_link_fd >= 0, "bpf_raw_tracepoint_open = %d: %s", raw_link_fd, libbpf_wasm_last_error());
	EXPECT_RET(&v, bpf_raw_tracepoint_open("sys_enter", bpf_map__fd(lskel->maps.hash)), EBADF);
	report("bpf_raw_tracepoint_open", &v);

	v = (struct verdict){ 0 };
	struct bpf_prog_info prog_info = { 0 };
	struct bpf_map_info map_info = { 0 };
	__u32 len = sizeof(prog_info);
	EXPECT_RET(&v, bpf_obj_get_info_by_fd(bpf_program__fd(lskel->progs.sdk_api_tp), &prog_info, &len), 0);
	expect(&v, prog_info.type == BPF_PROG_TYPE_TRACEPOINT && !strcmp(prog_info.name, "sdk_api_tp") && prog_info.id,
	       "program info: type %u, name %s, id %u", prog_info.type, prog_info.name, prog_info.id);
	len = sizeof(map_info);
	EXPECT_RET(&v, bpf_obj_get_info_by_fd(bpf_map__fd(lskel->maps.hash), &map_info, &len), 0);
	expect(&v, map_info.type == BPF_MAP_TYPE_HASH && map_info.max_entries == 64 && !strcmp(map_info.name, "hash"),
	       "map info: type %u, max_entries %u, name %s", map_info.type, map_info.max_entries, map_info.name);
	int link_fd = bpf_link__fd(lskel->links.sdk_api_tp);
	expect(&v, link_fd >= 0, "bpf_link__fd = %d", link_fd);
	/* A tracepoint's link: a perf event link, running sdk_api_tp. */
	struct bpf_link_info link_info = { 0 };
	len = sizeof(link_info);
	EXPECT_RET(&v, bpf_obj_get_info_by_fd(link_fd, &link_info, &len), 0);
	expect(&v, link_info.type == BPF_LINK_TYPE_PERF_EVENT && link_info.prog_id == prog_info.id && link_info.id,
	       "link info: type %u, prog_id %u, id %u", link_info.type, link_info.prog_id, link_info.id);
	EXPECT_RET(&v, bpf_obj_get_info_by_fd(12345, &map_info, &len), EBADF);
	expect(&v, !bpf_link__pin_path(lskel->links.sdk_api_tp), "a pin path");
	report("bpf_obj_get_info_by_fd", &v);
}

/* A u64 global of the bpftool skeleton's object. */
static __u64 lskel_global(const char *name)
{
	__u64 value = ~0ULL;
	bpf_object__get_global(lskel->obj, name, &value, sizeof(value));
	return value;
}

/* Waits until the bpftool skeleton's programs counted `want` calls. */
static void expect_lskel_counts(struct verdict *v, __u64 want_calls, __u64 want_raw)
{
	long long deadline = now_ms() + 10000;
	__u64 calls, raw = 0;
	do {
		calls = lskel_global("calls");
		__u32 nr = (__u32)lskel_global("getpgid_nr");
		raw = 0;
		bpf_map_lookup_elem(bpf_map__fd(lskel->maps.raw_counts), &nr, &raw);
		if (calls >= want_calls && raw >= want_raw)
			break;
		usleep(5000);
	} while (now_ms() < deadline);
	expect(v, calls == want_calls && raw == want_raw, "calls %llu, raw tracepoint count %llu; expected %llu, %llu",
	       (unsigned long long)calls, (unsigned long long)raw, (unsigned long long)want_calls,
	       (unsigned long long)want_raw);
}

/* After round 1: both programs counted the round; the raw tracepoint's
 * link is detached by handle, the tracepoint's disconnected and freed. */
static void check_bpftool_skeleton_round1(void)
{
	struct verdict v = { 0 };

	if (!lskel)
		return;
	expect_lskel_counts(&v, calls_per_round, calls_per_round);
	report("round1.bpftool_skeleton", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, bpf_link_detach(raw_link_fd), 0);
	EXPECT_RET(&v, bpf_link_detach(raw_link_fd), 0);
	EXPECT_RET(&v, bpf_link_detach(12345), EBADF);
	EXPECT_RET(&v, bpf_link_detach(bpf_map__fd(lskel->maps.hash)), EBADF);
	report("bpf_link_detach", &v);

	v = (struct verdict){ 0 };
	int link_fd = bpf_link__fd(lskel->links.sdk_api_tp);
	bpf_link__disconnect(lskel->links.sdk_api_tp);
	sdk_api_libbpf__detach(lskel);
	expect(&v, !lskel->links.sdk_api_tp, "detach_skeleton left the link");
	EXPECT_RET(&v, bpf_link_detach(link_fd), EBADF);
	report("bpf_link__disconnect", &v);
}

/* After round 2: the disconnected tracepoint link still counts, the
 * detached raw tracepoint does not; destroying the skeleton ends both. */
static void check_bpftool_skeleton_round2(void)
{
	struct verdict v = { 0 };

	if (!lskel)
		return;
	expect_lskel_counts(&v, 2 * calls_per_round, calls_per_round);
	/* A link outliving its object: destroying it still works. */
	struct bpf_link *held = bpf_program__attach_raw_tracepoint(lskel->progs.sdk_api_raw, "sys_enter");
	expect(&v, held != NULL, "attach_raw_tracepoint: %s", libbpf_wasm_last_error());
	sdk_api_libbpf__destroy(lskel);
	lskel = NULL;
	bpf_link__disconnect(held);
	EXPECT_RET(&v, bpf_link__destroy(held), 0);
	report("round2.bpftool_skeleton", &v);
}

/* The attach calls' option forms, and libbpf's answer to options the
 * host cannot honour. */
static void check_attach_opts(struct sdk_api_bpf *skel)
{
	struct verdict v = { 0 };

	LIBBPF_OPTS(bpf_tracepoint_opts, plain);
	struct bpf_link *link =
		bpf_program__attach_tracepoint_opts(skel->progs.sdk_api_idle, "syscalls", "sys_enter_getpgid", &plain);
	/* sdk_api_idle was never loaded. */
	expect(&v, !link && errno == EINVAL, "attach_tracepoint_opts of a program not loaded: %p, errno %d",
	       (void *)link, errno);
	LIBBPF_OPTS(bpf_kprobe_opts, offset, .offset = 4);
	EXPECT_NULL(&v, bpf_program__attach_kprobe_opts(skel->progs.sdk_api_kp, kfunc, &offset), EOPNOTSUPP);
	LIBBPF_OPTS(bpf_uprobe_opts, ref_ctr, .ref_ctr_offset = 8);
	EXPECT_NULL(&v, bpf_program__attach_uprobe_opts(skel->progs.sdk_api_up, target_pid, libc_path, getpgid_offset,
							&ref_ctr),
		    EOPNOTSUPP);
	report("attach_opts.unsupported", &v);

	/* A kprobe on the syscall's handler, found as libbpf finds it. */
	v = (struct verdict){ 0 };
	if (have_kprobes) {
		link = bpf_program__attach_ksyscall(skel->progs.sdk_api_kp, "getpgid", NULL);
		expect(&v, link != NULL, "attach_ksyscall: %s", libbpf_wasm_last_error());
		EXPECT_RET(&v, bpf_link__destroy(link), 0);
	} else {
		EXPECT_NULL(&v, bpf_program__attach_ksyscall(skel->progs.sdk_api_kp, "getpgid", NULL), ENOENT);
	}
	expect(&v, strstr(libbpf_wasm_last_error(), kfunc) || have_kprobes, "the probe was not on %s: %s", kfunc,
	       libbpf_wasm_last_error());
	report("bpf_program__attach_ksyscall", &v);
}

/* ---- the rejected program ------------------------------------------------- */

static void check_verifier_reject(void)
{
	struct verdict v = { 0 };
	static char kernel_log[4096];
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "sdk_api", .kernel_log_buf = kernel_log,
		    .kernel_log_size = sizeof(kernel_log));
	struct sdk_api_bpf *skel = sdk_api_bpf__open_opts(&opts);

	expect(&v, skel != NULL, "second open: %s", libbpf_wasm_last_error());
	if (!skel) {
		report("verifier.reject", &v);
		return;
	}
	EXPECT_RET(&v, bpf_program__set_autoload(skel->progs.sdk_api_bad, true), 0);
	int warnings = printed.warnings;
	printed.saw_verifier_log = false;
	errno = 0;
	int ret = bpf_object__load(skel->obj);
	int err = errno;
	expect(&v, ret == -EACCES && err == EACCES, "load = %d, errno %d (%s), expected the verifier's EACCES", ret,
	       err, strerror(err));
	const char *log = libbpf_wasm_verifier_log();
	expect(&v, strstr(log, "invalid mem access") != NULL, "verifier log without the complaint: \"%.200s\"", log);
	expect(&v, strstr(kernel_log, "invalid mem access") != NULL, "kernel_log_buf without the complaint: \"%.200s\"",
	       kernel_log);
	expect(&v, *libbpf_wasm_last_error(), "libbpf_wasm_last_error() is empty");
	expect(&v, printed.warnings == warnings + 2 && printed.saw_verifier_log,
	       "%d warnings printed (log among them: %d), expected the error and the log", printed.warnings - warnings,
	       printed.saw_verifier_log);
	report("verifier.reject", &v);

	/* The failed object's maps never reached the kernel; closed, their
	 * handles are gone. */
	v = (struct verdict){ 0 };
	int fd = bpf_map__fd(skel->maps.hash);
	__u32 key = 0;
	__u64 value;
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), EINVAL);
	sdk_api_bpf__destroy(skel);
	EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), EBADF);
	report("verifier.failed_object", &v);
}

/* ---- main ------------------------------------------------------------------- */

/* The value of argument `key`=..., or NULL. */
static const char *arg(int argc, char **argv, const char *key)
{
	size_t len = strlen(key);

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, len) && argv[i][len] == '=')
			return argv[i] + len + 1;
	return NULL;
}

/* Argument `key` as a positive number, or 0. */
static unsigned long long number_arg(int argc, char **argv, const char *key)
{
	const char *text = arg(argc, argv, key);
	char *end;

	if (!text || !*text)
		return 0;
	unsigned long long n = strtoull(text, &end, 0);
	return *end ? 0 : n;
}

static bool parse_args(int argc, char **argv)
{
	target_tid = (__u32)number_arg(argc, argv, "tid");
	target_pid = (pid_t)number_arg(argc, argv, "pid");
	calls_per_round = (int)number_arg(argc, argv, "calls");
	cpus = (int)number_arg(argc, argv, "cpus");
	kfunc = arg(argc, argv, "kfunc");
	libc_path = arg(argc, argv, "libc");
	getpgid_offset = (size_t)number_arg(argc, argv, "offset");
	ifname = arg(argc, argv, "ifname");
	cgroup_path = arg(argc, argv, "cgroup");
	object_path = arg(argc, argv, "object");
	const char *kprobes = arg(argc, argv, "kprobes");
	have_kprobes = kprobes && !strcmp(kprobes, "1");
	return target_tid && target_pid > 0 && calls_per_round > 0 && calls_per_round <= 100 && cpus > 0 && kfunc &&
	       kprobes && libc_path && getpgid_offset && ifname && cgroup_path && object_path;
}

/* The buffers' checks, round by round (the driver makes the records). */
static void check_buffers(struct sdk_api_bpf *skel)
{
	struct ring_ctx a = { .ring = 'a', .size = SDK_API_RECORD_A_SIZE };
	struct ring_ctx b = { .ring = 'b', .size = sizeof(struct sdk_api_record) };
	struct perf_ctx p = { .max_seq = ROUNDS * calls_per_round };
	const int per_ring = calls_per_round * RECORDS_PER_CALL;
	struct verdict v = { 0 };

	p.times = calloc(p.max_seq, 1);
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.ring_a), on_record, &a, NULL);
	expect(&v, rb != NULL, "ring_buffer__new: %s", libbpf_wasm_last_error());
	EXPECT_RET(&v, ring_buffer__add(rb, bpf_map__fd(skel->maps.ring_b), on_record, &b), 0);
	EXPECT_RET(&v, ring_buffer__poll(rb, 0), 0);
	EXPECT_RET(&v, ring_buffer__consume(rb), 0);
	report("ring_buffer__new", &v);

	v = (struct verdict){ 0 };
	EXPECT_NULL(&v, ring_buffer__new(bpf_map__fd(skel->maps.hash), on_record, &a, NULL), EINVAL);
	EXPECT_NULL(&v, ring_buffer__new(12345, on_record, &a, NULL), EBADF);
	EXPECT_NULL(&v, ring_buffer__new(bpf_map__fd(skel->maps.ring_a), NULL, &a, NULL), EINVAL);
	EXPECT_RET(&v, ring_buffer__add(rb, 12345, on_record, &b), EBADF);
	EXPECT_RET(&v, ring_buffer__poll(NULL, 0), EINVAL);
	report("ring_buffer.bad_args", &v);

	/* Opened before the first round: with no buffer on a CPU the kernel
	 * drops that CPU's samples. */
	v = (struct verdict){ 0 };
	struct perf_buffer *pb =
		perf_buffer__new(bpf_map__fd(skel->maps.perf), PERF_PAGES, on_sample, on_lost, &p, NULL);
	expect(&v, pb != NULL, "perf_buffer__new: %s", libbpf_wasm_last_error());
	EXPECT_RET(&v, perf_buffer__poll(pb, 0), 0);
	EXPECT_NULL(&v, perf_buffer__new(bpf_map__fd(skel->maps.perf), 3, on_sample, on_lost, &p, NULL), EINVAL);
	EXPECT_NULL(&v, perf_buffer__new(bpf_map__fd(skel->maps.ring_a), PERF_PAGES, on_sample, on_lost, &p, NULL),
		    EINVAL);
	EXPECT_NULL(&v, perf_buffer__new(12345, PERF_PAGES, on_sample, on_lost, &p, NULL), EBADF);
	report("perf_buffer__new", &v);

	/* Round 1: one poll takes every record of both rings. */
	run_round(skel, 1);
	check_probes(skel);
	check_bpftool_skeleton_round1();
	v = (struct verdict){ 0 };
	__u32 zero = 0;
	expect(&v, lookup_u64(bpf_map__fd(skel->maps.array), zero) == TOKEN, "array[0] = %#llx, expected the token",
	       (unsigned long long)lookup_u64(bpf_map__fd(skel->maps.array), zero));
	__u64 *per_cpu = calloc(cpus, sizeof(*per_cpu));
	EXPECT_RET(&v, bpf_map_lookup_elem(bpf_map__fd(skel->maps.pcpu_array), &zero, per_cpu), 0);
	__u64 sum = 0;
	for (int cpu = 0; cpu < cpus; cpu++)
		sum += per_cpu[cpu];
	expect(&v, sum == (__u64)calls_per_round, "per-CPU counts sum to %llu, expected %d", (unsigned long long)sum,
	       calls_per_round);
	free(per_cpu);
	report("round1.kernel_writes", &v);

	v = (struct verdict){ 0 };
	int ret = ring_buffer__poll(rb, 1000);
	expect(&v, ret == 2 * per_ring, "ring_buffer__poll = %d, expected %d", ret, 2 * per_ring);
	expect_records(&v, &a, per_ring);
	expect_records(&v, &b, per_ring);
	long long start = now_ms();
	EXPECT_RET(&v, ring_buffer__poll(rb, 100), 0);
	expect(&v, now_ms() - start >= 90, "an empty ring_buffer__poll(100) returned after %lld ms", now_ms() - start);
	report("ring_buffer__poll", &v);

	v = (struct verdict){ 0 };
	ret = perf_buffer__poll(pb, 1000);
	expect(&v, ret == calls_per_round, "perf_buffer__poll = %d, expected %d", ret, calls_per_round);
	expect_samples(&v, &p, 0, calls_per_round);
	EXPECT_RET(&v, perf_buffer__poll(pb, 0), 0);
	report("perf_buffer__poll", &v);

	/* Round 2: ring a's callback stops the drain on its third record. */
	run_round(skel, 2);
	check_bpftool_skeleton_round2();
	v = (struct verdict){ 0 };
	a.stop_at = 3;
	ret = ring_buffer__poll(rb, 1000);
	expect(&v, ret == STOP_ERR, "ring_buffer__poll = %d, expected the callback's %d", ret, STOP_ERR);
	expect_records(&v, &a, 3);
	expect_records(&v, &b, 0);
	ret = ring_buffer__consume(rb);
	expect(&v, ret == 2 * per_ring - 3, "ring_buffer__consume = %d, expected %d", ret, 2 * per_ring - 3);
	expect_records(&v, &a, per_ring - 3);
	expect_records(&v, &b, per_ring);
	EXPECT_RET(&v, ring_buffer__consume(rb), 0);
	report("ring_buffer.callback_stops", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, perf_buffer__consume(pb), 0);
	expect_samples(&v, &p, calls_per_round, 2 * calls_per_round);
	report("perf_buffer__consume", &v);

	/* Round 3: one ring alone (the host waits on it), stopped, then the
	 * rest; then ring b added to the running buffer. */
	ring_buffer__free(rb);
	v = (struct verdict){ 0 };
	rb = ring_buffer__new(bpf_map__fd(skel->maps.ring_a), on_record, &a, NULL);
	expect(&v, rb != NULL, "ring_buffer__new: %s", libbpf_wasm_last_error());
	report("ring_buffer__free", &v);

	run_round(skel, 3);
	v = (struct verdict){ 0 };
	a.stop_at = 2;
	ret = ring_buffer__poll(rb, 1000);
	expect(&v, ret == STOP_ERR, "ring_buffer__poll = %d, expected the callback's %d", ret, STOP_ERR);
	expect_records(&v, &a, 2);
	start = now_ms();
	ret = ring_buffer__poll(rb, 5000);
	long long took = now_ms() - start;
	expect(&v, ret == per_ring - 2, "ring_buffer__poll = %d, expected %d", ret, per_ring - 2);
	expect(&v, took < 1000, "ring_buffer__poll waited %lld ms with records in hand", took);
	expect_records(&v, &a, per_ring - 2);
	report("ring_buffer.single_ring_stops", &v);

	v = (struct verdict){ 0 };
	EXPECT_RET(&v, ring_buffer__add(rb, bpf_map__fd(skel->maps.ring_b), on_record, &b), 0);
	ret = ring_buffer__poll(rb, 1000);
	expect(&v, ret == per_ring, "ring_buffer__poll = %d, expected %d", ret, per_ring);
	expect_records(&v, &a, 0);
	expect_records(&v, &b, per_ring);
	report("ring_buffer__add.later", &v);

	v = (struct verdict){ 0 };
	ret = perf_buffer__poll(pb, 1000);
	expect(&v, ret == calls_per_round, "perf_buffer__poll = %d, expected %d", ret, calls_per_round);
	expect_samples(&v, &p, 2 * calls_per_round, 3 * calls_per_round);
	report("perf_buffer.round3", &v);

	ring_buffer__free(rb);
	perf_buffer__free(pb);
	free(p.times);
}

int main(int argc, char **argv)
{
	if (!parse_args(argc, argv)) {
		fprintf(stderr, "usage: %s tid=TID pid=PID calls=N cpus=N kfunc=NAME kprobes=0|1 libc=PATH offset=N "
				"ifname=NAME cgroup=PATH object=PATH\n",
			argv[0]);
		return 2;
	}

	check_messages();
	libbpf_print_fn_t default_print = libbpf_set_print(count_print);
	check_open_errors();
	check_libbpf_tables();
	check_verifier_reject();
	struct verdict v = { 0 };
	expect(&v, default_print != NULL, "the default print function is NULL");
	expect(&v, libbpf_set_print(default_print) == count_print, "libbpf_set_print did not return the last one");
	/* Each failure the checks below expect would print a warning: they
	 * are counted and dropped (a failed check gives the host's message). */
	expect(&v, libbpf_set_print(count_print) == default_print, "libbpf_set_print did not return the default");
	report("libbpf_set_print", &v);

	v = (struct verdict){ 0 };
	struct sdk_api_bpf *skel = sdk_api_bpf__open();
	expect(&v, skel != NULL, "sdk_api_bpf__open: %s", libbpf_wasm_last_error());
	report("sdk_api_bpf__open", &v);
	if (skel) {
		check_names(skel);
		check_iteration(skel);
		check_attributes(skel);
		check_configuration(skel);
		skel->rodata->target_tid = target_tid;
		skel->rodata->records_per_call = RECORDS_PER_CALL;
		v = (struct verdict){ 0 };
		EXPECT_RET(&v, sdk_api_bpf__load(skel), 0);
		report("sdk_api_bpf__load", &v);
	}
	if (skel && !v.why[0]) {
		check_after_load(skel);
		check_attach(skel);
		check_net_attach(skel);
		check_handles(skel);
		check_unsupported(skel);
		check_attach_opts(skel);
		check_bpftool_skeleton();
		check_test_run(skel);
		check_read_globals_then_wait(skel);
		check_hash(skel);
		check_map_api(skel);
		check_array(skel);
		check_percpu(skel);
		check_batches(skel);
		check_percpu_batches(skel);
		check_buffers(skel);

		v = (struct verdict){ 0 };
		int fd = bpf_map__fd(skel->maps.hash);
		__u32 key = 0;
		__u64 value;
		sdk_api_bpf__detach(skel);
		expect(&v, !skel->links.sdk_api_tp, "detach left a link");
		sdk_api_bpf__destroy(skel);
		EXPECT_RET(&v, bpf_map_lookup_elem(fd, &key, &value), EBADF);
		report("sdk_api_bpf__destroy", &v);
	}
	printf("done %d passed %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
