/* Building BTF in the guest (btf__new_empty, btf__add_*), as libbpf's
 * writer API: each call appends a type (or a member, value, parameter or
 * variable to the last type) and returns the new type's id, checking its
 * arguments as libbpf does (-EINVAL otherwise). Strings are kept once. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "btf_internal.h"
#include "internal.h"

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t cap2 = *cap ? *cap : 256;
	while (cap2 < need)
		cap2 *= 2;
	void *grown = realloc(*buf, cap2 * elem);
	if (!grown)
		return sdk_fail_with(ENOMEM, "out of memory for BTF");
	*buf = grown;
	*cap = cap2;
	return 0;
}

struct btf *btf__new_empty_split(struct btf *base_btf)
{
	struct btf *btf = sdk_btf_alloc(base_btf);
	if (!btf)
		return NULL;
	/* BTF that is not split starts its strings with "". */
	if (!base_btf) {
		btf->strs = calloc(1, 1);
		if (!btf->strs) {
			free(btf);
			return sdk_btf_fail_ptr(ENOMEM, "out of memory for BTF");
		}
		btf->strs_len = btf->strs_cap = 1;
	}
	return btf;
}

struct btf *btf__new_empty(void)
{
	return btf__new_empty_split(NULL);
}

int btf__find_str(struct btf *btf, const char *s)
{
	if (!s)
		return sdk_fail_with(EINVAL, "no string given");
	if (btf->base) {
		int off = btf__find_str(btf->base, s);
		if (off >= 0)
			return off;
	}
	for (__u32 off = 0; off < btf->strs_len; off += (__u32)strlen(btf->strs + off) + 1)
		if (!strcmp(btf->strs + off, s))
			return (int)(btf->start_str_off + off);
	errno = ENOENT;
	return -ENOENT;
}

int btf__add_str(struct btf *btf, const char *s)
{
	if (!s)
		return sdk_fail_with(EINVAL, "no string given");
	int off = btf__find_str(btf, s);
	if (off >= 0)
		return off;
	size_t len = strlen(s) + 1;
	if ((__u64)btf->start_str_off + btf->strs_len + len > BTF_MAX_NAME_OFFSET + 1ULL)
		return sdk_fail_with(E2BIG, "BTF strings would pass %u bytes", BTF_MAX_NAME_OFFSET + 1);
	int err = grow((void **)&btf->strs, &btf->strs_cap, btf->strs_len + len, 1);
	if (err)
		return err;
	memcpy(btf->strs + btf->strs_len, s, len);
	off = (int)(btf->start_str_off + btf->strs_len);
	btf->strs_len += (__u32)len;
	sdk_btf_changed(btf);
	return off;
}

/* The offset of `name`, added if new: 0 for NULL or "" (anonymous). */
static int name_off(struct btf *btf, const char *name)
{
	return name && *name ? btf__add_str(btf, name) : 0;
}

/* Appends a type of `len` bytes (its struct btf_type and what follows),
 * returning its id. */
static int append(struct btf *btf, const void *type, size_t len)
{
	if ((__u64)btf__type_cnt(btf) > BTF_MAX_TYPE)
		return sdk_fail_with(E2BIG, "BTF would have more than %u types", BTF_MAX_TYPE);
	int err = grow((void **)&btf->types, &btf->types_cap, btf->types_len + len, 1);
	err = err ? err : grow((void **)&btf->type_offs, &btf->type_offs_cap, btf->nr_types + 1, sizeof(__u32));
	if (err)
		return err;
	memcpy(btf->types + btf->types_len, type, len);
	btf->type_offs[btf->nr_types++] = btf->types_len;
	btf->types_len += (__u32)len;
	sdk_btf_changed(btf);
	return (int)(btf__type_cnt(btf) - 1);
}

static __u32 info(__u16 kind, __u16 vlen, bool kflag)
{
	return ((__u32)kflag << 31) | ((__u32)kind << 24) | vlen;
}

/* A type of just a struct btf_type: `name` (NULL: none), `size_or_type`. */
static int add_plain(struct btf *btf, const char *name, __u32 type_info, __u32 size_or_type)
{
	int off = name_off(btf, name);
	if (off < 0)
		return off;
	struct btf_type t = { .name_off = (__u32)off, .info = type_info, .size = size_or_type };
	return append(btf, &t, sizeof(t));
}

