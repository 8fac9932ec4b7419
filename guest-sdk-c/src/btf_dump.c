/* libbpf's BTF-to-C dumper: btf_dump__new, btf_dump__free,
 * btf_dump__dump_type (a type and every type it needs, in an order a C
 * compiler takes, each once per dumper) and btf_dump__emit_type_decl (one
 * declaration). The output is libbpf's to the byte, as `bpftool btf dump
 * format c` prints it: the same forward declarations, anonymous types
 * written inline, explicit padding (`long: 64;`), packed and mode
 * attributes, and `___2` suffixes on repeated names. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_dump_internal.h"
#include "btf_internal.h"
#include "internal.h"

enum { NOT_DONE, DOING, DONE };

static const char TABS[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t";

/* `lvl` tabs, at most as many as TABS has (libbpf's cap too). */
static const char *indent(int lvl)
{
	size_t n = sizeof(TABS) - 1;
	return lvl < 0 ? "" : (size_t)lvl >= n ? TABS : TABS + n - lvl;
}

void sdk_dump_printf(struct btf_dump *d, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	d->printf_fn(d->ctx, format, args);
	va_end(args);
}

bool sdk_dump_too_deep(struct btf_dump *d, int depth, __u32 id)
{
	if (depth <= SDK_BTF_MAX_NESTING)
		return false;
	if (!d->too_deep)
		sdk_warn("libbpf: types nest deeper than %d, id:[%u]\n", SDK_BTF_MAX_NESTING, id);
	d->too_deep = true;
	return true;
}

static const char *name_of(const struct btf_dump *d, __u32 off)
{
	const char *name = btf__name_by_offset(d->btf, off);
	return name ? name : "";
}

/* ---- names given out, counted ------------------------------------------- */

static size_t hash_name(const char *s)
{
	size_t h = 0;
	while (*s)
		h = h * 31 + (unsigned char)*s++;
	return h;
}

/* Counts one more use of `name` and returns the count (1: the first);
 * when out of memory, 1, as libbpf does. */
static size_t count_name(struct sdk_name_counts *names, const char *name)
{
	if (names->len * 2 >= names->cap) {
		size_t cap = names->cap ? names->cap * 2 : 256;
		struct sdk_name_count *slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return 1;
		for (size_t i = 0; i < names->cap; i++) {
			if (!names->slots[i].name)
				continue;
			size_t at = hash_name(names->slots[i].name) & (cap - 1);
			while (slots[at].name)
				at = (at + 1) & (cap - 1);
			slots[at] = names->slots[i];
		}
		free(names->slots);
		names->slots = slots;
		names->cap = cap;
	}
	size_t at = hash_name(name) & (names->cap - 1);
	while (names->slots[at].name) {
		if (!strcmp(names->slots[at].name, name))
			return ++names->slots[at].count;
		at = (at + 1) & (names->cap - 1);
	}
	names->slots[at].name = strdup(name);
	if (!names->slots[at].name)
		return 1;
	names->slots[at].count = 1;
	names->len++;
	return 1;
}

static void free_names(struct sdk_name_counts *names)
{
	for (size_t i = 0; i < names->cap; i++)
		free(names->slots[i].name);
	free(names->slots);
}

/* The name type `id` is written with: its own, or NAME___N for the Nth
 * type of that name (forward declarations and empty enums keep theirs). */
static const char *resolve_name(struct btf_dump *d, __u32 id, struct sdk_name_counts *names)
{
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	const char *own = name_of(d, t->name_off);
	if (!t->name_off)
		return "";
	struct sdk_dump_type_state *s = &d->states[id];
	if (s->name_resolved)
		return d->names[id] ? d->names[id] : own;
	s->name_resolved = 1;
	if (btf_is_fwd(t) || (btf_is_enum(t) && !btf_vlen(t)))
		return own;
	size_t count = count_name(names, own);
	if (count > 1) {
		char renamed[256];
		snprintf(renamed, sizeof(renamed), "%s___%zu", own, count);
		d->names[id] = strdup(renamed);
	}
	return d->names[id] ? d->names[id] : own;
}

