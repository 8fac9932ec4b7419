// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf_dump OBJECT NO_BTF_ELF NOT_ELF MAGIC: libbpf's BTF dumper and ELF
 * readers over real BTF. It writes out as C every type of its own BPF
 * object's .BTF (btf__parse_elf of OBJECT, as `bpftool btf dump format c`
 * does), the kernel's struct task_struct member by member and the types
 * struct file_operations needs, task_struct and file as typed data over
 * patterned bytes; prints the map BTF ids and kernel attach
 * ids libbpf gives; then, once a getpgid(MAGIC) call ran its program (after
 * the line "ready"), the sample it stored and its .bss as typed data, with
 * each option. Last, what libbpf refuses: unknown ids, short data, bad
 * files, corrupt .BTF.ext. `btf_dump --vmlinux` writes every kernel type
 * as C; `btf_dump --hostile` (guest only) dumps BTF with loops. Built as a guest and natively against the system's libbpf: the
 * test compares the lines. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_dump.h"
#include "btf_dump.skel.h"

#ifndef __wasm__
/* libbpf 1.1 declares btf_ext__raw_data, but its shared library exports
 * only the older name of the same function. */
#include <bpf/libbpf_legacy.h>
#define btf_ext__raw_data btf_ext__get_raw_data
#endif

static void print_to_stdout(void *ctx, const char *format, va_list args)
{
	vprintf(format, args);
}

/* What the dumper writes, hashed (FNV-1a) and its lines counted: the
 * kernel's task_struct pulls in thousands of types. */
struct digest {
	unsigned long long hash;
	unsigned long lines;
};

static void print_to_digest(void *ctx, const char *format, va_list args)
{
	struct digest *d = ctx;
	char buf[4096];
	int n = vsnprintf(buf, sizeof(buf), format, args);
	for (int i = 0; i < n && i < (int)sizeof(buf) - 1; i++) {
		d->hash = (d->hash ^ (unsigned char)buf[i]) * 1099511628211ULL;
		d->lines += buf[i] == '\n';
	}
}

static void dump_all(const struct btf *btf)
{
	struct btf_dump *d = btf_dump__new(btf, print_to_stdout, NULL, NULL);
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		int err = btf_dump__dump_type(d, id);
		if (err)
			printf("dump_type(%u): %d\n", id, err);
	}
	btf_dump__free(d);
}

static void dump_elf(const char *path)
{
	struct btf_ext *ext = NULL;
	struct btf *btf = btf__parse_elf(path, &ext);
	if (!btf) {
		printf("parse_elf: NULL errno=%d\n", errno);
		return;
	}
	__u32 ext_size = 0;
	const void *raw = ext ? btf_ext__raw_data(ext, &ext_size) : NULL;
	printf("parse_elf: types=%u pointer_size=%zu btf_ext=%s size=%u\n", btf__type_cnt(btf),
	       btf__pointer_size(btf), raw ? "yes" : "no", ext_size);
	printf("== object types as C ==\n");
	dump_all(btf);
	printf("== end ==\n");
	btf_ext__free(ext);
	btf__free(btf);

	struct btf *parsed = btf__parse(path, NULL);
	printf("parse(elf): types=%u\n", parsed ? btf__type_cnt(parsed) : 0);
	btf__free(parsed);
}