/* The last type, if it is one of `kind` (or of `kind2`): what members,
 * values, parameters and variables are added to. */
static struct btf_type *last_of(struct btf *btf, __u16 kind, __u16 kind2, const char *what)
{
	if (!btf->nr_types) {
		sdk_fail_with(EINVAL, "%s: no type to add to", what);
		return NULL;
	}
	struct btf_type *t = (struct btf_type *)(btf->types + btf->type_offs[btf->nr_types - 1]);
	if (btf_kind(t) != kind && btf_kind(t) != kind2) {
		sdk_fail_with(EINVAL, "%s: the last type is of kind %u", what, btf_kind(t));
		return NULL;
	}
	if (btf_vlen(t) == BTF_MAX_VLEN) {
		sdk_fail_with(E2BIG, "%s: the last type has %u entries already", what, BTF_MAX_VLEN);
		return NULL;
	}
	return t;
}

/* Appends `len` bytes to the last type (`t` before any realloc) and
 * counts one more entry in its vlen, setting its kind flag if `kflag`. */
static int extend_last(struct btf *btf, const void *entry, size_t len, bool kflag)
{
	int err = grow((void **)&btf->types, &btf->types_cap, btf->types_len + len, 1);
	if (err)
		return err;
	memcpy(btf->types + btf->types_len, entry, len);
	btf->types_len += (__u32)len;
	struct btf_type *t = (struct btf_type *)(btf->types + btf->type_offs[btf->nr_types - 1]);
	t->info = info(btf_kind(t), btf_vlen(t) + 1, btf_kflag(t) || kflag);
	sdk_btf_changed(btf);
	return 0;
}

static bool bad_id(int id)
{
	return id < 0;
}

static bool named(const char *name)
{
	return name && *name;
}

int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_int: an int needs a name");
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 16)
		return sdk_fail_with(EINVAL, "btf__add_int: %zu bytes is not an int's size", byte_sz);
	if (encoding & ~(BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL))
		return sdk_fail_with(EINVAL, "btf__add_int: unknown encoding 0x%x", encoding);
	int off = btf__add_str(btf, name);
	if (off < 0)
		return off;
	struct {
		struct btf_type t;
		__u32 int_info;
	} type = {
		.t = { .name_off = (__u32)off, .info = info(BTF_KIND_INT, 0, false), .size = (__u32)byte_sz },
		.int_info = ((__u32)encoding << 24) | (__u32)(byte_sz * 8),
	};
	return append(btf, &type, sizeof(type));
}

int btf__add_float(struct btf *btf, const char *name, size_t byte_sz)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_float: a float needs a name");
	if (byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 12 && byte_sz != 16)
		return sdk_fail_with(EINVAL, "btf__add_float: %zu bytes is not a float's size", byte_sz);
	return add_plain(btf, name, info(BTF_KIND_FLOAT, 0, false), (__u32)byte_sz);
}

static int add_ref(struct btf *btf, __u16 kind, const char *name, int ref_type_id)
{
	if (bad_id(ref_type_id))
		return sdk_fail_with(EINVAL, "BTF type id %d is negative", ref_type_id);
	return add_plain(btf, name, info(kind, 0, false), (__u32)ref_type_id);
}

int btf__add_ptr(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_PTR, NULL, ref_type_id);
}

int btf__add_volatile(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_VOLATILE, NULL, ref_type_id);
}

int btf__add_const(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_CONST, NULL, ref_type_id);
}

int btf__add_restrict(struct btf *btf, int ref_type_id)
{
	return add_ref(btf, BTF_KIND_RESTRICT, NULL, ref_type_id);
}

int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_typedef: a typedef needs a name");
	return add_ref(btf, BTF_KIND_TYPEDEF, name, ref_type_id);
}

int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id)
{
	if (!named(value))
		return sdk_fail_with(EINVAL, "btf__add_type_tag: a type tag needs a value");
	return add_ref(btf, BTF_KIND_TYPE_TAG, value, ref_type_id);
}

