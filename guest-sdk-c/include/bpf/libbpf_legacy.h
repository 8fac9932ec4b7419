/* libbpf's legacy declarations (libbpf_legacy.h), which libbpf.h and
 * bpf.h include: the strict mode switch of the 0.x to 1.0 transition (1.x
 * behaves strictly whatever it is set to), libbpf_get_error and the old
 * names of getters. The BTF ones (libbpf_find_kernel_btf,
 * btf__get_raw_data, btf_ext__get_raw_data) come with <bpf/btf.h>. */
#ifndef WASI_BPF_LIBBPF_LEGACY_H
#define WASI_BPF_LIBBPF_LEGACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/bpf.h>

#include <bpf/libbpf_common.h>

#ifdef __cplusplus
extern "C" {
#endif

enum libbpf_strict_mode {
	LIBBPF_STRICT_ALL = 0xffffffff,
	LIBBPF_STRICT_NONE = 0x00,
	LIBBPF_STRICT_CLEAN_PTRS = 0x01,
	LIBBPF_STRICT_DIRECT_ERRS = 0x02,
	LIBBPF_STRICT_SEC_NAME = 0x04,
	LIBBPF_STRICT_NO_OBJECT_LIST = 0x08,
	LIBBPF_STRICT_AUTO_RLIMIT_MEMLOCK = 0x10,
	LIBBPF_STRICT_MAP_DEFINITIONS = 0x20,
	__LIBBPF_STRICT_LAST,
};

/* Accepted and ignored (0), as in libbpf 1.x: the SDK is strict. */
LIBBPF_API int libbpf_set_strict_mode(enum libbpf_strict_mode mode);

/* -errno when `ptr` is NULL, else 0. */
LIBBPF_API long libbpf_get_error(const void *ptr);

#define DECLARE_LIBBPF_OPTS LIBBPF_OPTS

struct bpf_program;
struct bpf_map;
struct btf;
struct btf_ext;

/* The old names of bpf_program__type, bpf_program__expected_attach_type
 * and bpf_map__pin_path. */
LIBBPF_API enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog);
LIBBPF_API enum bpf_attach_type bpf_program__get_expected_attach_type(const struct bpf_program *prog);
LIBBPF_API const char *bpf_map__get_pin_path(const struct bpf_map *map);
/* The old names of btf__load_vmlinux_btf, btf__raw_data and
 * btf_ext__raw_data (<bpf/btf.h>). */
LIBBPF_API struct btf *libbpf_find_kernel_btf(void);
LIBBPF_API const void *btf__get_raw_data(const struct btf *btf, __u32 *size);
LIBBPF_API const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext, __u32 *size);

#ifdef __cplusplus
}
#endif

#endif
