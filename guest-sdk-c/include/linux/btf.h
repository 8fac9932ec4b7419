/* The BTF format (Linux's UAPI <linux/btf.h>, Documentation/bpf/btf.rst):
 * the layout of raw BTF as the kernel publishes it in /sys/kernel/btf and
 * clang writes it in an object's .BTF section. Written for this SDK from
 * the kernel's documented values; every field is fixed-width, so the
 * layout is the kernel's on wasm32 too. */
#ifndef WASI_BPF_LINUX_BTF_H
#define WASI_BPF_LINUX_BTF_H

#include <linux/types.h>

#define BTF_MAGIC	0xeB9F
#define BTF_VERSION	1

/* At the start of raw BTF: the offsets are from the end of the header. */
struct btf_header {
	__u16	magic;
	__u8	version;
	__u8	flags;
	__u32	hdr_len;
	__u32	type_off;
	__u32	type_len;
	__u32	str_off;
	__u32	str_len;
};

/* The most type ids, name offsets and members (vlen) BTF can express. */
#define BTF_MAX_TYPE		0x000fffff
#define BTF_MAX_NAME_OFFSET	0x00ffffff
#define BTF_MAX_VLEN		0xffff

/* Every type starts so; what follows depends on its kind. `info` holds
 * the vlen (bits 0-15), the kind (bits 24-28) and the kind flag (bit 31). */
struct btf_type {
	__u32 name_off;
	__u32 info;
	union {
		/* INT, ENUM, ENUM64, STRUCT, UNION, FLOAT, DATASEC: bytes. */
		__u32 size;
		/* PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO,
		 * VAR, DECL_TAG, TYPE_TAG: the type referred to. */
		__u32 type;
	};
};

#define BTF_INFO_KIND(info)	(((info) >> 24) & 0x1f)
#define BTF_INFO_VLEN(info)	((info) & 0xffff)
#define BTF_INFO_KFLAG(info)	((info) >> 31)

enum {
	BTF_KIND_UNKN		= 0,
	BTF_KIND_INT		= 1,
	BTF_KIND_PTR		= 2,
	BTF_KIND_ARRAY		= 3,
	BTF_KIND_STRUCT		= 4,
	BTF_KIND_UNION		= 5,
	BTF_KIND_ENUM		= 6,
	BTF_KIND_FWD		= 7,
	BTF_KIND_TYPEDEF	= 8,
	BTF_KIND_VOLATILE	= 9,
	BTF_KIND_CONST		= 10,
	BTF_KIND_RESTRICT	= 11,
	BTF_KIND_FUNC		= 12,
	BTF_KIND_FUNC_PROTO	= 13,
	BTF_KIND_VAR		= 14,
	BTF_KIND_DATASEC	= 15,
	BTF_KIND_FLOAT		= 16,
	BTF_KIND_DECL_TAG	= 17,
	BTF_KIND_TYPE_TAG	= 18,
	BTF_KIND_ENUM64		= 19,

	NR_BTF_KINDS,
	BTF_KIND_MAX		= NR_BTF_KINDS - 1,
};

/* An INT is followed by one __u32: encoding, bit offset and bits. */
#define BTF_INT_ENCODING(VAL)	(((VAL) & 0x0f000000) >> 24)
#define BTF_INT_OFFSET(VAL)	(((VAL) & 0x00ff0000) >> 16)
#define BTF_INT_BITS(VAL)	((VAL)  & 0x000000ff)

#define BTF_INT_SIGNED	(1 << 0)
#define BTF_INT_CHAR	(1 << 1)
#define BTF_INT_BOOL	(1 << 2)

/* An ENUM is followed by vlen of these (signed when its kind flag is). */
struct btf_enum {
	__u32	name_off;
	__s32	val;
};

/* An ARRAY is followed by one of these. */
struct btf_array {
	__u32	type;
	__u32	index_type;
	__u32	nelems;
};

/* A STRUCT or UNION is followed by vlen of these. With the kind flag set,
 * `offset` holds the bitfield size (bits 24-31) and the bit offset (bits
 * 0-23); without it, the bit offset alone. */
struct btf_member {
	__u32	name_off;
	__u32	type;
	__u32	offset;
};

#define BTF_MEMBER_BITFIELD_SIZE(val)	((val) >> 24)
#define BTF_MEMBER_BIT_OFFSET(val)	((val) & 0xffffff)

/* A FUNC_PROTO is followed by vlen parameters. */
struct btf_param {
	__u32	name_off;
	__u32	type;
};

enum {
	BTF_VAR_STATIC = 0,
	BTF_VAR_GLOBAL_ALLOCATED = 1,
	BTF_VAR_GLOBAL_EXTERN = 2,
};

/* A FUNC's vlen. */
enum btf_func_linkage {
	BTF_FUNC_STATIC = 0,
	BTF_FUNC_GLOBAL = 1,
	BTF_FUNC_EXTERN = 2,
};

/* A VAR is followed by one of these. */
struct btf_var {
	__u32	linkage;
};

/* A DATASEC is followed by vlen of these, one per variable. */
struct btf_var_secinfo {
	__u32	type;
	__u32	offset;
	__u32	size;
};

/* A DECL_TAG is followed by one of these: -1 for the type itself, else
 * the member or parameter it tags. */
struct btf_decl_tag {
	__s32   component_idx;
};

/* An ENUM64 is followed by vlen of these. */
struct btf_enum64 {
	__u32	name_off;
	__u32	val_lo32;
	__u32	val_hi32;
};

#endif /* WASI_BPF_LINUX_BTF_H */