static const char *type_name(struct btf_dump *d, __u32 id)
{
	return resolve_name(d, id, &d->type_names);
}

static const char *ident_name(struct btf_dump *d, __u32 id)
{
	return resolve_name(d, id, &d->ident_names);
}

/* ---- the dumper ----------------------------------------------------------- */

/* Marks the types other types name, for types added since the last call
 * (a dumper's BTF may grow between calls). */
static int mark_referenced(struct btf_dump *d, __u32 from, __u32 to)
{
	for (__u32 id = from; id < to; id++) {
		const struct btf_type *t = btf__type_by_id(d->btf, id);
		__u16 vlen = btf_vlen(t);
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
		case BTF_KIND_FLOAT:
			break;
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			d->states[t->type].referenced = 1;
			break;
		case BTF_KIND_ARRAY:
			d->states[btf_array(t)->index_type].referenced = 1;
			d->states[btf_array(t)->type].referenced = 1;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (__u16 i = 0; i < vlen; i++)
				d->states[btf_members(t)[i].type].referenced = 1;
			break;
		case BTF_KIND_FUNC_PROTO:
			for (__u16 i = 0; i < vlen; i++)
				d->states[btf_params(t)[i].type].referenced = 1;
			break;
		case BTF_KIND_DATASEC:
			for (__u16 i = 0; i < vlen; i++)
				d->states[btf_var_secinfos(t)[i].type].referenced = 1;
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

int sdk_dump_cover_types(struct btf_dump *d)
{
	__u32 n = btf__type_cnt(d->btf);
	if (n <= d->nr_types)
		return 0;
	struct sdk_dump_type_state *states = realloc(d->states, n * sizeof(*states));
	if (!states)
		return -ENOMEM;
	d->states = states;
	char **names = realloc(d->names, n * sizeof(*names));
	if (!names)
		return -ENOMEM;
	d->names = names;
	memset(states + d->nr_types, 0, (n - d->nr_types) * sizeof(*states));
	memset(names + d->nr_types, 0, (n - d->nr_types) * sizeof(*names));
	__u32 from = d->nr_types;
	if (from == 0) {
		/* void needs no definition. */
		states[0].order = DONE;
		states[0].emit = DONE;
		from = 1;
	}
	int err = mark_referenced(d, from, n);
	if (err)
		return err;
	d->nr_types = n;
	return 0;
}

/* NULL with errno set, silently as libbpf's btf_dump__new fails. */
static struct btf_dump *new_failed(int errnum, const char *why)
{
	sdk_fail_with(errnum, "btf_dump__new: %s", why);
	return NULL;
}

struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn, void *ctx,
			       const struct btf_dump_opts *opts)
{
	if (!sdk_opts_valid(opts, sizeof(size_t), "btf_dump_opts"))
		return new_failed(EINVAL, "invalid options");
	if (!printf_fn)
		return new_failed(EINVAL, "no print function");
	if (!btf)
		return new_failed(EINVAL, "no BTF");
	struct btf_dump *d = calloc(1, sizeof(*d));
	if (!d)
		return new_failed(ENOMEM, "out of memory");
	d->btf = btf;
	d->printf_fn = printf_fn;
	d->ctx = ctx;
	/* BTF that names no `long`: 8, as on the 64-bit hosts whose kernel
	 * BTF guests read (libbpf takes its own sizeof(void *)), not 4. */
	d->ptr_sz = (int)sdk_btf_ptr_sz(btf);
	int err = sdk_dump_cover_types(d);
	if (err) {
		btf_dump__free(d);
		return new_failed(-err, strerror(-err));
	}
	return d;
}

void btf_dump__free(struct btf_dump *d)
{
	if (!d)
		return;
	for (__u32 i = 0; d->names && i < d->nr_types; i++)
		free(d->names[i]);
	free(d->names);
	free(d->states);
	free(d->queue);
	free(d->decls);
	free_names(&d->type_names);
	free_names(&d->ident_names);
	free(d);
}

/* ---- ordering: which definitions, in which order ------------------------ */

static int enqueue(struct btf_dump *d, __u32 id)
{
	if (d->queue_len == d->queue_cap) {
		size_t cap = d->queue_cap ? d->queue_cap * 2 : 16;
		__u32 *queue = realloc(d->queue, cap * sizeof(*queue));
		if (!queue)
			return -ENOMEM;
		d->queue = queue;
		d->queue_cap = cap;
	}
	d->queue[d->queue_len++] = id;
	return 0;
}

/* Queues the definitions type `id` needs and its own, each after what it
 * embeds. Returns 1 when whoever reaches `id` needs its full definition
 * first (it is embedded, or anonymous and so written inline), 0 when a
 * forward declaration does (only reached through a pointer), or a
 * negative errno (a loop of embedded types C cannot write). */
static int order_type(struct btf_dump *d, __u32 id, bool through_ptr, int depth)
{
	struct sdk_dump_type_state *s = &d->states[id];
	if (s->order == DONE)
		return 1;
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	if (sdk_dump_too_deep(d, depth, id))
		return -ELOOP;
	if (s->order == DOING) {
		/* A loop a forward declaration breaks. */
		if ((btf_is_struct(t) || btf_is_union(t)) && through_ptr && t->name_off)
			return 0;
		sdk_warn("libbpf: unsatisfiable type cycle, id:[%u]\n", id);
		return -ELOOP;
	}
	int err;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		s->order = DONE;
		return 0;
	case BTF_KIND_PTR:
		err = order_type(d, t->type, true, depth + 1);
		d->states[id].order = DONE;
		return err;
	case BTF_KIND_ARRAY:
		return order_type(d, btf_array(t)->type, false, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (through_ptr && t->name_off)
			return 0;
		s->order = DOING;
		for (__u16 i = 0; i < btf_vlen(t); i++) {
			err = order_type(d, btf_members(t)[i].type, false, depth + 1);
			if (err < 0)
				return err;
		}
		if (t->name_off && (err = enqueue(d, id)) < 0)
			return err;
		d->states[id].order = DONE;
		return 1;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		/* Named, or anonymous and named by no type: top-level. */
		if ((t->name_off || !s->referenced) && (err = enqueue(d, id)) < 0)
			return err;
		s->order = DONE;
		return 1;
	case BTF_KIND_TYPEDEF: {
		int strong = order_type(d, t->type, through_ptr, depth + 1);
		if (strong < 0)
			return strong;
		if (through_ptr && !strong)
			return 0;
		if ((err = enqueue(d, id)) < 0)
			return err;
		d->states[id].order = DONE;
		return 1;
	}
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return order_type(d, t->type, through_ptr, depth + 1);
	case BTF_KIND_FUNC_PROTO: {
		int strong = order_type(d, t->type, through_ptr, depth + 1);
		if (strong < 0)
			return strong;
		for (__u16 i = 0; i < btf_vlen(t); i++) {
			err = order_type(d, btf_params(t)[i].type, through_ptr, depth + 1);
			if (err < 0)
				return err;
			strong |= err;
		}
		return strong > 0;
	}
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		s->order = DONE;
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- definitions ---------------------------------------------------------- */

/* A compiler built-in no header may define again. */
static bool is_builtin(struct btf_dump *d, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	return t->name_off && !strcmp(name_of(d, t->name_off), "__builtin_va_list");
}

static void emit_struct_fwd(struct btf_dump *d, __u32 id, const struct btf_type *t)
{
	sdk_dump_printf(d, "%s%s%s", btf_is_struct(t) ? "struct" : "union", t->name_off ? " " : "",
			type_name(d, id));
}

static void emit_fwd(struct btf_dump *d, __u32 id, const struct btf_type *t)
{
	sdk_dump_printf(d, "%s %s", btf_kflag(t) ? "union" : "struct", type_name(d, id));
}

/* A struct whose layout C's natural alignment does not give: a member
 * off its type's alignment, or a size no multiple of the largest. */
static bool is_packed(struct btf_dump *d, const struct btf_type *t)
{
	int max_align = 1;
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		int align = btf__align_of(d->btf, m->type);
		if (align && !btf_member_bitfield_size(t, i) && btf_member_bit_offset(t, i) % (8 * align))
			return true;
		if (align > max_align)
			max_align = align;
	}
	return t->size % max_align != 0;
}

/* (An alignment of 0 is of a type btf__align_of could not size.) */
static int round_up(int n, int to)
{
	return to > 0 ? (n + to - 1) / to * to : n;
}

/* Unnamed bitfields filling the bits from `from` to `to`, as few and as
 * large as C lets them be: `long: 0;` where an alignment must be forced,
 * then whole `long: 64;` (int, short, char), then the smallest type that
 * holds the rest. */
static void emit_padding(struct btf_dump *d, int from, int to, int next_align, bool in_bitfield, int lvl)
{
	const struct {
		const char *name;
		int bits;
	} pads[] = { { "long", d->ptr_sz * 8 }, { "int", 32 }, { "short", 16 }, { "char", 8 } };
	const int nr_pads = sizeof(pads) / sizeof(pads[0]);
	if (from >= to)
		return;
	int at = 0, aligned = from;
	for (at = 0; at < nr_pads; at++) {
		aligned = round_up(from, pads[at].bits);
		if (aligned <= to)
			break;
	}
	if (at == nr_pads)
		at = nr_pads - 1;
	int pad_bits = pads[at].bits;
	const char *pad_type = pads[at].name;
	if (aligned > from && aligned <= to) {
		if (in_bitfield || (aligned == to && round_up(from, next_align * 8) != aligned) ||
		    (aligned != to && to - aligned <= aligned - from))
			sdk_dump_printf(d, "\n%s%s: %d;", indent(lvl), pad_type, in_bitfield ? aligned - from : 0);
		from = aligned;
	}
	while (from != to) {
		int bits = to - from < pad_bits ? to - from : pad_bits;
		if (bits == pad_bits) {
			sdk_dump_printf(d, "\n%s%s: %d;", indent(lvl), pad_type, pad_bits);
			from += bits;
			continue;
		}
		for (int i = nr_pads - 1; i >= 0; i--) {
			if (pads[i].bits < bits)
				continue;
			pad_type = pads[i].name;
			pad_bits = pads[i].bits;
			sdk_dump_printf(d, "\n%s%s: %d;", indent(lvl), pad_type, bits);
			from += bits;
			break;
		}
	}
}

static void emit_struct_def(struct btf_dump *d, __u32 id, const struct btf_type *t, int lvl)
{
	bool is_struct = btf_is_struct(t);
	int align = btf__align_of(d->btf, id);
	bool packed = is_struct && is_packed(d, t);
	sdk_dump_printf(d, "%s%s%s {", is_struct ? "struct" : "union", t->name_off ? " " : "", type_name(d, id));
	int off = 0;
	bool prev_bitfield = false;
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		int bits = (int)btf_member_bitfield_size(t, i);
		int m_off = (int)btf_member_bit_offset(t, i);
		int m_align = packed ? 1 : btf__align_of(d->btf, m->type);
		emit_padding(d, off, m_off, m_align, prev_bitfield && bits, lvl + 1);
		sdk_dump_printf(d, "\n%s", indent(lvl + 1));
		sdk_dump_emit_type_decl(d, m->type, name_of(d, m->name_off), lvl + 1);
		if (bits) {
			sdk_dump_printf(d, ": %d", bits);
			off = m_off + bits;
			prev_bitfield = true;
		} else {
			__s64 size = btf__resolve_size(d->btf, m->type);
			off = m_off + (int)(size > 0 ? size : 0) * 8;
			prev_bitfield = false;
		}
		sdk_dump_printf(d, ";");
	}
	if (is_struct)
		emit_padding(d, off, (int)t->size * 8, align, false, lvl + 1);
	/* `struct empty {}` stays on one line. */
	if (btf_vlen(t) || t->size)
		sdk_dump_printf(d, "\n%s}", indent(lvl));
	else
		sdk_dump_printf(d, "}");
	if (packed)
		sdk_dump_printf(d, " __attribute__((packed))");
}

/* GCC's internal types of Arm SIMD intrinsics, which no C header has. */
static void emit_missing_alias(struct btf_dump *d, __u32 id)
{
	static const char *const aliases[][2] = {
		{ "__Poly8_t", "unsigned char" },
		{ "__Poly16_t", "unsigned short" },
		{ "__Poly64_t", "unsigned long long" },
		{ "__Poly128_t", "unsigned __int128" },
	};
	const char *name = type_name(d, id);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(name, aliases[i][0])) {
			sdk_dump_printf(d, "typedef %s %s;\n\n", aliases[i][1], name);
			return;
		}
}