int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id, __u32 nr_elems)
{
	if (bad_id(index_type_id) || bad_id(elem_type_id))
		return sdk_fail_with(EINVAL, "btf__add_array: negative type id");
	struct {
		struct btf_type t;
		struct btf_array a;
	} type = {
		.t = { .info = info(BTF_KIND_ARRAY, 0, false) },
		.a = { .type = (__u32)elem_type_id, .index_type = (__u32)index_type_id, .nelems = nr_elems },
	};
	return append(btf, &type, sizeof(type));
}

int btf__add_struct(struct btf *btf, const char *name, __u32 sz)
{
	return add_plain(btf, name, info(BTF_KIND_STRUCT, 0, false), sz);
}

int btf__add_union(struct btf *btf, const char *name, __u32 sz)
{
	return add_plain(btf, name, info(BTF_KIND_UNION, 0, false), sz);
}

int btf__add_field(struct btf *btf, const char *name, int field_type_id, __u32 bit_offset, __u32 bit_size)
{
	if (!last_of(btf, BTF_KIND_STRUCT, BTF_KIND_UNION, "btf__add_field"))
		return -errno;
	if (bad_id(field_type_id))
		return sdk_fail_with(EINVAL, "btf__add_field: negative type id");
	bool bitfield = bit_size || bit_offset % 8;
	if (bitfield && (bit_size > 0xff || bit_offset > 0xffffff))
		return sdk_fail_with(EINVAL, "btf__add_field: bitfield of %u bits at bit %u does not fit BTF", bit_size,
				     bit_offset);
	int off = name_off(btf, name);
	if (off < 0)
		return off;
	struct btf_member m = { .name_off = (__u32)off, .type = (__u32)field_type_id,
				.offset = bit_offset | (bit_size << 24) };
	return extend_last(btf, &m, sizeof(m), bitfield);
}

int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz)
{
	if (bytes_sz != 1 && bytes_sz != 2 && bytes_sz != 4 && bytes_sz != 8)
		return sdk_fail_with(EINVAL, "btf__add_enum: %u bytes is not an enum's size", bytes_sz);
	return add_plain(btf, name, info(BTF_KIND_ENUM, 0, false), bytes_sz);
}

int btf__add_enum_value(struct btf *btf, const char *name, __s64 value)
{
	if (!last_of(btf, BTF_KIND_ENUM, BTF_KIND_ENUM, "btf__add_enum_value"))
		return -errno;
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_enum_value: a value needs a name");
	if (value < INT_MIN || value > UINT_MAX)
		return sdk_fail_with(E2BIG, "btf__add_enum_value: %lld does not fit 32 bits", (long long)value);
	int off = btf__add_str(btf, name);
	if (off < 0)
		return off;
	struct btf_enum e = { .name_off = (__u32)off, .val = (__s32)value };
	return extend_last(btf, &e, sizeof(e), value < 0);
}

int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz, bool is_signed)
{
	if (bytes_sz != 1 && bytes_sz != 2 && bytes_sz != 4 && bytes_sz != 8)
		return sdk_fail_with(EINVAL, "btf__add_enum64: %u bytes is not an enum's size", bytes_sz);
	return add_plain(btf, name, info(BTF_KIND_ENUM64, 0, is_signed), bytes_sz);
}

int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value)
{
	if (!last_of(btf, BTF_KIND_ENUM64, BTF_KIND_ENUM64, "btf__add_enum64_value"))
		return -errno;
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_enum64_value: a value needs a name");
	int off = btf__add_str(btf, name);
	if (off < 0)
		return off;
	struct btf_enum64 e = { .name_off = (__u32)off, .val_lo32 = (__u32)value, .val_hi32 = (__u32)(value >> 32) };
	return extend_last(btf, &e, sizeof(e), false);
}