static void dump_kernel(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		printf("vmlinux: NULL errno=%d\n", errno);
		return;
	}
	__s32 task = btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT);
	const struct btf_type *t = btf__type_by_id(vmlinux, task);
	struct btf_dump *d = btf_dump__new(vmlinux, print_to_stdout, NULL, NULL);
	printf("== task_struct members ==\n");
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = btf__name_by_offset(vmlinux, m->name_off),
			    .indent_level = 1);
		printf("\t");
		btf_dump__emit_type_decl(d, m->type, &opts);
		if (btf_member_bitfield_size(t, i))
			printf(": %u", btf_member_bitfield_size(t, i));
		printf(";\n");
	}
	/* The declarations a cast of typed data uses: no modifiers. */
	const struct btf_type *file = btf__type_by_id(vmlinux, btf__find_by_name_kind(vmlinux, "file", BTF_KIND_STRUCT));
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, stripped, .field_name = "x", .strip_mods = true);
	for (int i = 0; file && i < btf_vlen(file); i++) {
		printf("stripped: ");
		btf_dump__emit_type_decl(d, btf_members(file)[i].type, &stripped);
		printf("\n");
	}
	printf("== file_operations ==\n");
	btf_dump__dump_type(d, btf__find_by_name_kind(vmlinux, "file_operations", BTF_KIND_STRUCT));
	printf("== end ==\n");
	btf_dump__free(d);

	struct digest digest = { 14695981039346656037ULL, 0 };
	d = btf_dump__new(vmlinux, print_to_digest, &digest, NULL);
	int err = btf_dump__dump_type(d, task);
	printf("task_struct dump: %d lines=%lu fnv=%016llx\n", err, digest.lines, digest.hash);
	btf_dump__free(d);

	/* Typed data of every kind the kernel's structs have, over bytes of
	 * a fixed pattern. */
	static unsigned char pattern[16384];
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (unsigned char)(i * 37 % 251);
	digest = (struct digest){ 14695981039346656037ULL, 0 };
	d = btf_dump__new(vmlinux, print_to_digest, &digest, NULL);
	LIBBPF_OPTS(btf_dump_type_data_opts, zeroes, .emit_zeroes = true);
	int ret = btf_dump__dump_type_data(d, task, pattern, sizeof(pattern), &zeroes);
	printf("task_struct data: %d lines=%lu fnv=%016llx\n", ret, digest.lines, digest.hash);
	btf_dump__free(d);
	d = btf_dump__new(vmlinux, print_to_stdout, NULL, NULL);
	printf("== file data ==\n");
	ret = btf_dump__dump_type_data(d, btf__find_by_name_kind(vmlinux, "file", BTF_KIND_STRUCT), pattern,
				       sizeof(pattern), NULL);
	printf("\n== end ==\nfile data: %d\n", ret);
	btf_dump__free(d);
	btf__free(vmlinux);

	const struct {
		const char *name;
		enum bpf_attach_type type;
	} targets[] = {
		{ "sys_enter", BPF_TRACE_RAW_TP },   { "do_unlinkat", BPF_TRACE_FENTRY },
		{ "file_open", BPF_LSM_MAC },        { "task", BPF_TRACE_ITER },
		{ "no_such_function", BPF_TRACE_FEXIT },
		{ "a_name_longer_than_libbpf_takes_a_name_longer_than_libbpf_takes_a_name_longer_than_libbpf_takes_"
		  "a_name_longer_than_libbpf_takes_a_name_longer_than_libbpf_takes",
		  BPF_TRACE_FENTRY },
	};
	struct btf *again = btf__load_vmlinux_btf();
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		int id = libbpf_find_vmlinux_btf_id(targets[i].name, targets[i].type);
		const struct btf_type *found = id > 0 ? btf__type_by_id(again, id) : NULL;
		printf("find_vmlinux_btf_id(%.20s, %d) = %s kind=%u name=%s\n", targets[i].name, targets[i].type,
		       id > 0 ? "id" : strerror(-id), found ? btf_kind(found) : 0,
		       found ? btf__name_by_offset(again, found->name_off) : "-");
	}
	btf__free(again);
}

/* BTF built with btf__add_*, naming no `long`: its padding is written as
 * on a 64-bit host (`long: 64;`), an 8-byte enum gets mode(word), a
 * repeated name ___2. */
static void dump_built(void)
{
	struct btf *btf = btf__new_empty();
	int i = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int gap = btf__add_struct(btf, "gap", 32);
	btf__add_field(btf, "a", i, 0, 0);
	btf__add_field(btf, "b", i, 160, 0);
	btf__add_field(btf, "c", i, 192, 3);
	int wide = btf__add_enum(btf, "wide", 8);
	btf__add_enum_value(btf, "WIDE_ONE", 1);
	int again = btf__add_struct(btf, "gap", 4);
	btf__add_field(btf, "only", i, 0, 0);
	printf("== built ==\n");
	struct btf_dump *d = btf_dump__new(btf, print_to_stdout, NULL, NULL);
	btf_dump__dump_type(d, gap);
	btf_dump__dump_type(d, wide);
	btf_dump__dump_type(d, again);
	printf("== end ==\n");
	btf_dump__free(d);
	btf__free(btf);
}

static void print_map_ids(struct bpf_object *obj, const char *when)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj) {
		__u32 key = bpf_map__btf_key_type_id(map), value = bpf_map__btf_value_type_id(map);
		const struct btf_type *k = btf__type_by_id(btf, key), *v = btf__type_by_id(btf, value);
		printf("%s: map %s key=%s%s value=%s%s\n", when, bpf_map__name(map), key ? "kind " : "0",
		       key ? btf__name_by_offset(btf, k->name_off) : "", value ? "" : "0",
		       value ? btf__name_by_offset(btf, v->name_off) : "");
	}
}

static void dump_data(const struct btf *btf, __u32 id, const void *data, size_t size, const char *what,
		      const struct btf_dump_type_data_opts *opts)
{
	struct btf_dump *d = btf_dump__new(btf, print_to_stdout, NULL, NULL);
	printf("%s: ", what);
	int ret = btf_dump__dump_type_data(d, id, data, size, opts);
	printf("\n%s -> %d\n", what, ret);
	btf_dump__free(d);
}