static void emit_enum_def(struct btf_dump *d, __u32 id, const struct btf_type *t, int lvl)
{
	__u16 vlen = btf_vlen(t);
	bool is_signed = btf_kflag(t);
	sdk_dump_printf(d, "enum%s%s", t->name_off ? " " : "", type_name(d, id));
	if (!vlen)
		return;
	sdk_dump_printf(d, " {");
	bool fits_32 = true;
	for (__u16 i = 0; i < vlen; i++) {
		const char *name;
		__u64 value;
		if (btf_is_enum(t)) {
			name = name_of(d, btf_enum(t)[i].name_off);
			value = (__u32)btf_enum(t)[i].val;
		} else {
			name = name_of(d, btf_enum64(t)[i].name_off);
			value = btf_enum64_value(&btf_enum64(t)[i]);
			if (btf_enum64(t)[i].val_hi32)
				fits_32 = false;
		}
		/* Enumerators share C's name space with typedefs. */
		size_t count = count_name(&d->ident_names, name);
		sdk_dump_printf(d, "\n%s%s", indent(lvl + 1), name);
		if (count > 1)
			sdk_dump_printf(d, "___%zu", count);
		if (btf_is_enum(t))
			sdk_dump_printf(d, is_signed ? " = %d," : " = %u,", (int)(__u32)value);
		else
			sdk_dump_printf(d, is_signed ? " = %lldLL," : " = %lluULL,", (long long)value);
	}
	sdk_dump_printf(d, "\n%s}", indent(lvl));
	if (t->size == 1)
		sdk_dump_printf(d, " __attribute__((mode(byte)))");
	/* An 8-byte enum whose values fit 32 bits is 8 bytes only by mode. */
	else if (t->size == 8 && d->ptr_sz == 8 && (btf_is_enum(t) || fits_32))
		sdk_dump_printf(d, " __attribute__((mode(word)))");
}

