/* The BTF calls a guest cannot make: they need the kernel (loading BTF
 * into it, BTF objects by id, their fds) or parse what only the host
 * reads (ELF files' .BTF and .BTF.ext), or are not written yet
 * (deduplication, C type dumping). Each warns and fails with EOPNOTSUPP,
 * as <bpf/btf.h> says. */
#include "btf_internal.h"
#include "internal.h"

static void *unsupported_ptr(const char *what)
{
	sdk_unsupported(what);
	return NULL;
}

struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext)
{
	(void)path;
	if (btf_ext)
		*btf_ext = NULL;
	return unsupported_ptr("btf__parse_elf");
}

struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf)
{
	(void)path, (void)base_btf;
	return unsupported_ptr("btf__parse_elf_split");
}

struct btf *btf__load_from_kernel_by_id(__u32 id)
{
	(void)id;
	return unsupported_ptr("btf__load_from_kernel_by_id");
}

struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf)
{
	(void)id, (void)base_btf;
	return unsupported_ptr("btf__load_from_kernel_by_id_split");
}

int btf__load_into_kernel(struct btf *btf)
{
	(void)btf;
	return sdk_unsupported("btf__load_into_kernel");
}

int btf__fd(const struct btf *btf)
{
	(void)btf;
	return sdk_unsupported("btf__fd");
}

void btf__set_fd(struct btf *btf, int fd)
{
	(void)btf, (void)fd;
	sdk_unsupported("btf__set_fd");
}

struct btf_ext *btf_ext__new(const __u8 *data, __u32 size)
{
	(void)data, (void)size;
	return unsupported_ptr("btf_ext__new");
}

void btf_ext__free(struct btf_ext *btf_ext)
{
	/* Nothing btf_ext__new could have made. */
	(void)btf_ext;
}

const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size)
{
	(void)btf_ext, (void)size;
	return unsupported_ptr("btf_ext__raw_data");
}

int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts)
{
	(void)btf, (void)opts;
	return sdk_unsupported("btf__dedup");
}

struct btf_dump *btf_dump__new(const struct btf *btf, btf_dump_printf_fn_t printf_fn, void *ctx,
			       const struct btf_dump_opts *opts)
{
	(void)btf, (void)printf_fn, (void)ctx, (void)opts;
	return unsupported_ptr("btf_dump__new");
}

void btf_dump__free(struct btf_dump *d)
{
	/* Nothing btf_dump__new could have made. */
	(void)d;
}

int btf_dump__dump_type(struct btf_dump *d, __u32 id)
{
	(void)d, (void)id;
	return sdk_unsupported("btf_dump__dump_type");
}

int btf_dump__emit_type_decl(struct btf_dump *d, __u32 id, const struct btf_dump_emit_type_decl_opts *opts)
{
	(void)d, (void)id, (void)opts;
	return sdk_unsupported("btf_dump__emit_type_decl");
}

int btf_dump__dump_type_data(struct btf_dump *d, __u32 id, const void *data, size_t data_sz,
			     const struct btf_dump_type_data_opts *opts)
{
	(void)d, (void)id, (void)data, (void)data_sz, (void)opts;
	return sdk_unsupported("btf_dump__dump_type_data");
}
