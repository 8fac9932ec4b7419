/* libbpf's BTF API (<bpf/btf.h>, libbpf 1.1) for WebAssembly guests: every
 * function with libbpf's signature, its option structs and its inline
 * helpers. The parsing and the C dumper are the SDK's own, in the guest
 * (src/btf*.c): the raw BTF comes from the host (wasi:bpf/btf: the
 * kernel's, a module's, an object's) or from memory or a file (raw BTF or
 * ELF) the guest reads itself.
 *
 * Conventions are libbpf's: a pointer-returning call gives NULL and sets
 * errno, an int-returning one a negative errno (errno set too).
 *
 * Differences, because no kernel fd reaches a guest and the SDK parses
 * what a tool reads rather than what it builds for the kernel:
 * - what needs the kernel (btf__load_into_kernel, btf__fd,
 *   btf__load_from_kernel_by_id*) and deduplication (btf__dedup) give
 *   -EOPNOTSUPP (NULL, errno EOPNOTSUPP) with a warning through the
 *   libbpf_set_print function;
 * - only BTF and ELF of the guest's own byte order (little-endian) are read;
 * - BTF that names no `long` has a pointer size of 8 for btf__resolve_size
 *   and btf__align_of (BPF's and the kernel's), not the guest's 4;
 * - btf__load_module_btf wants a module name as /sys/kernel/btf spells it
 *   (letters, digits and _: the host refuses others, EINVAL). */
#ifndef __LIBBPF_BTF_H
#define __LIBBPF_BTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <linux/btf.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BTF_ELF_SEC ".BTF"
#define BTF_EXT_ELF_SEC ".BTF.ext"
#define MAPS_ELF_SEC ".maps"

struct btf;
struct btf_ext;
struct btf_type;
struct bpf_object;

enum btf_endianness {
	BTF_LITTLE_ENDIAN = 0,
	BTF_BIG_ENDIAN = 1,
};

/* Frees `btf` (NULL is fine); not one bpf_object__btf gave. */
void btf__free(struct btf *btf);

/* Parses raw BTF (a copy is kept). The _split forms parse BTF whose ids
 * and strings continue `base_btf`'s (a module's over the kernel's), which
 * must outlive the result. */
struct btf *btf__new(const void *data, __u32 size);
struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf);
/* Empty BTF to add types to with btf__add_*. */
struct btf *btf__new_empty(void);
struct btf *btf__new_empty_split(struct btf *base_btf);

/* From a file the guest can open (its preopens): btf__parse* take raw BTF
 * or ELF, btf__parse_elf* the .BTF (and .BTF.ext) of an ELF file (its
 * class sets the pointer size), btf__parse_raw* raw BTF (EPROTO for other
 * bytes). A file that is no ELF is -LIBBPF_ERRNO__FORMAT, an ELF without
 * .BTF ENOENT, as in libbpf. */
struct btf *btf__parse(const char *path, struct btf_ext **btf_ext);
struct btf *btf__parse_split(const char *path, struct btf *base_btf);
struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext);
struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf);
struct btf *btf__parse_raw(const char *path);
struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf);

/* The kernel's BTF and a module's, from the host (wasi:bpf/btf): NULL and
 * EOPNOTSUPP when the kernel has no BTF, ENOENT for a module that is not
 * loaded or has none. */
struct btf *btf__load_vmlinux_btf(void);
struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf);
/* Unsupported: no kernel BTF object is reachable by id. */
struct btf *btf__load_from_kernel_by_id(__u32 id);
struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf);

/* Unsupported: the host loads an object's BTF with the object. */
int btf__load_into_kernel(struct btf *btf);

/* The id of the first type named `type_name` (of kind `kind`), base BTF
 * included; 0 for "void"; -ENOENT when there is none. */
__s32 btf__find_by_name(const struct btf *btf, const char *type_name);
__s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name, __u32 kind);
/* Types, void (id 0) and base BTF's included: ids are 0 to count - 1. */
__u32 btf__type_cnt(const struct btf *btf);
const struct btf *btf__base_btf(const struct btf *btf);
/* The type `id` (id 0: void), or NULL and EINVAL past the last. Valid
 * until the BTF is changed or freed. */
const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id);
size_t btf__pointer_size(const struct btf *btf);
int btf__set_pointer_size(struct btf *btf, size_t ptr_sz);
enum btf_endianness btf__endianness(const struct btf *btf);
/* Only the guest's own order (BTF_LITTLE_ENDIAN) is accepted. */
int btf__set_endianness(struct btf *btf, enum btf_endianness endian);
/* Bytes of the type, through typedefs, modifiers and arrays. */
__s64 btf__resolve_size(const struct btf *btf, __u32 type_id);
/* The type under typedefs, modifiers, variables and tags. */
int btf__resolve_type(const struct btf *btf, __u32 type_id);
int btf__align_of(const struct btf *btf, __u32 id);
/* Unsupported: no kernel fd reaches a guest. */
int btf__fd(const struct btf *btf);
void btf__set_fd(struct btf *btf, int fd);
/* The BTF as raw bytes (header, types, strings), valid until it is
 * changed or freed. */
