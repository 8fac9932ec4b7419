/* Questions asked of parsed BTF: a type by name (and kind), a type's size,
 * alignment and underlying type, the BTF's pointer size and byte order.
 * Every walk is bounded (SDK_BTF_MAX_DEPTH) and every id checked, so BTF
 * with loops or dangling ids gives an error, not a hang or a crash. */
#include <string.h>

#include "btf_internal.h"
#include "internal.h"

static __s32 find(const struct btf *btf, const char *name, bool any_kind, __u32 kind)
{
	if (!name)
		return sdk_fail_with(EINVAL, "no BTF type name given");
	if (!strcmp(name, "void") || (!any_kind && kind == BTF_KIND_UNKN))
		return 0;
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = sdk_btf_type(btf, id);
		if (!any_kind && btf_kind(t) != kind)
			continue;
		const char *type_name = sdk_btf_str(btf, t->name_off);
		if (type_name && !strcmp(type_name, name))
			return (__s32)id;
	}
	errno = ENOENT;
	return -ENOENT;
}

__s32 btf__find_by_name(const struct btf *btf, const char *type_name)
{
	return find(btf, type_name, true, 0);
}

__s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name, __u32 kind)
{
	return find(btf, type_name, false, kind);
}

/* As libbpf guesses it: the size of `long` (by any of its spellings). */
static int determine_ptr_size(const struct btf *btf)
{
	static const char *const longs[] = {
		"long", "long int", "int long", "unsigned long", "long unsigned", "unsigned long int",
		"unsigned int long", "long unsigned int", "long int unsigned", "int unsigned long", "int long unsigned",
	};
	if (btf->base) {
		size_t sz = btf__pointer_size(btf->base);
		if (sz)
			return (int)sz;
	}
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = sdk_btf_type(btf, id);
		if (!btf_is_int(t) || (t->size != 4 && t->size != 8))
			continue;
		const char *name = sdk_btf_str(btf, t->name_off);
		for (size_t i = 0; name && i < sizeof(longs) / sizeof(longs[0]); i++)
			if (!strcmp(name, longs[i]))
				return (int)t->size;
	}
	return -1;
}

size_t btf__pointer_size(const struct btf *btf_ro)
{
	/* As libbpf: determined once, kept with the BTF. */
	struct btf *btf = (struct btf *)btf_ro;
	if (!btf->ptr_sz)
		btf->ptr_sz = determine_ptr_size(btf);
	return btf->ptr_sz < 0 ? 0 : (size_t)btf->ptr_sz;
}

size_t sdk_btf_ptr_sz(const struct btf *btf)
{
	size_t sz = btf__pointer_size(btf);
	return sz ? sz : SDK_BTF_DEFAULT_PTR_SZ;
}

int btf__set_pointer_size(struct btf *btf, size_t ptr_sz)
{
	if (ptr_sz != 4 && ptr_sz != 8)
		return sdk_fail_with(EINVAL, "pointer size %zu is neither 4 nor 8", ptr_sz);
	btf->ptr_sz = (int)ptr_sz;
	return 0;
}

enum btf_endianness btf__endianness(const struct btf *btf)
{
	(void)btf;
	return BTF_LITTLE_ENDIAN;
}

int btf__set_endianness(struct btf *btf, enum btf_endianness endian)
{
	(void)btf;
	if (endian == BTF_LITTLE_ENDIAN)
		return 0;
	if (endian == BTF_BIG_ENDIAN)
		return sdk_unsupported("btf__set_endianness(BTF_BIG_ENDIAN)", "the SDK reads little-endian BTF only");
	return sdk_fail_with(EINVAL, "endianness %d is neither little nor big", (int)endian);
}

/* Whether `t` only names another type (a typedef, a modifier, a
 * variable, a tag): sizes and resolution look through it. */
static bool names_another(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return true;
	default:
		return false;
	}
}

__s64 btf__resolve_size(const struct btf *btf, __u32 type_id)
{
	__u64 nelems = 1;
	for (int depth = 0; depth < SDK_BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = sdk_btf_type(btf, type_id);
		if (!t || btf_is_void(t))
			break;
		if (names_another(t)) {
			type_id = t->type;
			continue;
		}
		__u64 size;
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			size = t->size;
			goto sized;
		case BTF_KIND_PTR:
			size = sdk_btf_ptr_sz(btf);
			goto sized;
		case BTF_KIND_ARRAY:
			nelems *= btf_array(t)->nelems;
			if (nelems > UINT32_MAX)
				return sdk_fail_with(E2BIG, "BTF type %u: array of more than 2^32 elements", type_id);
			type_id = btf_array(t)->type;
			continue;
		default:
			return sdk_fail_with(EINVAL, "BTF type %u (kind %u) has no size", type_id, btf_kind(t));
		}
	sized:
		if (nelems * size > UINT32_MAX)
			return sdk_fail_with(E2BIG, "BTF type %u: larger than 4 GiB", type_id);
		return (__s64)(nelems * size);
	}
	return sdk_fail_with(EINVAL, "BTF type %u: no sized type within %d steps", type_id, SDK_BTF_MAX_DEPTH);
}

int btf__resolve_type(const struct btf *btf, __u32 type_id)
{
	for (int depth = 0; depth < SDK_BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = sdk_btf_type(btf, type_id);
		if (!t || btf_is_void(t))
			break;
		if (!names_another(t))
			return (int)type_id;
		type_id = t->type;
	}
	return sdk_fail_with(EINVAL, "BTF type %u does not resolve to a type", type_id);
}

static int align_of(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t = sdk_btf_type(btf, id);
	if (!t)
		return sdk_fail_with(EINVAL, "no BTF type %u", id);
	if (depth >= SDK_BTF_MAX_NESTING)
		return sdk_fail_with(EINVAL, "BTF type %u: nested deeper than %d", id, SDK_BTF_MAX_NESTING);
	size_t ptr_sz = sdk_btf_ptr_sz(btf);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return (int)(t->size < ptr_sz ? t->size : ptr_sz);
	case BTF_KIND_PTR:
		return (int)ptr_sz;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return align_of(btf, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return align_of(btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		int max_align = 1;
		for (__u16 i = 0; i < btf_vlen(t); i++) {
			int align = align_of(btf, btf_members(t)[i].type, depth + 1);
			if (align <= 0)
				return align;
			/* A member (not a bitfield) off its natural alignment:
			 * the struct is packed. */
			if (!btf_member_bitfield_size(t, i) && btf_member_bit_offset(t, i) % (8 * (__u32)align) != 0)
				return 1;
			if (align > max_align)
				max_align = align;
		}
		/* A size not a multiple of its members' alignment: packed too. */
		return t->size % (__u32)max_align ? 1 : max_align;
	}
	default:
		return sdk_fail_with(EINVAL, "BTF type %u (kind %u) has no alignment", id, btf_kind(t));
	}
}

int btf__align_of(const struct btf *btf, __u32 id)
{
	return align_of(btf, id, 0);
}
