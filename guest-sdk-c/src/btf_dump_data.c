/* btf_dump__dump_type_data: a value in memory written as a C initializer
 * of its BTF type, in libbpf 1.1's format and with its options (indent,
 * compact, skip_names, emit_zeroes):
 *   (struct sample){
 *   	.pid = (__u32)42,
 *   	.comm = (char[16])['b','a','s','h',],
 *   }
 * Its quirks are libbpf 1.1's, so that a guest prints what the same tool
 * prints natively: members that are zero are left out, a struct or union
 * inside another counting as zero when its first member is; once a char
 * array has ended (at its first NUL), later char arrays of the same call
 * print nothing; pointers print as glibc's %p on a 64-bit host does
 * ("(nil)" for NULL), the data being the kernel's, not the guest's. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "btf_dump_internal.h"
#include "btf_internal.h"
#include "internal.h"

/* The type under typedefs and const/volatile/restrict/type tags, and its
 * id; a chain longer than BTF may nest ends where it is. */
static const struct btf_type *skip_mods_and_typedefs(const struct btf *btf, __u32 id, __u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	for (int depth = 0; t && (btf_is_mod(t) || btf_is_typedef(t)) && depth < SDK_BTF_MAX_DEPTH; depth++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

static const char *name_of(const struct btf_dump *d, __u32 off)
{
	const char *name = btf__name_by_offset(d->btf, off);
	return name ? name : "";
}

static const char *newline(const struct btf_dump *d)
{
	return d->typed->compact || d->typed->depth == 0 ? "" : "\n";
}

static const char *delim(const struct btf_dump *d)
{
	return d->typed->depth == 0 ? "" : ",";
}

static void emit_indent(struct btf_dump *d)
{
	if (d->typed->compact)
		return;
	for (int i = 0; i < d->typed->indent_level + d->typed->depth; i++)
		sdk_dump_printf(d, "%s", d->typed->indent_str);
}

/* A value, then the delimiter and line break its depth wants. */
#define emit_value(d, format, ...) sdk_dump_printf(d, format "%s%s", ##__VA_ARGS__, delim(d), newline(d))

static __u64 read_le(const unsigned char *bytes, __u32 size)
{
	__u64 n = 0;
	for (__u32 i = size; i > 0; i--)
		n = n * 256 + bytes[i - 1];
	return n;
}

static int bitfield_value(const struct btf_type *t, const unsigned char *data, __u8 bits_offset, __u8 bit_sz,
			  __u64 *value)
{
	if (t->size > 8) {
		sdk_warn("libbpf: unexpected bitfield size %d\n", t->size);
		return -EINVAL;
	}
	__u64 n = read_le(data, t->size);
	*value = (n << (64 - (bit_sz + bits_offset))) >> (64 - bit_sz);
	return 0;
}

static bool is_aligned(const struct btf_dump *d, __u32 id, const void *data)
{
	int align = btf__align_of(d->btf, id);
	return align > 0 && (uintptr_t)data % (uintptr_t)align == 0;
}

/* An enum's value, sign-extended as its kind flag says (unaligned: the
 * bytes as an unsigned number, as libbpf reads them then). */
static int enum_value(const struct btf_dump *d, const struct btf_type *t, const unsigned char *data, __u32 id,
		      __s64 *value)
{
	bool is_signed = btf_kflag(t);
	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8) {
		sdk_warn("libbpf: unexpected size %d for enum, id:[%u]\n", t->size, id);
		return -EINVAL;
	}
	__u64 raw = read_le(data, t->size);
	if (!is_aligned(d, id, data) || t->size == 8 || !is_signed) {
		*value = (__s64)raw;
		return 0;
	}
	unsigned shift = 64 - 8 * t->size;
	*value = (__s64)(raw << shift) >> shift;
	return 0;
}

/* ---- whether a value is zero (then left out) ---------------------------- */

static int base_check_zero(const struct btf_dump *d, const struct btf_type *t, __u32 id, const unsigned char *data)
{
	int n = btf_is_ptr(t) ? d->ptr_sz : (int)t->size;
	if (n < 1 || n > 16) {
		sdk_warn("libbpf: unexpected size %d for id [%u]\n", n, id);
		return -EINVAL;
	}
	for (int i = 0; i < n; i++)
		if (data[i])
			return 0;
	return -ENODATA;
}

/* -ENODATA when the value is to be left out, 0 when shown. */
static int check_zero(struct btf_dump *d, const struct btf_type *t, __u32 id, const unsigned char *data,
		      __u8 bits_offset, __u8 bit_sz, int level)
{
	if (sdk_dump_too_deep(d, level, id))
		return -ELOOP;
	/* Shown: asked to, at top level, or an element of an array that is
	 * not of chars (whose zeroes count: [0,1,0]). */
	if (d->typed->emit_zeroes || d->typed->depth == 0 || (d->typed->is_array_member && !d->typed->is_array_char))
		return 0;
	t = skip_mods_and_typedefs(d->btf, id, NULL);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		if (bit_sz) {
			__u64 value;
			int err = bitfield_value(t, data, bits_offset, bit_sz, &value);
			return err ? err : value ? 0 : -ENODATA;
		}
		return base_check_zero(d, t, id, data);
	case BTF_KIND_FLOAT:
	case BTF_KIND_PTR:
		return base_check_zero(d, t, id, data);
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		__u32 elem_size = (__u32)btf__resolve_size(d->btf, a->type);
		const struct btf_type *elem = skip_mods_and_typedefs(d->btf, a->type, NULL);
		bool is_char = btf_is_int(elem) && elem_size == 1;
		for (__u32 i = 0; i < a->nelems; i++) {
			/* A string that is empty is zero, whatever follows. */
			if (i == 0 && is_char && !data[0])
				return -ENODATA;
			int err = check_zero(d, elem, a->type, data + (size_t)i * elem_size, bits_offset, 0, level + 1);
			if (err != -ENODATA)
				return err;
		}
		return -ENODATA;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		/* libbpf 1.1 decides on the first member alone. */
		if (btf_vlen(t)) {
			const struct btf_member *m = btf_members(t);
			__u32 off = btf_member_bit_offset(t, 0);
			return check_zero(d, btf__type_by_id(d->btf, m->type), m->type, data + off / 8, off % 8,
					  btf_member_bitfield_size(t, 0), level + 1);
		}
		return -ENODATA;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		__s64 value;
		int err = enum_value(d, t, data, id, &value);
		return err ? err : value ? 0 : -ENODATA;
	}
	default:
		return 0;
	}
}

