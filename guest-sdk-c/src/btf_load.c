/* Where a guest's BTF comes from: the host (the kernel's, a module's, an
 * object's, and BTF by kernel id, over wasi:bpf/btf) and files the guest
 * can open itself (raw BTF here; ELF files in btf_elf.c); btf__fd of an
 * object's BTF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_internal.h"
#include "internal.h"

/* Parses the bytes a host call gave (then frees them), or records its
 * error: NULL with errno set either way. */
static struct btf *from_host(bool ok, sdk_list_u8_t *data, wasi_bpf_types_error_t *err, struct btf *base,
			     const char *what)
{
	if (!ok) {
		errno = -sdk_fail_warn(err, what);
		return NULL;
	}
	struct btf *btf = btf__new_split(data->ptr, (__u32)data->len, base);
	int e = errno;
	sdk_list_u8_free(data);
	errno = e;
	return btf;
}

struct btf *btf__load_vmlinux_btf(void)
{
	sdk_list_u8_t data;
	wasi_bpf_types_error_t err;
	bool ok = wasi_bpf_btf_kernel_btf(&data, &err);
	return from_host(ok, &data, &err, NULL, "failed to read the kernel's BTF");
}

struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf)
{
	if (!module_name)
		return sdk_btf_fail_ptr(EINVAL, "btf__load_module_btf: no module name");
	sdk_string_t name = sdk_str(module_name);
	sdk_list_u8_t data;
	wasi_bpf_types_error_t err;
	bool ok = wasi_bpf_btf_module_btf(&name, &data, &err);
	return from_host(ok, &data, &err, vmlinux_btf, "failed to read a module's BTF");
}

/* The BTF of id `id`, as the kernel holds it: the guest's objects' or the
 * kernel's own (kernel_btf_ids.c says which ids a guest sees). */
struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf)
{
	sdk_list_u8_t data;
	wasi_bpf_types_error_t err;
	bool ok = wasi_bpf_btf_btf_by_id(id, &data, &err);
	return from_host(ok, &data, &err, base_btf, "failed to load BTF by id");
}

struct btf *btf__load_from_kernel_by_id(__u32 id)
{
	return btf__load_from_kernel_by_id_split(id, NULL);
}

int btf__fd(const struct btf *btf)
{
	if (btf->fd < 0 && btf->object)
		return bpf_object__btf_fd(btf->object);
	return btf->fd;
}

void btf__set_fd(struct btf *btf, int fd)
{
	btf->fd = fd;
}

struct btf *bpf_object__btf(const struct bpf_object *obj_ro)
{
	if (!obj_ro) {
		errno = EINVAL;
		return NULL;
	}
	/* As libbpf's: the object owns its BTF (bpf_object__close frees it). */
	struct bpf_object *obj = (struct bpf_object *)obj_ro;
	if (obj->btf)
		return obj->btf;
	sdk_option_list_u8_t data;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_btf_object_btf(wasi_bpf_bpf_object_borrow_object(obj->handle), &data, &err)) {
		errno = -sdk_fail_warn(&err, "failed to read the object's BTF");
		return NULL;
	}
	if (!data.is_some) {
		errno = ENOENT;
		return NULL;
	}
	obj->btf = from_host(true, &data.val, NULL, NULL, "failed to read the object's BTF");
	if (obj->btf)
		obj->btf->object = obj;
	return obj->btf;
}

int sdk_read_file(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	unsigned char *buf = NULL;
	size_t used = 0, cap = 0;
	for (;;) {
		if (used == cap) {
			/* 1 GiB is far past any BTF (whose sizes are 32-bit). */
			unsigned char *grown = cap < (1u << 30) ? realloc(buf, cap ? cap * 2 : 1 << 16) : NULL;
			if (!grown) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = grown;
			cap = cap ? cap * 2 : 1 << 16;
		}
		size_t n = fread(buf + used, 1, cap - used, f);
		used += n;
		if (n == 0)
			break;
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return -EIO;
	}
	*data = buf;
	*len = used;
	return 0;
}

/* Raw BTF in a file: -EPROTO (errno) when it does not start with BTF's
 * magic (btf__parse then reads it as ELF), as libbpf's. */
static struct btf *parse_raw_file(const char *path, struct btf *base)
{
	if (!path)
		return sdk_btf_fail_ptr(EINVAL, "no BTF file named");
	unsigned char *data;
	size_t len;
	int err = sdk_read_file(path, &data, &len);
	if (err)
		return sdk_btf_fail_ptr(-err, "failed to read %s: %s", path, strerror(-err));
	struct btf *btf = NULL;
	if (len < 2) {
		errno = EIO;
	} else if (data[0] + (data[1] << 8) != BTF_MAGIC && data[1] + (data[0] << 8) != BTF_MAGIC) {
		errno = EPROTO;
	} else {
		btf = btf__new_split(data, (__u32)len, base);
	}
	int e = errno;
	free(data);
	errno = e;
	return btf;
}

struct btf *btf__parse_raw(const char *path)
{
	return parse_raw_file(path, NULL);
}

struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf)
{
	return parse_raw_file(path, base_btf);
}

/* Raw BTF, or else the .BTF (and .BTF.ext) of an ELF file. */
static struct btf *parse_any(const char *path, struct btf *base, struct btf_ext **btf_ext)
{
	if (btf_ext)
		*btf_ext = NULL;
	struct btf *btf = parse_raw_file(path, base);
	if (btf || errno != EPROTO)
		return btf;
	return sdk_btf_parse_elf(path, base, btf_ext);
}

struct btf *btf__parse(const char *path, struct btf_ext **btf_ext)
{
	return parse_any(path, NULL, btf_ext);
}

struct btf *btf__parse_split(const char *path, struct btf *base_btf)
{
	return parse_any(path, base_btf, NULL);
}