const void *btf__raw_data(const struct btf *btf, __u32 *size);
/* The string at `offset` (base BTF's below its end): NULL past the end. */
const char *btf__name_by_offset(const struct btf *btf, __u32 offset);
const char *btf__str_by_offset(const struct btf *btf, __u32 offset);

/* .BTF.ext from bytes, checked as libbpf checks it (EINVAL for a bad
 * layout, EOPNOTSUPP for another byte order, version or flags). */
struct btf_ext *btf_ext__new(const __u8 *data, __u32 size);
void btf_ext__free(struct btf_ext *btf_ext);
const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size);

/* ---- building BTF: each btf__add_* returns the new type's id ---------- */

int btf__find_str(struct btf *btf, const char *s);
int btf__add_str(struct btf *btf, const char *s);
int btf__add_type(struct btf *btf, const struct btf *src_btf, const struct btf_type *src_type);
int btf__add_btf(struct btf *btf, const struct btf *src_btf);

int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding);
int btf__add_float(struct btf *btf, const char *name, size_t byte_sz);
int btf__add_ptr(struct btf *btf, int ref_type_id);
int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id, __u32 nr_elems);

/* A struct or union, then its members with btf__add_field. */
int btf__add_struct(struct btf *btf, const char *name, __u32 sz);
int btf__add_union(struct btf *btf, const char *name, __u32 sz);
int btf__add_field(struct btf *btf, const char *name, int field_type_id, __u32 bit_offset, __u32 bit_size);

/* An enum, then its values. */
int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz);
int btf__add_enum_value(struct btf *btf, const char *name, __s64 value);
int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz, bool is_signed);
int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value);

enum btf_fwd_kind {
	BTF_FWD_STRUCT = 0,
	BTF_FWD_UNION = 1,
	BTF_FWD_ENUM = 2,
};

int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind);
int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id);
int btf__add_volatile(struct btf *btf, int ref_type_id);
int btf__add_const(struct btf *btf, int ref_type_id);
int btf__add_restrict(struct btf *btf, int ref_type_id);
int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id);

/* A function and its prototype, then the prototype's parameters. */
int btf__add_func(struct btf *btf, const char *name, enum btf_func_linkage linkage, int proto_type_id);
int btf__add_func_proto(struct btf *btf, int ret_type_id);
int btf__add_func_param(struct btf *btf, const char *name, int type_id);

/* A variable; a data section, then its variables. */
int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id);
int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz);
int btf__add_datasec_var_info(struct btf *btf, int var_type_id, __u32 offset, __u32 byte_sz);

int btf__add_decl_tag(struct btf *btf, const char *value, int ref_type_id, int component_idx);

struct btf_dedup_opts {
	size_t sz;
	struct btf_ext *btf_ext;
	bool force_collisions;
	size_t :0;
};
#define btf_dedup_opts__last_field force_collisions

/* Unsupported. */
int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts);

/* ---- C type dumping: libbpf's output, byte for byte -------------------- */

struct btf_dump;

struct btf_dump_opts {
	size_t sz;
};
#define btf_dump_opts__last_field sz

typedef void (*btf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list args);

/* A dumper writing through `printf_fn(ctx, ...)`; `btf` must outlive it. */
struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn, void *ctx,
			       const struct btf_dump_opts *opts);
void btf_dump__free(struct btf_dump *d);
/* Type `id` as compilable C, after the types it needs that this dumper
 * has not written yet (as `bpftool btf dump format c`, which calls it for
 * every id). -EINVAL for an id past the BTF, -ELOOP for types C cannot
 * write. */
int btf_dump__dump_type(struct btf_dump *d, __u32 id);

struct btf_dump_emit_type_decl_opts {
	size_t sz;
	const char *field_name;
	int indent_level;
	bool strip_mods;
	size_t :0;
};
#define btf_dump_emit_type_decl_opts__last_field strip_mods

/* One declaration of type `id` (named field_name), as in a struct. */
int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id, const struct btf_dump_emit_type_decl_opts *opts);

struct btf_dump_type_data_opts {
	size_t sz;
	const char *indent_str;
	int indent_level;
	bool compact;
	bool skip_names;
	bool emit_zeroes;
	size_t :0;
};
#define btf_dump_type_data_opts__last_field emit_zeroes

/* `data` as a C initializer of type `id`, in libbpf 1.1's format and with
 * its quirks (src/btf_dump_data.c); pointers print as on a 64-bit glibc
 * host ("(nil)" for NULL). The bytes dumped, -ENOENT for an unknown id,
 * -E2BIG when a number runs past data_sz. */
