/* What the two halves of libbpf's BTF dumper share: the struct behind
 * <bpf/btf.h>'s opaque struct btf_dump (src/btf_dump.c writes C
 * declarations with it, src/btf_dump_data.c typed data). */
#ifndef WASI_BPF_SDK_BTF_DUMP_INTERNAL_H
#define WASI_BPF_SDK_BTF_DUMP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <bpf/btf.h>

/* How many times a name was given out, by name (libbpf renames the second
 * `struct foo` of a BTF `struct foo___2`). */
struct sdk_name_counts {
	struct sdk_name_count {
		char *name;
		size_t count;
	} *slots;
	size_t cap;
	size_t len;
};

/* What the dumper knows of one type. */
struct sdk_dump_type_state {
	/* Topological sort: 0 not ordered, 1 ordering, 2 ordered. */
	unsigned order : 2;
	/* Emission: 0 not emitted, 1 emitting, 2 emitted. */
	unsigned emit : 2;
	/* Its forward declaration (or, of a typedef, its definition) is out. */
	unsigned fwd_emitted : 1;
	/* Its unique name is settled (names[id], or its own). */
	unsigned name_resolved : 1;
	/* Another type names it (an anonymous enum no type names is a
	 * top-level declaration of constants). */
	unsigned referenced : 1;
};

/* btf_dump__dump_type_data's options and where it is in the value. */
struct sdk_typed_dump {
	const unsigned char *data_end;
	bool compact;
	bool skip_names;
	bool emit_zeroes;
	int indent_level;
	char indent_str[32];
	int depth;
	bool is_array_member;
	bool is_array_terminated;
	bool is_array_char;
};

struct btf_dump {
	const struct btf *btf;
	btf_dump_printf_fn_t printf_fn;
	void *ctx;
	int ptr_sz;
	/* Declarations without const/volatile/restrict (emit_type_decl's
	 * strip_mods, and the casts of typed data). */
	bool strip_mods;
	/* Anonymous structs, unions and enums by keyword only (the casts of
	 * typed data). */
	bool skip_anon_defs;
	/* Types the state arrays cover: ids below this. */
	__u32 nr_types;
	struct sdk_dump_type_state *states;
	/* The renamed name of a type (NULL: its own), owned. */
	char **names;
	/* Definitions btf_dump__dump_type emits, in order. */
	__u32 *queue;
	size_t queue_len, queue_cap;
	/* The chains of types of the declarations being written, nested. */
	__u32 *decls;
	size_t decls_len, decls_cap;
	/* Struct, union and enum names; typedef and enumerator names (C's two
	 * name spaces). */
	struct sdk_name_counts type_names;
	struct sdk_name_counts ident_names;
	/* How deep the declaration being written nests (anonymous types
	 * inline, prototypes' parameters), and whether a call went past
	 * SDK_BTF_MAX_NESTING (BTF with a loop C cannot have): it then
	 * stops writing and fails with -ELOOP. */
	int nesting;
	bool too_deep;
	/* Set during btf_dump__dump_type_data. */
	struct sdk_typed_dump *typed;
};

/* Grows the per-type state to the BTF's current types (BTF may grow
 * between calls): 0 or a negative errno. */
int sdk_dump_cover_types(struct btf_dump *d);
/* Whether the writing nests past SDK_BTF_MAX_NESTING: if so, records it
 * (with a warning) and the caller writes no deeper. */
bool sdk_dump_too_deep(struct btf_dump *d, int depth, __u32 id);
/* Output through the caller's print function. */
void sdk_dump_printf(struct btf_dump *d, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The declaration of type `id` named `name` (may be ""), at indent `lvl`. */
void sdk_dump_emit_type_decl(struct btf_dump *d, __u32 id, const char *name, int lvl);

#endif