static void emit_typedef_def(struct btf_dump *d, __u32 id, const struct btf_type *t, int lvl)
{
	const char *name = ident_name(d, id);
	/* Old GCCs give __gnuc_va_list a void type, which compiles nowhere. */
	if (t->type == 0 && !strcmp(name, "__gnuc_va_list")) {
		sdk_dump_printf(d, "typedef __builtin_va_list __gnuc_va_list");
		return;
	}
	sdk_dump_printf(d, "typedef ");
	sdk_dump_emit_type_decl(d, t->type, name, lvl);
}

/* Writes type `id`'s definition (at top level, `cont_id` 0) after the
 * forward declarations and definitions it needs that are not out yet;
 * `cont_id` is the struct being defined, which needs no forward
 * declaration of itself. */
static void emit_type(struct btf_dump *d, __u32 id, __u32 cont_id, int depth)
{
	if (sdk_dump_too_deep(d, depth, id))
		return;
	struct sdk_dump_type_state *s = &d->states[id];
	bool top_level = cont_id == 0;
	if (s->emit == DONE)
		return;
	const struct btf_type *t = btf__type_by_id(d->btf, id);
	if (s->emit == DOING) {
		if (s->fwd_emitted)
			return;
		if (btf_is_struct(t) || btf_is_union(t)) {
			if (id == cont_id)
				return;
			if (!t->name_off) {
				sdk_warn("libbpf: anonymous struct/union loop, id:[%u]\n", id);
				return;
			}
			emit_struct_fwd(d, id, t);
			sdk_dump_printf(d, ";\n\n");
			s->fwd_emitted = 1;
		} else if (btf_is_typedef(t)) {
			/* Enough for the pointers that reach it, not to embed. */
			if (!is_builtin(d, id)) {
				emit_typedef_def(d, id, t, 0);
				sdk_dump_printf(d, ";\n\n");
			}
			s->fwd_emitted = 1;
		}
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		emit_missing_alias(d, id);
		s->emit = DONE;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (top_level) {
			emit_enum_def(d, id, t, 0);
			sdk_dump_printf(d, ";\n\n");
		}
		s->emit = DONE;
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		emit_type(d, t->type, cont_id, depth + 1);
		break;
	case BTF_KIND_ARRAY:
		emit_type(d, btf_array(t)->type, cont_id, depth + 1);
		break;
	case BTF_KIND_FWD:
		emit_fwd(d, id, t);
		sdk_dump_printf(d, ";\n\n");
		s->emit = DONE;
		break;
	case BTF_KIND_TYPEDEF:
		s->emit = DOING;
		emit_type(d, t->type, id, depth + 1);
		s = &d->states[id];
		if (!s->fwd_emitted && !is_builtin(d, id)) {
			emit_typedef_def(d, id, t, 0);
			sdk_dump_printf(d, ";\n\n");
		}
		s->emit = DONE;
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		s->emit = DOING;
		/* Its members' types are written out here (top level, or an
		 * anonymous one inline): what they need comes first. */
		if (top_level || !t->name_off) {
			__u32 inner = t->name_off ? id : cont_id;
			for (__u16 i = 0; i < btf_vlen(t); i++)
				emit_type(d, btf_members(t)[i].type, inner, depth + 1);
		} else if (!s->fwd_emitted && id != cont_id) {
			emit_struct_fwd(d, id, t);
			sdk_dump_printf(d, ";\n\n");
			s->fwd_emitted = 1;
		}
		if (top_level) {
			emit_struct_def(d, id, t, 0);
			sdk_dump_printf(d, ";\n\n");
			s->emit = DONE;
		} else {
			s->emit = NOT_DONE;
		}
		break;
	case BTF_KIND_FUNC_PROTO:
		emit_type(d, t->type, cont_id, depth + 1);
		for (__u16 i = 0; i < btf_vlen(t); i++)
			emit_type(d, btf_params(t)[i].type, cont_id, depth + 1);
		break;
	default:
		break;
	}
}