int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data, size_t data_sz,
			     const struct btf_dump_type_data_opts *opts);

/* ---- the object's BTF (libbpf declares it in <bpf/libbpf.h>) ----------- */

/* The BTF of a guest's object as the host's libbpf fixed it up at open
 * (wasi:bpf/btf object-btf), parsed once and owned by the object: freed
 * by bpf_object__close. NULL when the object has no BTF (errno ENOENT),
 * or on failure (errno set). */
struct btf *bpf_object__btf(const struct bpf_object *obj);

/* ---- inline helpers over struct btf_type, as libbpf's ------------------ */

/* Kinds newer than some UAPI headers, as libbpf defines them too. */
#ifndef BTF_KIND_DECL_TAG
#define BTF_KIND_DECL_TAG	17
#endif
#ifndef BTF_KIND_TYPE_TAG
#define BTF_KIND_TYPE_TAG	18
#endif
#ifndef BTF_KIND_ENUM64
#define BTF_KIND_ENUM64		19
#endif

static inline __u16 btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline bool btf_is_void(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_UNKN; }
static inline bool btf_is_int(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_INT; }
static inline bool btf_is_ptr(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_PTR; }
static inline bool btf_is_array(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ARRAY; }
static inline bool btf_is_struct(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_STRUCT; }
static inline bool btf_is_union(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_UNION; }
static inline bool btf_is_enum(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ENUM; }
static inline bool btf_is_enum64(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ENUM64; }
static inline bool btf_is_fwd(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FWD; }
static inline bool btf_is_typedef(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_TYPEDEF; }
static inline bool btf_is_volatile(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_VOLATILE; }
static inline bool btf_is_const(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_CONST; }
static inline bool btf_is_restrict(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_RESTRICT; }
static inline bool btf_is_func(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FUNC; }
static inline bool btf_is_func_proto(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FUNC_PROTO; }
static inline bool btf_is_var(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_VAR; }
static inline bool btf_is_datasec(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_DATASEC; }
static inline bool btf_is_float(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FLOAT; }
static inline bool btf_is_decl_tag(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_DECL_TAG; }
static inline bool btf_is_type_tag(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_TYPE_TAG; }

static inline bool btf_is_composite(const struct btf_type *t)
{
	return btf_is_struct(t) || btf_is_union(t);
}

/* A modifier: volatile, const, restrict or a type tag. */
static inline bool btf_is_mod(const struct btf_type *t)
{
	return btf_is_volatile(t) || btf_is_const(t) || btf_is_restrict(t) || btf_is_type_tag(t);
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

/* Kinds CO-RE relocations treat as matching: equal, or both enums. */
static inline bool btf_kind_core_compat(const struct btf_type *t1, const struct btf_type *t2)
{
	return btf_kind(t1) == btf_kind(t2) || (btf_is_any_enum(t1) && btf_is_any_enum(t2));
}

/* The __u32 after an INT. */
static inline __u8 btf_int_encoding(const struct btf_type *t)
{
	return BTF_INT_ENCODING(*(const __u32 *)(t + 1));
}

static inline __u8 btf_int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(*(const __u32 *)(t + 1));
}

static inline __u8 btf_int_bits(const struct btf_type *t)
{
	return BTF_INT_BITS(*(const __u32 *)(t + 1));
}

/* What follows a type of each kind. */
static inline struct btf_array *btf_array(const struct btf_type *t)
{
	return (struct btf_array *)(t + 1);
}

static inline struct btf_enum *btf_enum(const struct btf_type *t)
{
	return (struct btf_enum *)(t + 1);
}

static inline struct btf_enum64 *btf_enum64(const struct btf_type *t)
{
	return (struct btf_enum64 *)(t + 1);
}

static inline __u64 btf_enum64_value(const struct btf_enum64 *e)
{
	return ((__u64)e->val_hi32 << 32) | e->val_lo32;
}

static inline struct btf_member *btf_members(const struct btf_type *t)
{
	return (struct btf_member *)(t + 1);
}

/* Member `member_idx`'s offset in bits, and its bitfield size (0 for a
 * member that is not a bitfield). */
static inline __u32 btf_member_bit_offset(const struct btf_type *t, __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;
	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

static inline __u32 btf_member_bitfield_size(const struct btf_type *t, __u32 member_idx)
{
	const struct btf_member *m = btf_members(t) + member_idx;
	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

static inline struct btf_param *btf_params(const struct btf_type *t)
{
	return (struct btf_param *)(t + 1);
}

static inline struct btf_var *btf_var(const struct btf_type *t)
{
	return (struct btf_var *)(t + 1);
}

static inline struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return (struct btf_var_secinfo *)(t + 1);
}

static inline struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (struct btf_decl_tag *)(t + 1);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* __LIBBPF_BTF_H */