/* The map libbpf made for data section `section` (OBJ.SECTION). */
static struct bpf_map *section_map(struct bpf_object *obj, const char *section)
{
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj) {
		const char *dot = strrchr(bpf_map__name(map), '.');
		if (bpf_map__is_internal(map) && dot && !strcmp(dot, section))
			return map;
	}
	return NULL;
}

static void dump_sample(struct btf_dump_bpf *skel)
{
	const struct btf *btf = bpf_object__btf(skel->obj);
	__u32 value_id = bpf_map__btf_value_type_id(skel->maps.samples);
	__u32 key = 0;
	unsigned char sample[256] = { 0 };
	size_t size = bpf_map__value_size(skel->maps.samples);
	int err = bpf_map__lookup_elem(skel->maps.samples, &key, sizeof(key), sample, size, 0);
	if (err) {
		printf("lookup: %d\n", err);
		return;
	}
	dump_data(btf, value_id, sample, size, "sample", NULL);
	LIBBPF_OPTS(btf_dump_type_data_opts, compact, .compact = true);
	dump_data(btf, value_id, sample, size, "compact", &compact);
	LIBBPF_OPTS(btf_dump_type_data_opts, bare, .compact = true, .skip_names = true);
	dump_data(btf, value_id, sample, size, "skip_names", &bare);
	LIBBPF_OPTS(btf_dump_type_data_opts, zeroes, .emit_zeroes = true, .indent_str = "  ", .indent_level = 1);
	dump_data(btf, value_id, sample, size, "emit_zeroes", &zeroes);
	/* Data sections: variables with their linkage. */
	struct bpf_map *bss = section_map(skel->obj, ".bss"), *data = section_map(skel->obj, ".data");
	dump_data(btf, bpf_map__btf_value_type_id(bss), skel->bss, bpf_map__value_size(bss), "bss", NULL);
	dump_data(btf, bpf_map__btf_value_type_id(data), skel->data, bpf_map__value_size(data), "data", &compact);

	/* Refusals. */
	dump_data(btf, btf__type_cnt(btf), sample, size, "unknown id", NULL);
	dump_data(btf, value_id, sample, 2, "2 bytes", NULL);
	struct {
		size_t sz;
		char more[64];
	} big = { sizeof(big), { [63] = 1 } };
	dump_data(btf, value_id, sample, size, "opts with unknown fields", (void *)&big);
	struct btf_dump *d = btf_dump__new(btf, print_to_stdout, NULL, NULL);
	printf("dump_type(type_cnt): %d\n", btf_dump__dump_type(d, btf__type_cnt(btf)));
	btf_dump__free(d);
	errno = 0;
	d = btf_dump__new(btf, NULL, NULL, NULL);
	printf("btf_dump__new(no print function): %s errno=%d\n", d ? "dumper" : "NULL", errno);
}

static void refuse_files(const char *object, const char *no_btf_elf, const char *not_elf)
{
	/* Next to the object, where the guest may look. */
	char missing[4096];
	snprintf(missing, sizeof(missing), "%s.missing", object);
	errno = 0;
	struct btf *btf = btf__parse_elf(missing, NULL);
	printf("parse_elf(missing): %s errno=%d\n", btf ? "btf" : "NULL", errno);
	btf = btf__parse_elf(no_btf_elf, NULL);
	printf("parse_elf(ELF without .BTF): %s errno=%d\n", btf ? "btf" : "NULL", errno);
	btf = btf__parse_elf(not_elf, NULL);
	printf("parse_elf(not ELF): %s errno=%d\n", btf ? "btf" : "NULL", errno);
	struct btf *vmlinux = btf__load_vmlinux_btf();
	btf = btf__parse_elf_split(object, vmlinux);
	printf("parse_elf_split: first=%s types_after_base=%u\n",
	       btf && btf__type_by_id(btf, btf__type_cnt(vmlinux)) ? "own" : "none",
	       btf ? btf__type_cnt(btf) - btf__type_cnt(vmlinux) : 0);
	btf__free(btf);
	btf__free(vmlinux);

	struct btf_ext *ext = NULL;
	btf = btf__parse_elf(object, &ext);
	__u32 size = 0;
	const unsigned char *raw = ext ? btf_ext__raw_data(ext, &size) : NULL;
	unsigned char *copy = malloc(size + 64);
	if (!raw || !copy) {
		printf("no .BTF.ext to corrupt\n");
		return;
	}
	const struct {
		const char *what;
		size_t at; /* byte to set, or -1 */
		unsigned char value;
		__u32 size;
	} cases[] = {
		{ "as is", (size_t)-1, 0, size },
		{ "4 bytes", (size_t)-1, 0, 4 },
		{ "swapped magic", 0, 0xeb, size },
		{ "version 2", 2, 2, size },
		{ "flags", 3, 1, size },
		{ "header only", (size_t)-1, 0, 32 },
		{ "func_info off by 2", 8, 2, size },
		{ "func_info past the end", 13, 0xff, size },
		{ "record size 4", 32, 4, size },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(copy, raw, size);
		if (cases[i].at != (size_t)-1)
			copy[cases[i].at] = cases[i].value;
		if (i == 2)
			copy[1] = 0x9f;
		errno = 0;
		struct btf_ext *bad = btf_ext__new(copy, cases[i].size);
		__u32 got = 0;
		if (bad)
			btf_ext__raw_data(bad, &got);
		printf("btf_ext__new(%s): %s size=%u errno=%d\n", cases[i].what, bad ? "ok" : "NULL", got, errno);
		btf_ext__free(bad);
	}
	free(copy);
	btf_ext__free(ext);
	btf__free(btf);
}

