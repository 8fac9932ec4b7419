// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf_query: reads BTF the way CO-RE-aware user space does, with libbpf's
 * btf__* API: the kernel's (task_struct and its pid member, pid_t, enum
 * pid_type), a module's (split over the kernel's, argument 1), its own
 * object's (a map's value struct, an enum, data sections as libbpf fixed
 * them up at open), BTF it round-trips through btf__raw_data, and BTF it
 * builds with btf__add_* (split BTF over the kernel's too). Built as a guest and natively against the
 * system's libbpf: the test compares the lines. With --refusals (guest
 * only) it prints what the SDK and the host refuse. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_query.h"
#include "btf_query.skel.h"
#ifdef __wasm__
#include <wasi_bpf/trace_helpers.h>
#endif

static const char *name_of(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);
	return name && *name ? name : "(anon)";
}

/* The member called `member` of struct `t`, or -1. */
static int member_index(const struct btf *btf, const struct btf_type *t, const char *member)
{
	for (int i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off), member))
			return i;
	return -1;
}

static void print_struct(const struct btf *btf, const char *what, __s32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	printf("%s: %s size=%u align=%d members=%u:", what, name_of(btf, t), t->size, btf__align_of(btf, id),
	       btf_vlen(t));
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		printf(" %s@%u:%u/%lld", btf__name_by_offset(btf, m->name_off), btf_member_bit_offset(t, i),
		       btf_member_bitfield_size(t, i), (long long)btf__resolve_size(btf, m->type));
	}
	printf("\n");
}

static void print_enum(const struct btf *btf, const char *what, const char *name)
{
	__s32 id = btf__find_by_name_kind(btf, name, BTF_KIND_ENUM);
	if (id < 0) {
		printf("%s: enum %s: %d\n", what, name, id);
		return;
	}
	const struct btf_type *t = btf__type_by_id(btf, id);
	printf("%s: enum %s size=%u signed=%d:", what, name, t->size, btf_kflag(t));
	for (int i = 0; i < btf_vlen(t); i++)
		printf(" %s=%d", btf__name_by_offset(btf, btf_enum(t)[i].name_off), btf_enum(t)[i].val);
	printf("\n");
}

static void print_datasec(const struct btf *btf, const char *name)
{
	__s32 id = btf__find_by_name_kind(btf, name, BTF_KIND_DATASEC);
	if (id < 0) {
		printf("object: datasec %s: %d\n", name, id);
		return;
	}
	const struct btf_type *t = btf__type_by_id(btf, id);
	printf("object: datasec %s size=%u:", name, t->size);
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(t)[i];
		const struct btf_type *var = btf__type_by_id(btf, v->type);
		printf(" %s@%u/%u linkage=%u", name_of(btf, var), v->offset, v->size, btf_var(var)->linkage);
	}
	printf("\n");
}