/* ---- values by kind ------------------------------------------------------- */

static int dump_data(struct btf_dump *d, const char *fname, const struct btf_type *t, __u32 id,
		     const unsigned char *data, __u8 bits_offset, __u8 bit_sz);

static int int_data(struct btf_dump *d, const struct btf_type *t, __u32 id, const unsigned char *data)
{
	bool is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
	__u64 raw = t->size <= 8 ? read_le(data, t->size) : 0;
	switch (t->size) {
	case 16: {
		__u64 lo = read_le(data, 8), hi = read_le(data + 8, 8);
		if (hi)
			emit_value(d, "0x%llx%016llx", (unsigned long long)hi, (unsigned long long)lo);
		else
			emit_value(d, "0x%llx", (unsigned long long)lo);
		return 0;
	}
	case 8:
		if (is_signed)
			emit_value(d, "%lld", (long long)raw);
		else
			emit_value(d, "%llu", (unsigned long long)raw);
		return 0;
	case 4:
		if (is_signed)
			emit_value(d, "%d", (int)(__s32)raw);
		else
			emit_value(d, "%u", (unsigned)raw);
		return 0;
	case 2:
		if (is_signed)
			emit_value(d, "%d", (int)(__s16)raw);
		else
			emit_value(d, "%u", (unsigned)(__u16)raw);
		return 0;
	case 1: {
		char c = (char)raw;
		if (d->typed->is_array_char) {
			/* Up to the string's NUL, printable chars as chars. */
			if (d->typed->is_array_terminated)
				return 0;
			if (c == '\0') {
				d->typed->is_array_terminated = true;
				return 0;
			}
			if (isprint((unsigned char)c)) {
				emit_value(d, "'%c'", c);
				return 0;
			}
		}
		if (is_signed)
			emit_value(d, "%d", (int)(signed char)raw);
		else
			emit_value(d, "%u", (unsigned)(unsigned char)raw);
		return 0;
	}
	default:
		sdk_warn("libbpf: unexpected size %d for id [%u]\n", t->size, id);
		return -EINVAL;
	}
}

