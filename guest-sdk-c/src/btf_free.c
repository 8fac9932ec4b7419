/* The frees of what the BTF calls a guest cannot make (unsupported.c)
 * would have made: btf_ext__new and btf_dump__new never give one, so
 * there is nothing to free. */
#include <bpf/btf.h>

void btf_ext__free(struct btf_ext *btf_ext)
{
	(void)btf_ext;
}

void btf_dump__free(struct btf_dump *d)
{
	(void)d;
}
