/* Raw BTF into struct btf and back: btf__new and btf__new_split (which
 * check the bytes as libbpf does before anything reads them), btf__free,
 * btf__raw_data, and the lookups of a type by id and a string by offset
 * that every other BTF call goes through. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "btf_internal.h"
#include "internal.h"

/* The magic as it reads from BTF of the other byte order. */
#define BTF_MAGIC_SWAPPED 0x9FeB

static const struct btf_type void_type;

void *sdk_btf_fail_ptr(int errnum, const char *format, ...)
{
	char *message = NULL;
	va_list args;
	va_start(args, format);
	if (vasprintf(&message, format, args) < 0)
		message = NULL;
	va_end(args);
	sdk_warn("libbpf: %s\n", message ? message : "BTF error");
	sdk_fail_with(errnum, "%s", message ? message : "BTF error");
	free(message);
	return NULL;
}

int sdk_btf_extra_size(__u16 kind, __u16 vlen)
{
	switch (kind) {
	case BTF_KIND_FWD:
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_INT:
		return sizeof(__u32);
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * (int)sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * (int)sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return vlen * (int)sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return vlen * (int)sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return vlen * (int)sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	default:
		return -1;
	}
}

const struct btf_type *sdk_btf_type(const struct btf *btf, __u32 id)
{
	if (id == 0)
		return &void_type;
	if (id < btf->start_id)
		return btf->base ? sdk_btf_type(btf->base, id) : NULL;
	id -= btf->start_id;
	if (id >= btf->nr_types)
		return NULL;
	return (const struct btf_type *)(btf->types + btf->type_offs[id]);
}

const char *sdk_btf_str(const struct btf *btf, __u32 offset)
{
	if (offset < btf->start_str_off)
		return btf->base ? sdk_btf_str(btf->base, offset) : NULL;
	offset -= btf->start_str_off;
	return offset < btf->strs_len ? btf->strs + offset : NULL;
}

void sdk_btf_changed(struct btf *btf)
{
	free(btf->raw);
	btf->raw = NULL;
	btf->raw_size = 0;
}

struct btf *sdk_btf_alloc(struct btf *base)
{
	struct btf *btf = calloc(1, sizeof(*btf));
	if (!btf)
		return sdk_btf_fail_ptr(ENOMEM, "out of memory for BTF");
	btf->base = base;
	btf->fd = -1;
	btf->start_id = base ? btf__type_cnt(base) : 1;
	btf->start_str_off = base ? base->start_str_off + base->strs_len : 0;
	return btf;
}

void btf__free(struct btf *btf)
{
	if (!btf)
		return;
	free(btf->types);
	free(btf->type_offs);
	free(btf->strs);
	free(btf->raw);
	free(btf);
}

/* Finds where each type starts, checking each lies within the section
 * and is of a kind BTF has. */
static int index_types(struct btf *btf)
{
	__u32 off = 0, n = 0;
	while (off < btf->types_len) {
		if (btf->types_len - off < sizeof(struct btf_type))
			return sdk_fail_with(EINVAL, "BTF type %u at offset %u is cut off", btf->start_id + n, off);
		const struct btf_type *t = (const struct btf_type *)(btf->types + off);
		int extra = sdk_btf_extra_size(btf_kind(t), btf_vlen(t));
		if (extra < 0 || btf_kind(t) == BTF_KIND_UNKN)
			return sdk_fail_with(EINVAL, "BTF type %u has kind %u, which BTF does not have", btf->start_id + n,
					     btf_kind(t));
		__u32 len = sizeof(struct btf_type) + (__u32)extra;
		if (btf->types_len - off < len)
			return sdk_fail_with(EINVAL, "BTF type %u at offset %u is cut off", btf->start_id + n, off);
		if ((__u64)btf->start_id + n >= BTF_MAX_TYPE)
			return sdk_fail_with(E2BIG, "BTF has more than %u types", BTF_MAX_TYPE);
		if (n == btf->type_offs_cap) {
			size_t cap = btf->type_offs_cap ? btf->type_offs_cap * 2 : 1024;
			__u32 *offs = realloc(btf->type_offs, cap * sizeof(*offs));
			if (!offs)
				return sdk_fail_with(ENOMEM, "out of memory for BTF");
			btf->type_offs = offs;
			btf->type_offs_cap = cap;
		}
		btf->type_offs[n++] = off;
		off += len;
	}
	btf->nr_types = n;
	return 0;
}

static bool valid_id(const struct btf *btf, __u32 id)
{
	return id < btf__type_cnt(btf);
}

/* What libbpf checks of each type before any lookup: its name is a
 * string of the BTF, and the types it refers to exist. */
static int check_types(const struct btf *btf)
{
	for (__u32 i = 0; i < btf->nr_types; i++) {
		__u32 id = btf->start_id + i;
		const struct btf_type *t = sdk_btf_type(btf, id);
		if (!sdk_btf_str(btf, t->name_off))
			return sdk_fail_with(EINVAL, "BTF type %u: name offset %u is past the strings", id, t->name_off);
		bool ok = true;
		switch (btf_kind(t)) {
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_FUNC:
		case BTF_KIND_FUNC_PROTO:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			ok = valid_id(btf, t->type);
			break;
		case BTF_KIND_ARRAY:
			ok = valid_id(btf, btf_array(t)->type) && valid_id(btf, btf_array(t)->index_type);
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (__u16 j = 0; ok && j < btf_vlen(t); j++)
				ok = valid_id(btf, btf_members(t)[j].type) && sdk_btf_str(btf, btf_members(t)[j].name_off);
			break;
		case BTF_KIND_ENUM:
			for (__u16 j = 0; ok && j < btf_vlen(t); j++)
				ok = sdk_btf_str(btf, btf_enum(t)[j].name_off) != NULL;
			break;
		case BTF_KIND_ENUM64:
			for (__u16 j = 0; ok && j < btf_vlen(t); j++)
				ok = sdk_btf_str(btf, btf_enum64(t)[j].name_off) != NULL;
			break;
		case BTF_KIND_DATASEC:
			for (__u16 j = 0; ok && j < btf_vlen(t); j++)
				ok = valid_id(btf, btf_var_secinfos(t)[j].type);
			break;
		default:
			break;
		}
		if (btf_is_func_proto(t))
			for (__u16 j = 0; ok && j < btf_vlen(t); j++)
				ok = valid_id(btf, btf_params(t)[j].type) && sdk_btf_str(btf, btf_params(t)[j].name_off);
		if (!ok)
			return sdk_fail_with(EINVAL, "BTF type %u refers to a type or string that does not exist", id);
	}
	return 0;
}

