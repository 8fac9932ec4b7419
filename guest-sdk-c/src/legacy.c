/* libbpf_legacy.h's calls: the strict mode switch (libbpf 1.x is strict
 * whatever it is told) and the old names of getters. */
#include <bpf/btf.h>

#include "internal.h"

int libbpf_set_strict_mode(enum libbpf_strict_mode mode)
{
	return 0;
}

enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog)
{
	return bpf_program__type(prog);
}

enum bpf_attach_type bpf_program__get_expected_attach_type(const struct bpf_program *prog)
{
	return bpf_program__expected_attach_type(prog);
}

const char *bpf_map__get_pin_path(const struct bpf_map *map)
{
	return bpf_map__pin_path(map);
}

struct btf *libbpf_find_kernel_btf(void)
{
	return btf__load_vmlinux_btf();
}

const void *btf__get_raw_data(const struct btf *btf, __u32 *size)
{
	return btf__raw_data(btf, size);
}

const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext, __u32 *size)
{
	return btf_ext__raw_data(btf_ext, size);
}