/* x86's 80-bit long double (a 16-byte BTF float of the kernel's) as the
 * guest's double: its sign, 15-bit exponent and 64-bit mantissa. */
static double x87_extended(const unsigned char *data)
{
	__u64 mantissa = read_le(data, 8);
	unsigned sign_exp = (unsigned)read_le(data + 8, 2);
	int exp = (int)(sign_exp & 0x7fff);
	double v = exp == 0x7fff ? (mantissa << 1 ? NAN : INFINITY) : ldexp((double)mantissa, exp - 16383 - 63);
	return sign_exp & 0x8000 ? -v : v;
}

static int float_data(struct btf_dump *d, const struct btf_type *t, __u32 id, const unsigned char *data)
{
	float f;
	double v;
	switch (t->size) {
	case 16:
		emit_value(d, "%f", x87_extended(data));
		return 0;
	case 8:
		memcpy(&v, data, sizeof(v));
		emit_value(d, "%lf", v);
		return 0;
	case 4:
		memcpy(&f, data, sizeof(f));
		emit_value(d, "%f", (double)f);
		return 0;
	default:
		sdk_warn("libbpf: unexpected size %d for id [%u]\n", t->size, id);
		return -EINVAL;
	}
}

static int ptr_data(struct btf_dump *d, __u32 id, const unsigned char *data)
{
	__u64 p = read_le(data, d->ptr_sz == 4 ? 4 : 8);
	/* Native libbpf on a 64-bit host prints an aligned 8-byte pointer
	 * with %p, which glibc writes "(nil)" for NULL. */
	if (p == 0 && d->ptr_sz == 8 && is_aligned(d, id, data))
		emit_value(d, "(nil)");
	else
		emit_value(d, "0x%llx", (unsigned long long)p);
	return 0;
}

static int enum_data(struct btf_dump *d, const struct btf_type *t, __u32 id, __s64 value)
{
	bool is_signed = btf_kflag(t);
	if (btf_is_enum(t)) {
		for (__u16 i = 0; i < btf_vlen(t); i++)
			if (value == (__s64)btf_enum(t)[i].val) {
				emit_value(d, "%s", name_of(d, btf_enum(t)[i].name_off));
				return 0;
			}
		if (is_signed)
			emit_value(d, "%d", (int)value);
		else
			emit_value(d, "%u", (unsigned)value);
		return 0;
	}
	for (__u16 i = 0; i < btf_vlen(t); i++)
		if ((__u64)value == btf_enum64_value(&btf_enum64(t)[i])) {
			emit_value(d, "%s", name_of(d, btf_enum64(t)[i].name_off));
			return 0;
		}
	if (is_signed)
		emit_value(d, "%lldLL", (long long)value);
	else
		emit_value(d, "%lluULL", (unsigned long long)value);
	return 0;
}

/* `(type)` before a value: not for array elements (the array's says it),
 * variables or sections. */
static void emit_cast(struct btf_dump *d, __u32 id, bool parens)
{
	if (d->typed->is_array_member)
		return;
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	if (btf_is_var(t) || btf_is_datasec(t))
		return;
	if (parens)
		sdk_dump_printf(d, "(");
	d->skip_anon_defs = true;
	d->strip_mods = true;
	sdk_dump_emit_type_decl(d, id, "", 0);
	d->strip_mods = false;
	d->skip_anon_defs = false;
	if (parens)
		sdk_dump_printf(d, ")");
}