/* Copies `data`'s sections into `btf`, checking its header and strings. */
static int parse(struct btf *btf, const unsigned char *data, __u32 size)
{
	struct btf_header hdr;
	if (!data || size < sizeof(hdr))
		return sdk_fail_with(EINVAL, "BTF of %u bytes is shorter than its header", size);
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.magic == BTF_MAGIC_SWAPPED)
		return sdk_fail_with(EOPNOTSUPP, "big-endian BTF is not supported");
	if (hdr.magic != BTF_MAGIC)
		return sdk_fail_with(EINVAL, "not BTF (magic 0x%x)", hdr.magic);
	if (hdr.version != BTF_VERSION)
		return sdk_fail_with(EOPNOTSUPP, "BTF version %u is not supported", hdr.version);
	if (hdr.hdr_len < sizeof(hdr) || hdr.hdr_len > size)
		return sdk_fail_with(EINVAL, "BTF header length %u is out of range", hdr.hdr_len);
	__u64 left = size - hdr.hdr_len;
	if ((__u64)hdr.type_off + hdr.type_len > left || (__u64)hdr.str_off + hdr.str_len > left ||
	    hdr.type_off % 4 != 0)
		return sdk_fail_with(EINVAL, "BTF sections lie outside its %u bytes", size);
	const char *strs = (const char *)data + hdr.hdr_len + hdr.str_off;
	if (hdr.str_len > 0 && strs[hdr.str_len - 1] != '\0')
		return sdk_fail_with(EINVAL, "BTF strings do not end with NUL");
	if (!btf->base && (hdr.str_len == 0 || strs[0] != '\0'))
		return sdk_fail_with(EINVAL, "BTF strings do not start with the empty string");
	if ((__u64)btf->start_str_off + hdr.str_len > BTF_MAX_NAME_OFFSET + 1ULL)
		return sdk_fail_with(E2BIG, "BTF strings are longer than %u bytes", BTF_MAX_NAME_OFFSET + 1);

	btf->types = malloc(hdr.type_len ? hdr.type_len : 1);
	btf->strs = malloc(hdr.str_len ? hdr.str_len : 1);
	if (!btf->types || !btf->strs)
		return sdk_fail_with(ENOMEM, "out of memory for %u bytes of BTF", size);
	memcpy(btf->types, data + hdr.hdr_len + hdr.type_off, hdr.type_len);
	btf->types_len = btf->types_cap = hdr.type_len;
	memcpy(btf->strs, strs, hdr.str_len);
	btf->strs_len = btf->strs_cap = hdr.str_len;
	int err = index_types(btf);
	return err ? err : check_types(btf);
}

struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf)
{
	struct btf *btf = sdk_btf_alloc(base_btf);
	if (!btf)
		return NULL;
	int err = parse(btf, data, size);
	if (err) {
		sdk_warn("libbpf: failed to parse BTF: %s\n", libbpf_wasm_last_error());
		btf__free(btf);
		errno = -err;
		return NULL;
	}
	return btf;
}

struct btf *btf__new(const void *data, __u32 size)
{
	return btf__new_split(data, size, NULL);
}

__u32 btf__type_cnt(const struct btf *btf)
{
	return btf->start_id + btf->nr_types;
}

const struct btf *btf__base_btf(const struct btf *btf)
{
	return btf->base;
}

const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = sdk_btf_type(btf, id);
	if (!t)
		errno = EINVAL;
	return t;
}

const char *btf__str_by_offset(const struct btf *btf, __u32 offset)
{
	const char *s = sdk_btf_str(btf, offset);
	if (!s)
		errno = EINVAL;
	return s;
}

const char *btf__name_by_offset(const struct btf *btf, __u32 offset)
{
	return btf__str_by_offset(btf, offset);
}

const void *btf__raw_data(const struct btf *btf_ro, __u32 *size)
{
	/* As libbpf: the bytes are made once and kept with the BTF. */
	struct btf *btf = (struct btf *)btf_ro;
	if (!btf->raw) {
		struct btf_header hdr = {
			.magic = BTF_MAGIC,
			.version = BTF_VERSION,
			.hdr_len = sizeof(hdr),
			.type_off = 0,
			.type_len = btf->types_len,
			.str_off = btf->types_len,
			.str_len = btf->strs_len,
		};
		__u32 total = sizeof(hdr) + btf->types_len + btf->strs_len;
		unsigned char *raw = malloc(total);
		if (!raw) {
			errno = ENOMEM;
			return NULL;
		}
		memcpy(raw, &hdr, sizeof(hdr));
		memcpy(raw + sizeof(hdr), btf->types, btf->types_len);
		memcpy(raw + sizeof(hdr) + btf->types_len, btf->strs, btf->strs_len);
		btf->raw = raw;
		btf->raw_size = total;
	}
	if (size)
		*size = btf->raw_size;
	return btf->raw;
}