static int query_kernel(const struct btf *vmlinux)
{
	printf("vmlinux: types=%u pointer_size=%zu endianness=%d\n", btf__type_cnt(vmlinux),
	       btf__pointer_size(vmlinux), (int)btf__endianness(vmlinux));
	__s32 task = btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT);
	if (task < 0) {
		printf("vmlinux: no task_struct: %d\n", task);
		return 1;
	}
	const struct btf_type *t = btf__type_by_id(vmlinux, task);
	printf("vmlinux: task_struct id=%d kind=%u size=%u align=%d resolved_size=%lld\n", task, btf_kind(t), t->size,
	       btf__align_of(vmlinux, task), (long long)btf__resolve_size(vmlinux, task));
	int pid = member_index(vmlinux, t, "pid");
	if (pid < 0) {
		printf("vmlinux: task_struct has no pid\n");
		return 1;
	}
	__u32 pid_type = btf_members(t)[pid].type;
	const struct btf_type *pt = btf__type_by_id(vmlinux, pid_type);
	int resolved = btf__resolve_type(vmlinux, pid_type);
	printf("vmlinux: task_struct.pid offset=%u bitfield=%u type=%s kind=%u size=%lld resolves_to=%s\n",
	       btf_member_bit_offset(t, pid), btf_member_bitfield_size(t, pid), name_of(vmlinux, pt), btf_kind(pt),
	       (long long)btf__resolve_size(vmlinux, pid_type), name_of(vmlinux, btf__type_by_id(vmlinux, resolved)));
	printf("vmlinux: find_by_name(pid_t)=%s void=%d\n",
	       btf__find_by_name(vmlinux, "pid_t") == (__s32)pid_type ? "the member's type" : "another",
	       btf__find_by_name(vmlinux, "void"));
	print_enum(vmlinux, "vmlinux", "pid_type");
	errno = 0;
	__s32 missing = btf__find_by_name_kind(vmlinux, "no_such_struct_anywhere", BTF_KIND_STRUCT);
	printf("vmlinux: no_such_struct_anywhere: %d errno=%d\n", missing, errno);
	errno = 0;
	const struct btf_type *past = btf__type_by_id(vmlinux, btf__type_cnt(vmlinux));
	printf("vmlinux: type_by_id(type_cnt): %s errno=%d\n", past ? "found" : "NULL", errno);

	/* Raw bytes out and back in: the same types. */
	__u32 size = 0;
	const void *raw = btf__raw_data(vmlinux, &size);
	struct btf *copy = raw ? btf__new(raw, size) : NULL;
	printf("vmlinux: raw round trip types=%u task_struct=%d\n", copy ? btf__type_cnt(copy) : 0,
	       copy ? btf__find_by_name_kind(copy, "task_struct", BTF_KIND_STRUCT) : -1);
	btf__free(copy);
	return 0;
}

static int query_module(struct btf *vmlinux, const char *module)
{
	struct btf *mod = btf__load_module_btf(module, vmlinux);
	if (!mod) {
		/* Not fatal: a kernel may have no module with BTF. */
		printf("module %s: NULL errno=%d\n", module, errno);
		return 0;
	}
	/* Split BTF: its ids follow the kernel's, its base is the kernel's. */
	__u32 first = btf__type_cnt(vmlinux);
	const struct btf_type *t = btf__type_by_id(mod, first);
	printf("module %s: base=%s types=%u first_kind=%u kernel_task_struct=%d\n", module,
	       btf__base_btf(mod) == vmlinux ? "vmlinux" : "other", btf__type_cnt(mod), t ? btf_kind(t) : 0,
	       btf__find_by_name_kind(mod, "task_struct", BTF_KIND_STRUCT));
	btf__free(mod);
	return 0;
}

static int query_object(void)
{
	struct btf_query_bpf *skel = btf_query_bpf__open();
	if (!skel) {
		printf("object: open failed: %d\n", errno);
		return 1;
	}
	struct btf *btf = bpf_object__btf(skel->obj);
	if (!btf) {
		printf("object: no BTF: %d\n", errno);
		btf_query_bpf__destroy(skel);
		return 1;
	}
	__s32 sample = btf__find_by_name_kind(btf, "btf_query_sample", BTF_KIND_STRUCT);
	if (sample < 0)
		printf("object: no struct btf_query_sample: %d\n", sample);
	else
		print_struct(btf, "object", sample);
	print_enum(btf, "object", "btf_query_state");
	print_datasec(btf, ".data");
	print_datasec(btf, ".rodata");
	printf("object: same btf on a second call: %d\n", bpf_object__btf(skel->obj) == btf);
	btf_query_bpf__destroy(skel);
	return 0;
}

