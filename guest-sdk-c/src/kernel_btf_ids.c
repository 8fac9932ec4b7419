/* BTF ids within the guest's view: bpf_btf_get_next_id,
 * bpf_btf_get_fd_by_id (and _opts), bpf_btf_get_info_by_fd and
 * bpf_object__btf_fd. The ids a guest sees are its loaded objects' BTF
 * and the kernel's own (vmlinux and modules): those are world-readable
 * under /sys/kernel/btf anyway, and code ported from libbpf finds a
 * module's BTF by walking these ids (as libbpf's load_module_btfs does).
 * Another process's BTF id is not there (ENOENT), as for programs and
 * maps (kernel_ids.c). A BTF "fd" is an SDK handle of the id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* The BTF objects the guest may read, by id ascending, as the host
 * lists them; 0 or a negative errno. */
static int readable(wasi_bpf_btf_list_btf_kernel_info_t *list)
{
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_btf_btf_objects(list, &err))
		return sdk_fail(&err);
	return 0;
}

int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id)
{
	if (!next_id)
		return sdk_fail_with(EINVAL, "bpf_btf_get_next_id: no next_id");
	wasi_bpf_btf_list_btf_kernel_info_t list;
	int ret = readable(&list);
	if (ret)
		return ret;
	size_t i = 0;
	while (i < list.len && list.ptr[i].id <= start_id)
		i++;
	if (i < list.len)
		*next_id = list.ptr[i].id;
	else
		ret = sdk_fail_with(ENOENT, "bpf_btf_get_next_id: no BTF id above %u for the guest", start_id);
	wasi_bpf_btf_list_btf_kernel_info_free(&list);
	return ret;
}

/* A new handle for BTF `id`, of the object or the guest's own. */
static int new_handle(__u32 id, bool of_object)
{
	struct sdk_kernel_btf *btf = malloc(sizeof(*btf));
	if (!btf)
		return sdk_fail_with(ENOMEM, "out of memory");
	*btf = (struct sdk_kernel_btf){ .id = id, .of_object = of_object };
	int fd = sdk_handle_register(SDK_HANDLE_BTF, btf);
	if (fd < 0)
		free(btf);
	return fd;
}

int bpf_btf_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts)
{
	__u32 flags = SDK_OPTS_HAS(opts, struct bpf_get_fd_by_id_opts, open_flags) ? opts->open_flags : 0;
	if (flags)
		/* The kernel takes no open_flags for BTF. */
		return sdk_fail_with(EINVAL, "bpf_btf_get_fd_by_id: open_flags 0x%x", flags);
	wasi_bpf_btf_list_btf_kernel_info_t list;
	int ret = readable(&list);
	if (ret)
		return ret;
	bool found = false;
	for (size_t i = 0; i < list.len && !found; i++)
		found = list.ptr[i].id == id;
	wasi_bpf_btf_list_btf_kernel_info_free(&list);
	if (!found)
		return sdk_fail_with(ENOENT, "bpf_btf_get_fd_by_id: no BTF of id %u for the guest", id);
	return new_handle(id, false);
}

int bpf_btf_get_fd_by_id(__u32 id)
{
	return bpf_btf_get_fd_by_id_opts(id, NULL);
}

int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info, __u32 *info_len)
{
	struct sdk_kernel_btf *btf = sdk_handle_get(btf_fd, SDK_HANDLE_BTF);
	if (!btf)
		return -errno;
	if (!info || !info_len)
		return sdk_fail_with(EINVAL, "no info buffer");
	/* The buffers the guest asked to be filled, if within its info. */
	struct bpf_btf_info asked = { 0 };
	memcpy(&asked, info, *info_len < sizeof(asked) ? *info_len : sizeof(asked));
	wasi_bpf_btf_list_btf_kernel_info_t list;
	int ret = readable(&list);
	if (ret)
		return ret;
	struct bpf_btf_info full = asked;
	size_t i = 0;
	while (i < list.len && list.ptr[i].id != btf->id)
		i++;
	if (i < list.len) {
		full.id = btf->id;
		full.kernel_btf = list.ptr[i].kernel_btf;
		full.btf_size = list.ptr[i].size;
		full.name_len = (__u32)list.ptr[i].name.len + 1;
		ret = sdk_give_name(asked.name, asked.name_len, (const char *)list.ptr[i].name.ptr, list.ptr[i].name.len);
	} else {
		ret = sdk_fail_with(ENOENT, "bpf_btf_get_info_by_fd: BTF id %u is gone", btf->id);
	}
	wasi_bpf_btf_list_btf_kernel_info_free(&list);
	if (!ret && asked.btf && asked.btf_size) {
		sdk_list_u8_t data;
		wasi_bpf_types_error_t err;
		if (!wasi_bpf_btf_btf_by_id(btf->id, &data, &err))
			return sdk_fail(&err);
		/* As the kernel: as much as fits, the full size reported. */
		memcpy((void *)(uintptr_t)asked.btf, data.ptr, data.len < asked.btf_size ? data.len : asked.btf_size);
		full.btf_size = (__u32)data.len;
		sdk_list_u8_free(&data);
	}
	return ret ? ret : sdk_give_info(&full, sizeof(full), info, info_len);
}

int bpf_object__btf_fd(const struct bpf_object *obj_ro)
{
	struct bpf_object *obj = (struct bpf_object *)obj_ro;
	/* As libbpf's: -1 while the object has no BTF in the kernel. */
	if (!obj || !obj->loaded)
		return -1;
	if (obj->btf_fd)
		return obj->btf_fd;
	__u32 id;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_btf_object_btf_id(wasi_bpf_bpf_object_borrow_object(obj->handle), &id, &err)) {
		sdk_fail(&err);
		return -1;
	}
	int fd = new_handle(id, true);
	if (fd < 0)
		return -1;
	obj->btf_fd = fd;
	return fd;
}

void sdk_object_btf_fd_release(struct bpf_object *obj)
{
	if (!obj->btf_fd)
		return;
	free(sdk_handle_get(obj->btf_fd, SDK_HANDLE_BTF));
	sdk_handle_release(obj->btf_fd);
	obj->btf_fd = 0;
}