/* `[static |extern ]type name = value` */
static int var_data(struct btf_dump *d, const struct btf_type *v, const unsigned char *data)
{
	switch (btf_var(v)->linkage) {
	case BTF_VAR_STATIC:
		sdk_dump_printf(d, "static ");
		break;
	case BTF_VAR_GLOBAL_EXTERN:
		sdk_dump_printf(d, "extern ");
		break;
	default:
		break;
	}
	emit_cast(d, v->type, false);
	sdk_dump_printf(d, " %s = ", name_of(d, v->name_off));
	return dump_data(d, NULL, btf__type_by_id(d->btf, v->type), v->type, data, 0, 0);
}

static int array_data(struct btf_dump *d, const struct btf_type *t, __u32 id, const unsigned char *data)
{
	const struct btf_array *a = btf_array(t);
	const struct btf_type *elem = skip_mods_and_typedefs(d->btf, a->type, NULL);
	__s64 elem_size = btf__resolve_size(d->btf, a->type);
	if (elem_size <= 0) {
		sdk_warn("libbpf: unexpected elem size %lld for array type [%u]\n", (long long)elem_size, id);
		return -EINVAL;
	}
	/* BTF marks no char as such: any 1-byte int array may be a string. */
	if (btf_is_int(elem) && elem_size == 1)
		d->typed->is_array_char = true;
	/* The depth goes up first: no line break follows "[" at depth 0. */
	d->typed->depth++;
	sdk_dump_printf(d, "[%s", newline(d));
	bool was_member = d->typed->is_array_member;
	d->typed->is_array_member = true;
	for (__u32 i = 0; i < a->nelems && !d->typed->is_array_terminated; i++)
		dump_data(d, NULL, elem, a->type, data + (size_t)i * (size_t)elem_size, 0, 0);
	d->typed->is_array_member = was_member;
	d->typed->depth--;
	emit_indent(d);
	emit_value(d, "]");
	return 0;
}

static int struct_data(struct btf_dump *d, const struct btf_type *t, const unsigned char *data)
{
	d->typed->depth++;
	sdk_dump_printf(d, "{%s", newline(d));
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		__u32 off = btf_member_bit_offset(t, i);
		int err = dump_data(d, name_of(d, m->name_off), btf__type_by_id(d->btf, m->type), m->type,
				    data + off / 8, off % 8, btf_member_bitfield_size(t, i));
		if (err < 0)
			return err;
	}
	d->typed->depth--;
	emit_indent(d);
	emit_value(d, "}");
	return 0;
}

static int datasec_data(struct btf_dump *d, const struct btf_type *t, const unsigned char *data)
{
	emit_value(d, "SEC(\"%s\") ", name_of(d, t->name_off));
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(t)[i];
		int err = dump_data(d, NULL, btf__type_by_id(d->btf, v->type), v->type, data + v->offset, 0, 0);
		if (err < 0)
			return err;
		sdk_dump_printf(d, ";");
	}
	return 0;
}

/* The type's size, or -E2BIG when a number, pointer or enum runs past
 * the data (a struct, union or array shows as much as there is). */
static int check_overflow(struct btf_dump *d, __u32 id, const unsigned char *data, __u8 bits_offset)
{
	__s64 size = btf__resolve_size(d->btf, id);
	if (size < 0 || size >= INT_MAX) {
		sdk_warn("libbpf: unexpected size [%zu] for id [%u]\n", (size_t)size, id);
		return -EINVAL;
	}
	const struct btf_type *t = skip_mods_and_typedefs(d->btf, id, NULL);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_PTR:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if ((size_t)(d->typed->data_end - data) < (size_t)(bits_offset / 8) + (size_t)size ||
		    data > d->typed->data_end)
			return -E2BIG;
		break;
	default:
		break;
	}
	return (int)size;
}