int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_fwd: a forward declaration needs a name");
	switch (fwd_kind) {
	case BTF_FWD_STRUCT:
	case BTF_FWD_UNION:
		return add_plain(btf, name, info(BTF_KIND_FWD, 0, fwd_kind == BTF_FWD_UNION), 0);
	case BTF_FWD_ENUM:
		/* As libbpf (and C): an enum of no values, the size of int. */
		return add_plain(btf, name, info(BTF_KIND_ENUM, 0, false), sizeof(int));
	default:
		return sdk_fail_with(EINVAL, "btf__add_fwd: unknown kind %d", (int)fwd_kind);
	}
}

int btf__add_func(struct btf *btf, const char *name, enum btf_func_linkage linkage, int proto_type_id)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_func: a function needs a name");
	if (linkage != BTF_FUNC_STATIC && linkage != BTF_FUNC_GLOBAL && linkage != BTF_FUNC_EXTERN)
		return sdk_fail_with(EINVAL, "btf__add_func: unknown linkage %d", (int)linkage);
	if (bad_id(proto_type_id))
		return sdk_fail_with(EINVAL, "btf__add_func: negative type id");
	return add_plain(btf, name, info(BTF_KIND_FUNC, (__u16)linkage, false), (__u32)proto_type_id);
}

int btf__add_func_proto(struct btf *btf, int ret_type_id)
{
	return add_ref(btf, BTF_KIND_FUNC_PROTO, NULL, ret_type_id);
}

int btf__add_func_param(struct btf *btf, const char *name, int type_id)
{
	if (!last_of(btf, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO, "btf__add_func_param"))
		return -errno;
	if (bad_id(type_id))
		return sdk_fail_with(EINVAL, "btf__add_func_param: negative type id");
	int off = name_off(btf, name);
	if (off < 0)
		return off;
	struct btf_param p = { .name_off = (__u32)off, .type = (__u32)type_id };
	return extend_last(btf, &p, sizeof(p), false);
}

int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_var: a variable needs a name");
	if (linkage != BTF_VAR_STATIC && linkage != BTF_VAR_GLOBAL_ALLOCATED && linkage != BTF_VAR_GLOBAL_EXTERN)
		return sdk_fail_with(EINVAL, "btf__add_var: unknown linkage %d", linkage);
	if (bad_id(type_id))
		return sdk_fail_with(EINVAL, "btf__add_var: negative type id");
	int off = btf__add_str(btf, name);
	if (off < 0)
		return off;
	struct {
		struct btf_type t;
		struct btf_var v;
	} type = {
		.t = { .name_off = (__u32)off, .info = info(BTF_KIND_VAR, 0, false), .type = (__u32)type_id },
		.v = { .linkage = (__u32)linkage },
	};
	return append(btf, &type, sizeof(type));
}

int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz)
{
	if (!named(name))
		return sdk_fail_with(EINVAL, "btf__add_datasec: a data section needs a name");
	return add_plain(btf, name, info(BTF_KIND_DATASEC, 0, false), byte_sz);
}

int btf__add_datasec_var_info(struct btf *btf, int var_type_id, __u32 offset, __u32 byte_sz)
{
	if (!last_of(btf, BTF_KIND_DATASEC, BTF_KIND_DATASEC, "btf__add_datasec_var_info"))
		return -errno;
	if (var_type_id <= 0)
		return sdk_fail_with(EINVAL, "btf__add_datasec_var_info: type id %d is not a variable's", var_type_id);
	struct btf_var_secinfo v = { .type = (__u32)var_type_id, .offset = offset, .size = byte_sz };
	return extend_last(btf, &v, sizeof(v), false);
}

int btf__add_decl_tag(struct btf *btf, const char *value, int ref_type_id, int component_idx)
{
	if (!named(value))
		return sdk_fail_with(EINVAL, "btf__add_decl_tag: a tag needs a value");
	if (bad_id(ref_type_id) || component_idx < -1)
		return sdk_fail_with(EINVAL, "btf__add_decl_tag: negative type id or component below -1");
	int off = btf__add_str(btf, value);
	if (off < 0)
		return off;
	struct {
		struct btf_type t;
		struct btf_decl_tag d;
	} type = {
		.t = { .name_off = (__u32)off, .info = info(BTF_KIND_DECL_TAG, 0, false), .type = (__u32)ref_type_id },
		.d = { .component_idx = component_idx },
	};
	return append(btf, &type, sizeof(type));
}

