/* The SDK's btf_helpers (include/btf_helpers.h): the host relocates a
 * guest's object against the kernel's own BTF, so there is no BTF file
 * for a guest to supply. */
#include "btf_helpers.h"

int ensure_core_btf(struct bpf_object_open_opts *opts)
{
	(void)opts;
	return 0;
}

void cleanup_core_btf(struct bpf_object_open_opts *opts)
{
	(void)opts;
}