int btf_dump__dump_type(struct btf_dump *d, __u32 id)
{
	if (!d)
		return sdk_fail_with(EINVAL, "btf_dump__dump_type: no dumper");
	if (id >= btf__type_cnt(d->btf))
		return sdk_fail_with(EINVAL, "btf_dump__dump_type: no type %u", id);
	int err = sdk_dump_cover_types(d);
	if (err)
		return sdk_fail_with(-err, "btf_dump__dump_type: %s", strerror(-err));
	d->queue_len = 0;
	d->too_deep = false;
	err = order_type(d, id, false, 0);
	if (err < 0)
		return sdk_fail_with(-err, "btf_dump__dump_type: type %u: %s", id, strerror(-err));
	d->too_deep = false;
	for (size_t i = 0; i < d->queue_len && !d->too_deep; i++)
		emit_type(d, d->queue[i], 0, 0);
	if (d->too_deep)
		return sdk_fail_with(ELOOP, "btf_dump__dump_type: type %u nests too deep", id);
	return 0;
}

/* ---- declarations: C's inside-out syntax ---------------------------------- */

/* A view of the part of the shared chain one declaration uses. */
struct chain {
	const __u32 *ids;
	size_t len;
};

/* The const/volatile/restrict before a base type, as C writes them. */
static void emit_mods(struct btf_dump *d, struct chain *c)
{
	while (c->len) {
		const struct btf_type *t = btf__type_by_id(d->btf, c->ids[c->len - 1]);
		if (btf_is_volatile(t))
			sdk_dump_printf(d, "volatile ");
		else if (btf_is_const(t))
			sdk_dump_printf(d, "const ");
		else if (btf_is_restrict(t))
			sdk_dump_printf(d, "restrict ");
		else
			return;
		c->len--;
	}
}

