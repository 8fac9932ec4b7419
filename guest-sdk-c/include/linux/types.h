/* The kernel's fixed-width type names, for headers shared between a BPF
 * program and its wasm32 user space (wasi-libc has no <linux/types.h>).
 * Only fixed-width types: `long` and pointers are 4 bytes on wasm32 and 8
 * on the BPF side, so they must not appear in shared structs. */
#ifndef WASI_BPF_LINUX_TYPES_H
#define WASI_BPF_LINUX_TYPES_H

#include <stdint.h>

typedef int8_t __s8;
typedef uint8_t __u8;
typedef int16_t __s16;
typedef uint16_t __u16;
typedef int32_t __s32;
typedef uint32_t __u32;
typedef int64_t __s64;
typedef uint64_t __u64;

typedef __u16 __be16;
typedef __u16 __le16;
typedef __u32 __be32;
typedef __u32 __le32;
typedef __u64 __be64;
typedef __u64 __le64;

typedef __u16 __sum16;
typedef __u32 __wsum;
typedef unsigned __poll_t;

/* What the kernel's headers use for 64-bit fields shared with 64-bit
 * kernels (already 8-aligned on wasm32, as on x86-64). */
#define __aligned_u64 __u64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))
#ifndef __bitwise
#define __bitwise
#endif

#endif