/* BTF built with btf__add_*, read back. */
static int build(void)
{
	struct btf *btf = btf__new_empty();
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int chr = btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	int s64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	int arr = btf__add_array(btf, u32, chr, 16);
	int st = btf__add_struct(btf, "built", 32);
	btf__add_field(btf, "id", u32, 0, 0);
	btf__add_field(btf, "bits", u32, 32, 3);
	btf__add_field(btf, "name", arr, 64, 0);
	btf__add_field(btf, "count", s64, 192, 0);
	int ptr = btf__add_ptr(btf, st);
	int td = btf__add_typedef(btf, "built_t", st);
	int cst = btf__add_const(btf, td);
	int en = btf__add_enum(btf, "colour", 4);
	btf__add_enum_value(btf, "RED", 0);
	btf__add_enum_value(btf, "BLUE", -5);
	int again = btf__add_str(btf, "built");
	int find_colour = btf__find_str(btf, "colour");
	printf("built: ids %d %d %d %d %d %d %d %d %d types=%u\n", u32, chr, s64, arr, st, ptr, td, cst, en,
	       btf__type_cnt(btf));
	printf("built: name offset reused=%d find_str(colour)=%d pointer_size=%zu\n",
	       again == (int)btf__type_by_id(btf, st)->name_off, find_colour > 0,
	       btf__pointer_size(btf));
	print_struct(btf, "built", st);
	printf("built: const built_t size=%lld align=%d resolves_to=%d ptr size=%lld\n",
	       (long long)btf__resolve_size(btf, cst), btf__align_of(btf, cst), btf__resolve_type(btf, cst),
	       (long long)btf__resolve_size(btf, ptr));
	print_enum(btf, "built", "colour");
	__u32 size = 0;
	const void *raw = btf__raw_data(btf, &size);
	struct btf *copy = btf__new(raw, size);
	printf("built: raw size=%u copy types=%u copy built=%d\n", size, copy ? btf__type_cnt(copy) : 0,
	       copy ? btf__find_by_name_kind(copy, "built", BTF_KIND_STRUCT) : -1);
	int ret = btf__add_field(btf, "x", u32, 0, 0);
	printf("built: add_field to an enum: %d errno=%d\n", ret, errno);
	btf__free(copy);
	btf__free(btf);
	return 0;
}

/* btf__new_split; natively through a file: libbpf 1.1 declares
 * btf__new_split but does not export it (its version map gained it in
 * 1.2). */
static struct btf *new_split(const void *raw, __u32 size, struct btf *base)
{
#ifdef __wasm__
	return btf__new_split(raw, size, base);
#else
	char path[] = "/tmp/btf_query.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (!f || fwrite(raw, 1, size, f) != size) {
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	struct btf *btf = btf__parse_raw_split(path, base);
	unlink(path);
	return btf;
#endif
}

/* Split BTF built over the kernel's (as a module's is), read back over it. */
static int build_split(struct btf *vmlinux)
{
	struct btf *split = btf__new_empty_split(vmlinux);
	int task = btf__find_by_name_kind(split, "task_struct", BTF_KIND_STRUCT);
	int ptr = btf__add_ptr(split, task);
	int holder = btf__add_struct(split, "split_holder", 16);
	btf__add_field(split, "task", ptr, 0, 0);
	btf__add_field(split, "pid", btf__find_by_name(split, "pid_t"), 64, 0);
	__u32 size = 0;
	const void *raw = btf__raw_data(split, &size);
	struct btf *copy = new_split(raw, size, vmlinux);
	printf("split: first=%d holder=%d types=%u raw size=%u\n", ptr, holder, btf__type_cnt(split), size);
	if (copy) {
		__s32 id = btf__find_by_name_kind(copy, "split_holder", BTF_KIND_STRUCT);
		print_struct(copy, "split", id);
		printf("split: task_struct=%d pointee=%s align=%d\n", btf__find_by_name_kind(copy, "task_struct", BTF_KIND_STRUCT),
		       name_of(copy, btf__type_by_id(copy, btf__type_by_id(copy, ptr)->type)), btf__align_of(copy, id));
	} else {
		printf("split: copy NULL errno=%d\n", errno);
	}
	btf__free(copy);
	btf__free(split);
	return 0;
}