/* Modifiers of arrays and functions, which C has no place for. */
static void drop_mods(struct btf_dump *d, struct chain *c)
{
	while (c->len && btf_is_mod(btf__type_by_id(d->btf, c->ids[c->len - 1])))
		c->len--;
}

static void emit_name(struct btf_dump *d, const char *name, bool last_was_ptr)
{
	sdk_dump_printf(d, "%s%s", name[0] && !last_was_ptr ? " " : "", name);
}

/* Writes the chain from its innermost type (the last) outwards. */
static void emit_chain(struct btf_dump *d, struct chain *c, const char *fname, int lvl)
{
	/* `int ***`, not `int * * *`; a lone pointer of a function pointer
	 * is `(*name)`. */
	bool last_was_ptr = true;
	while (c->len) {
		__u32 id = c->ids[--c->len];
		if (id == 0) {
			emit_mods(d, c);
			sdk_dump_printf(d, "void");
			last_was_ptr = false;
			continue;
		}
		const struct btf_type *t = btf__type_by_id(d->btf, id);
		__u16 kind = btf_kind(t);
		switch (kind) {
		case BTF_KIND_INT:
		case BTF_KIND_FLOAT:
			emit_mods(d, c);
			sdk_dump_printf(d, "%s", name_of(d, t->name_off));
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			emit_mods(d, c);
			if (!t->name_off && !d->skip_anon_defs)
				emit_struct_def(d, id, t, lvl);
			else
				emit_struct_fwd(d, id, t);
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			emit_mods(d, c);
			if (!t->name_off && !d->skip_anon_defs)
				emit_enum_def(d, id, t, lvl);
			else
				sdk_dump_printf(d, "enum %s", type_name(d, id));
			break;
		case BTF_KIND_FWD:
			emit_mods(d, c);
			emit_fwd(d, id, t);
			break;
		case BTF_KIND_TYPEDEF:
			emit_mods(d, c);
			sdk_dump_printf(d, "%s", ident_name(d, id));
			break;
		case BTF_KIND_PTR:
			sdk_dump_printf(d, "%s", last_was_ptr ? "*" : " *");
			break;
		case BTF_KIND_VOLATILE:
			sdk_dump_printf(d, " volatile");
			break;
		case BTF_KIND_CONST:
			sdk_dump_printf(d, " const");
			break;
		case BTF_KIND_RESTRICT:
			sdk_dump_printf(d, " restrict");
			break;
		case BTF_KIND_TYPE_TAG:
			emit_mods(d, c);
			sdk_dump_printf(d, " __attribute__((btf_type_tag(\"%s\")))", name_of(d, t->name_off));
			break;
		case BTF_KIND_ARRAY: {
			const struct btf_array *a = btf_array(t);
			/* GCC adds the element's const/volatile to the array. */
			drop_mods(d, c);
			if (!c->len) {
				emit_name(d, fname, last_was_ptr);
				sdk_dump_printf(d, "[%u]", a->nelems);
				return;
			}
			bool multidim = btf_is_array(btf__type_by_id(d->btf, c->ids[c->len - 1]));
			if (fname[0] && !last_was_ptr)
				sdk_dump_printf(d, " ");
			if (!multidim)
				sdk_dump_printf(d, "(");
			emit_chain(d, c, fname, lvl);
			if (!multidim)
				sdk_dump_printf(d, ")");
			sdk_dump_printf(d, "[%u]", a->nelems);
			return;
		}
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *p = btf_params(t);
			__u16 vlen = btf_vlen(t);
			/* GCC's volatile of noreturn function pointers. */
			drop_mods(d, c);
			if (c->len) {
				sdk_dump_printf(d, " (");
				emit_chain(d, c, fname, lvl);
				sdk_dump_printf(d, ")");
			} else {
				emit_name(d, fname, last_was_ptr);
			}
			sdk_dump_printf(d, "(");
			/* Clang for BPF gives `f(void)` one void parameter. */
			if (vlen == 1 && p->type == 0) {
				sdk_dump_printf(d, ")");
				return;
			}
			for (__u16 i = 0; i < vlen; i++) {
				if (i > 0)
					sdk_dump_printf(d, ", ");
				/* A last void parameter is `...`. */
				if (i == vlen - 1 && p[i].type == 0) {
					sdk_dump_printf(d, "...");
					break;
				}
				sdk_dump_emit_type_decl(d, p[i].type, name_of(d, p[i].name_off), lvl);
			}
			sdk_dump_printf(d, ")");
			return;
		}
		default:
			sdk_warn("libbpf: unexpected type in decl chain, kind:%u, id:[%u]\n", kind, id);
			return;
		}
		last_was_ptr = kind == BTF_KIND_PTR;
	}
	emit_name(d, fname, last_was_ptr);
}

