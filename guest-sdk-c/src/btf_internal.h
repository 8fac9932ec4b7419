/* What the SDK's BTF files share: the struct behind <bpf/btf.h>'s opaque
 * struct btf (src/btf.c parses into it, src/btf_query.c reads it,
 * src/btf_write.c adds to it, src/btf_load.c fills it from the host). */
#ifndef WASI_BPF_SDK_BTF_INTERNAL_H
#define WASI_BPF_SDK_BTF_INTERNAL_H

#include <bpf/btf.h>

/* How far libbpf follows typedefs, modifiers and arrays (its
 * MAX_RESOLVE_DEPTH). */
#define SDK_BTF_MAX_DEPTH 32
/* How deep btf__align_of goes into structs, members and their types: C
 * nests far less, and a loop in hostile BTF ends here, not in a stack
 * overflow. */
#define SDK_BTF_MAX_NESTING 256

/* The pointer size of BTF that names no `long`: BPF's and the kernel's. */
#define SDK_BTF_DEFAULT_PTR_SZ 8

struct btf {
	/* Split BTF's base (its ids and strings come first), or NULL. */
	struct btf *base;
	/* The id of this BTF's first type (1, or the base's count) and the
	 * offset of its first string (0, or the base's string bytes). */
	__u32 start_id;
	__u32 start_str_off;
	/* The type section, 4-byte aligned (every type is a multiple of 4
	 * bytes long), and where each type starts in it. */
	unsigned char *types;
	__u32 types_len;
	size_t types_cap;
	__u32 *type_offs;
	__u32 nr_types;
	size_t type_offs_cap;
	/* The string section: NUL-terminated strings, the first "" (for BTF
	 * that is not split). */
	char *strs;
	__u32 strs_len;
	size_t strs_cap;
	/* btf__pointer_size: 0 until determined, -1 when the BTF names no
	 * `long`. */
	int ptr_sz;
	/* btf__raw_data's bytes, made on demand, dropped by any change. */
	void *raw;
	__u32 raw_size;
	/* btf__set_fd's handle, -1 until set. */
	int fd;
	/* The object whose BTF this is (bpf_object__btf), whose kernel BTF
	 * handle btf__fd gives once loaded, as libbpf's; NULL for others. */
	struct bpf_object *object;
};

/* A BTF of no types or strings over `base` (NULL: not split), or NULL
 * with errno set. */
struct btf *sdk_btf_alloc(struct btf *base);
/* Type `id` of `btf` or its base (id 0: void), or NULL without touching
 * errno. */
const struct btf_type *sdk_btf_type(const struct btf *btf, __u32 id);
/* The string at `offset`, or NULL without touching errno. */
const char *sdk_btf_str(const struct btf *btf, __u32 offset);
/* The bytes a type of this kind and vlen has after its struct btf_type,
 * or -1 for a kind BTF does not have. */
int sdk_btf_extra_size(__u16 kind, __u16 vlen);
/* Drops what a change makes stale (btf__raw_data's bytes). */
void sdk_btf_changed(struct btf *btf);
/* The pointer size resolve_size and align_of use. */
size_t sdk_btf_ptr_sz(const struct btf *btf);
/* NULL with errno set to `errnum` (libbpf's pointer-returning failures). */
void *sdk_btf_fail_ptr(int errnum, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The whole of file `path` (opened through the guest's preopens), the
 * caller frees: 0 or a negative errno. */
int sdk_read_file(const char *path, unsigned char **data, size_t *len);
/* btf__parse_elf / _split (btf_elf.c): NULL with errno set on failure. */
struct btf *sdk_btf_parse_elf(const char *path, struct btf *base, struct btf_ext **btf_ext);

#endif