/* Every type of the kernel's BTF as C, as `bpftool btf dump file
 * /sys/kernel/btf/vmlinux format c` writes it. */
static int dump_vmlinux(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		printf("vmlinux: NULL errno=%d\n", errno);
		return 1;
	}
	dump_all(vmlinux);
	btf__free(vmlinux);
	return 0;
}

static int silent(enum libbpf_print_level level, const char *format, va_list args)
{
	return 0;
}

/* BTF no C program has, with loops the dumper must end on: a struct that
 * holds itself, a pointer to itself, an anonymous struct pointing to
 * itself, an array of itself. Guest only: native libbpf recurses until
 * its stack runs out on these. */
static int dump_hostile(void)
{
	struct btf *btf = btf__new_empty();
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);		/* 1 */
	int self = btf__add_struct(btf, "self", 4);		/* 2 */
	btf__add_field(btf, "a", self, 0, 0);
	int ptr = btf__add_ptr(btf, 3);				/* 3: to itself */
	int holder = btf__add_struct(btf, "holder", 8);	/* 4 */
	btf__add_field(btf, "p", ptr, 0, 0);
	int anon = btf__add_struct(btf, NULL, 8);		/* 5 */
	btf__add_field(btf, "x", 6, 0, 0);
	btf__add_ptr(btf, anon);				/* 6 */
	int array = btf__add_array(btf, 1, 7, 2);		/* 7: of itself */
	int arrays = btf__add_struct(btf, "arrays", 8);	/* 8 */
	btf__add_field(btf, "arr", array, 0, 0);
	int later = btf__add_struct(btf, "later", 8);		/* 9 */
	btf__add_field(btf, "p", ptr, 0, 0);
	libbpf_set_print(silent);
	struct btf_dump *d = btf_dump__new(btf, print_to_stdout, NULL, NULL);
	const struct {
		const char *what;
		int id;
	} types[] = { { "self", self }, { "holder", holder }, { "later", later }, { "anon", anon }, { "arrays", arrays } };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int err = btf_dump__dump_type(d, types[i].id);
		printf("\ndump_type(%s): %d\n", types[i].what, err);
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int err = btf_dump__emit_type_decl(d, types[i].id, NULL);
		printf("\nemit_type_decl(%s): %d\n", types[i].what, err);
	}
	int err = btf_dump__emit_type_decl(d, ptr, NULL);
	printf("\nemit_type_decl(ptr): %d\n", err);
	unsigned char data[64] = { 1 };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int ret = btf_dump__dump_type_data(d, types[i].id, data, sizeof(data), NULL);
		printf("\ndump_type_data(%s): %d\n", types[i].what, ret);
	}
	btf_dump__free(d);
	btf__free(btf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--hostile"))
		return dump_hostile();
	if (argc == 2 && !strcmp(argv[1], "--vmlinux"))
		return dump_vmlinux();
	if (argc != 5) {
		fprintf(stderr, "usage: btf_dump OBJECT NO_BTF_ELF NOT_ELF MAGIC\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	dump_elf(argv[1]);
	dump_kernel();
	refuse_files(argv[1], argv[2], argv[3]);
	dump_built();

	struct btf_dump_bpf *skel = btf_dump_bpf__open();
	if (!skel) {
		printf("open failed: %d\n", errno);
		return 1;
	}
	skel->rodata->magic = strtoull(argv[4], NULL, 10);
	print_map_ids(skel->obj, "open");
	if (btf_dump_bpf__load(skel) || btf_dump_bpf__attach(skel)) {
		printf("load or attach failed: %d\n", errno);
		btf_dump_bpf__destroy(skel);
		return 1;
	}
	print_map_ids(skel->obj, "loaded");
	printf("ready\n");
	for (int i = 0; i < 1000 && !skel->bss->events_seen; i++)
		usleep(10000);
	printf("events_seen=%llu\n", (unsigned long long)skel->bss->events_seen);
	dump_sample(skel);
	btf_dump_bpf__destroy(skel);
	return 0;
}