static bool push_decl(struct btf_dump *d, __u32 id)
{
	if (d->decls_len == d->decls_cap) {
		size_t cap = d->decls_cap ? d->decls_cap * 2 : 16;
		__u32 *decls = realloc(d->decls, cap * sizeof(*decls));
		if (!decls)
			return false;
		d->decls = decls;
		d->decls_cap = cap;
	}
	d->decls[d->decls_len++] = id;
	return true;
}

void sdk_dump_emit_type_decl(struct btf_dump *d, __u32 id, const char *name, int lvl)
{
	if (d->too_deep || sdk_dump_too_deep(d, d->nesting + 1, id))
		return;
	d->nesting++;
	size_t start = d->decls_len;
	/* The chain down to a type with a name (or void). */
	for (int links = 0;; links++) {
		const struct btf_type *t = btf__type_by_id(d->btf, id);
		if (sdk_dump_too_deep(d, links, id)) {
			d->decls_len = start;
			d->nesting--;
			return;
		}
		if (!(d->strip_mods && btf_is_mod(t)) && !push_decl(d, id)) {
			sdk_warn("libbpf: not enough memory for decl stack:%d", -ENOMEM);
			d->decls_len = start;
			d->nesting--;
			return;
		}
		if (id == 0)
			break;
		__u16 kind = btf_kind(t);
		if (kind == BTF_KIND_ARRAY) {
			id = btf_array(t)->type;
		} else if (kind == BTF_KIND_PTR || btf_is_mod(t) || kind == BTF_KIND_FUNC_PROTO) {
			id = t->type;
		} else {
			if (kind != BTF_KIND_INT && kind != BTF_KIND_ENUM && kind != BTF_KIND_ENUM64 &&
			    kind != BTF_KIND_FWD && kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION &&
			    kind != BTF_KIND_TYPEDEF && kind != BTF_KIND_FLOAT)
				sdk_warn("libbpf: unexpected type in decl chain, kind:%u, id:[%u]\n", kind, id);
			break;
		}
	}
	struct chain c = { d->decls + start, d->decls_len - start };
	emit_chain(d, &c, name, lvl);
	d->decls_len = start;
	d->nesting--;
}