/* The string at `src` offset `off` added to `btf`: its new offset. */
static int copy_str(struct btf *btf, const struct btf *src, __u32 *off)
{
	if (!*off)
		return 0;
	const char *s = sdk_btf_str(src, *off);
	if (!s)
		return sdk_fail_with(EINVAL, "BTF string offset %u is past the strings", *off);
	int new_off = btf__add_str(btf, s);
	if (new_off < 0)
		return new_off;
	*off = (__u32)new_off;
	return 0;
}

/* A referred type id moved by `shift`, unless it is void. */
static __u32 shifted(__u32 id, __u32 shift)
{
	return id ? id + shift : 0;
}

/* Appends a copy of `src_type` (of `src_btf`) with its strings added to
 * `btf`, its type ids moved by `id_shift` (0: kept, as btf__add_type
 * keeps them). */
static int copy_type(struct btf *btf, const struct btf *src_btf, const struct btf_type *src_type, __u32 id_shift)
{
	int extra = sdk_btf_extra_size(btf_kind(src_type), btf_vlen(src_type));
	if (extra < 0 || btf_is_void(src_type))
		return sdk_fail_with(EINVAL, "BTF kind %u cannot be copied", btf_kind(src_type));
	size_t len = sizeof(*src_type) + (size_t)extra;
	struct btf_type *t = malloc(len);
	if (!t)
		return sdk_fail_with(ENOMEM, "out of memory for BTF");
	memcpy(t, src_type, len);
	int err = copy_str(btf, src_btf, &t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		t->type = shifted(t->type, id_shift);
		break;
	case BTF_KIND_FUNC_PROTO:
		t->type = shifted(t->type, id_shift);
		for (__u16 i = 0; !err && i < btf_vlen(t); i++) {
			btf_params(t)[i].type = shifted(btf_params(t)[i].type, id_shift);
			err = copy_str(btf, src_btf, &btf_params(t)[i].name_off);
		}
		break;
	case BTF_KIND_ARRAY:
		btf_array(t)->type = shifted(btf_array(t)->type, id_shift);
		btf_array(t)->index_type = shifted(btf_array(t)->index_type, id_shift);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (__u16 i = 0; !err && i < btf_vlen(t); i++) {
			btf_members(t)[i].type = shifted(btf_members(t)[i].type, id_shift);
			err = copy_str(btf, src_btf, &btf_members(t)[i].name_off);
		}
		break;
	case BTF_KIND_ENUM:
		for (__u16 i = 0; !err && i < btf_vlen(t); i++)
			err = copy_str(btf, src_btf, &btf_enum(t)[i].name_off);
		break;
	case BTF_KIND_ENUM64:
		for (__u16 i = 0; !err && i < btf_vlen(t); i++)
			err = copy_str(btf, src_btf, &btf_enum64(t)[i].name_off);
		break;
	case BTF_KIND_DATASEC:
		for (__u16 i = 0; i < btf_vlen(t); i++)
			btf_var_secinfos(t)[i].type = shifted(btf_var_secinfos(t)[i].type, id_shift);
		break;
	default:
		break;
	}
	int id = err ? err : append(btf, t, len);
	free(t);
	return id;
}

int btf__add_type(struct btf *btf, const struct btf *src_btf, const struct btf_type *src_type)
{
	if (!src_btf || !src_type)
		return sdk_fail_with(EINVAL, "btf__add_type: no type given");
	return copy_type(btf, src_btf, src_type, 0);
}

int btf__add_btf(struct btf *btf, const struct btf *src_btf)
{
	if (!src_btf)
		return sdk_fail_with(EINVAL, "btf__add_btf: no BTF given");
	if (src_btf->base)
		return sdk_fail_with(EOPNOTSUPP, "btf__add_btf: split BTF cannot be added");
	/* Source id 1 becomes the next id here. */
	__u32 first = btf__type_cnt(btf), shift = first - 1;
	for (__u32 id = 1; id < btf__type_cnt(src_btf); id++) {
		int err = copy_type(btf, src_btf, sdk_btf_type(src_btf, id), shift);
		if (err < 0)
			return err;
	}
	return (int)first;
}