#ifdef __wasm__
static int silent(enum libbpf_print_level level, const char *format, va_list args)
{
	(void)level, (void)format, (void)args;
	return 0;
}

/* btf__new's answer to malformed bytes. */
static void print_new(const char *what, const void *data, __u32 size)
{
	errno = 0;
	struct btf *btf = btf__new(data, size);
	printf("new(%s): %s errno=%d\n", what, btf ? "parsed" : "NULL", errno);
	btf__free(btf);
}

/* What the guest is refused: bad module names (by the host), kernel-only
 * calls, malformed BTF (by the SDK's parser). */
static int refusals(struct btf *vmlinux, const char *module)
{
	libbpf_set_print(silent);
	printf("module_btf_exists(%s)=%d\n", module, module_btf_exists(module));
	printf("module_btf_exists(no_such_module)=%d\n", module_btf_exists("no_such_module"));
	printf("module_btf_exists(NULL)=%d\n", module_btf_exists(NULL));
	const char *bad[] = { "../vmlinux", "vmlinux", "no_such_module", "a/b", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		struct btf *mod = btf__load_module_btf(bad[i], vmlinux);
		printf("load_module_btf(%s): %s errno=%d\n", bad[i], mod ? "loaded" : "NULL", errno);
		btf__free(mod);
	}
	/* Each answer before its errno (argument order is unspecified). */
	int ret = btf__load_into_kernel(vmlinux);
	printf("load_into_kernel: %d errno=%d\n", ret, errno);
	ret = btf__fd(vmlinux);
	printf("fd: %d errno=%d\n", ret, errno);
	ret = btf__dedup(vmlinux, NULL);
	printf("dedup: %d errno=%d\n", ret, errno);
	errno = 0;
	struct btf *by_id = btf__load_from_kernel_by_id(1);
	printf("load_from_kernel_by_id: %s errno=%d\n", by_id ? "loaded" : "NULL", errno);
	btf__free(by_id);

	unsigned char garbage[64] = { 1, 2, 3 };
	print_new("garbage", garbage, sizeof(garbage));

	/* A typedef of itself (C cannot make one; the kernel refuses it) and
	 * one of a type id past the last, written as raw BTF. */
	struct btf *built = btf__new_empty();
	btf__add_typedef(built, "loop", 1);
	btf__add_typedef(built, "dangling", 5);
	__u32 size = 0;
	const unsigned char *raw = btf__raw_data(built, &size);
	unsigned char *copy = malloc(size);
	memcpy(copy, raw, size);
	btf__free(built);
	print_new("dangling type id", copy, size);
	print_new("cut off", copy, size - 1);
	/* Without the dangling typedef (the last type, 12 bytes before the
	 * strings, which the header says where they are). */
	struct btf_header *hdr = (struct btf_header *)copy;
	hdr->type_len -= sizeof(struct btf_type);
	struct btf *loop = btf__new(copy, size);
	printf("loop: %s resolve_size=%lld resolve_type=%d align=%d\n", loop ? "parsed" : "NULL",
	       loop ? (long long)btf__resolve_size(loop, 1) : 0, loop ? btf__resolve_type(loop, 1) : 0,
	       loop ? btf__align_of(loop, 1) : 0);
	btf__free(loop);
	/* The magic's bytes swapped: big-endian BTF. */
	copy[0] = 0xeb, copy[1] = 0x9f;
	print_new("big-endian", copy, size);
	free(copy);
	return 0;
}
#endif

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: btf_query MODULE [--refusals]\n");
		return 2;
	}
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		printf("vmlinux: NULL errno=%d\n", errno);
		return 1;
	}
	int err;
#ifdef __wasm__
	if (argc > 2 && !strcmp(argv[2], "--refusals"))
		err = refusals(vmlinux, argv[1]);
	else
#endif
		err = query_kernel(vmlinux) || query_module(vmlinux, argv[1]) || query_object() || build() ||
		      build_split(vmlinux);
	btf__free(vmlinux);
	return err;
}