int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id, const struct btf_dump_emit_type_decl_opts *opts)
{
	if (!d)
		return sdk_fail_with(EINVAL, "btf_dump__emit_type_decl: no dumper");
	if (!sdk_opts_valid(opts, offsetof(struct btf_dump_emit_type_decl_opts, strip_mods) + sizeof(bool),
			    "btf_dump_emit_type_decl_opts"))
		return sdk_fail_with(EINVAL, "btf_dump__emit_type_decl: invalid options");
	int err = sdk_dump_cover_types(d);
	if (err)
		return sdk_fail_with(-err, "btf_dump__emit_type_decl: %s", strerror(-err));
	if (id >= btf__type_cnt(d->btf))
		return sdk_fail_with(EINVAL, "btf_dump__emit_type_decl: no type %u", id);
	size_t sz = opts ? opts->sz : 0;
	const char *fname = "";
	int lvl = 0;
	if (sz >= offsetof(struct btf_dump_emit_type_decl_opts, field_name) + sizeof(opts->field_name) && opts->field_name)
		fname = opts->field_name;
	if (sz >= offsetof(struct btf_dump_emit_type_decl_opts, indent_level) + sizeof(int))
		lvl = opts->indent_level;
	d->strip_mods = sz >= offsetof(struct btf_dump_emit_type_decl_opts, strip_mods) + sizeof(bool) && opts->strip_mods;
	d->too_deep = false;
	sdk_dump_emit_type_decl(d, id, fname, lvl);
	d->strip_mods = false;
	if (d->too_deep)
		return sdk_fail_with(ELOOP, "btf_dump__emit_type_decl: type %u nests too deep", id);
	return 0;
}