/* Dumps one value; returns its size or a negative errno. */
static int dump_data(struct btf_dump *d, const char *fname, const struct btf_type *t, __u32 id,
		     const unsigned char *data, __u8 bits_offset, __u8 bit_sz)
{
	/* Each struct, union and array level is one depth deeper. */
	if (sdk_dump_too_deep(d, d->typed->depth, id))
		return -ELOOP;
	int size = check_overflow(d, id, data, bits_offset);
	if (size < 0)
		return size;
	int err = check_zero(d, t, id, data, bits_offset, bit_sz, 0);
	if (err)
		return err == -ENODATA ? size : err;
	emit_indent(d);
	if (!d->typed->skip_names) {
		if (fname && fname[0])
			sdk_dump_printf(d, ".%s = ", fname);
		emit_cast(d, id, true);
	}
	t = skip_mods_and_typedefs(d->btf, id, NULL);
	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_FWD:
	case BTF_KIND_FUNC:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_DECL_TAG:
		sdk_dump_printf(d, "<unsupported kind:%u>", btf_kind(t));
		err = -EOPNOTSUPP;
		break;
	case BTF_KIND_INT:
		if (bit_sz) {
			__u64 value;
			err = bitfield_value(t, data, bits_offset, bit_sz, &value);
			if (!err)
				emit_value(d, "0x%llx", (unsigned long long)value);
		} else {
			err = int_data(d, t, id, data);
		}
		break;
	case BTF_KIND_FLOAT:
		err = float_data(d, t, id, data);
		break;
	case BTF_KIND_PTR:
		err = ptr_data(d, id, data);
		break;
	case BTF_KIND_ARRAY:
		err = array_data(d, t, id, data);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		err = struct_data(d, t, data);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		__s64 value;
		if (bit_sz) {
			/* The bits, read back at the enum's size (little-endian,
			 * as the guest is). */
			__u64 bits;
			err = bitfield_value(t, data, bits_offset, bit_sz, &bits);
			if (!err)
				err = enum_value(d, t, (const unsigned char *)&bits, id, &value);
		} else {
			err = enum_value(d, t, data, id, &value);
		}
		if (!err)
			err = enum_data(d, t, id, value);
		break;
	}
	case BTF_KIND_VAR:
		err = var_data(d, t, data);
		break;
	case BTF_KIND_DATASEC:
		err = datasec_data(d, t, data);
		break;
	default:
		sdk_warn("libbpf: unexpected kind [%u] for id [%u]\n", btf_kind(t), id);
		return -EINVAL;
	}
	return err < 0 ? err : size;
}

int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data, size_t data_sz,
			     const struct btf_dump_type_data_opts *opts)
{
	if (!d)
		return sdk_fail_with(EINVAL, "btf_dump__dump_type_data: no dumper");
	if (!sdk_opts_valid(opts, offsetof(struct btf_dump_type_data_opts, emit_zeroes) + sizeof(bool),
			    "btf_dump_type_data_opts"))
		return sdk_fail_with(EINVAL, "btf_dump__dump_type_data: invalid options");
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	if (!t)
		return sdk_fail_with(ENOENT, "btf_dump__dump_type_data: no type %u", id);
	int err = sdk_dump_cover_types(d);
	if (err)
		return sdk_fail_with(-err, "btf_dump__dump_type_data: %s", strerror(-err));
	if (!data)
		return sdk_fail_with(EINVAL, "btf_dump__dump_type_data: no data");
	struct sdk_typed_dump typed = { .data_end = (const unsigned char *)data + data_sz };
	size_t sz = opts ? opts->sz : 0;
#define HAS(field) (sz >= offsetof(struct btf_dump_type_data_opts, field) + sizeof(opts->field))
	typed.indent_level = HAS(indent_level) ? opts->indent_level : 0;
	if (HAS(indent_str) && opts->indent_str) {
		strncpy(typed.indent_str, opts->indent_str, sizeof(typed.indent_str) - 1);
	} else {
		typed.indent_str[0] = '\t';
	}
	typed.compact = HAS(compact) && opts->compact;
	typed.skip_names = HAS(skip_names) && opts->skip_names;
	typed.emit_zeroes = HAS(emit_zeroes) && opts->emit_zeroes;
#undef HAS
	d->typed = &typed;
	d->too_deep = false;
	int ret = dump_data(d, NULL, t, id, data, 0, 0);
	d->typed = NULL;
	/* A cast that nested too deep is cut short: the text is not C. */
	if (ret >= 0 && d->too_deep)
		ret = -ELOOP;
	return ret < 0 ? sdk_fail_with(-ret, "btf_dump__dump_type_data: type %u: %s", id, strerror(-ret)) : ret;
}
