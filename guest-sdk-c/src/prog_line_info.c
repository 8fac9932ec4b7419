/* The line info arrays of bpf_prog_get_info_by_fd, filled as the kernel
 * fills them: the caller names an array by a count and a pointer field,
 * gets the kernel's count back and at most as many records as it made
 * room for. Kernel addresses (jited_ksyms, jited_line_info) come only to
 * a guest allowed `kernel-symbols`; without it their counts come back and
 * their pointer fields are set to 0, as the kernel does for a reader not
 * allowed raw dumps. */
#include <stdint.h>
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* The guest memory a pointer field names, or NULL when it names none
 * (wasm32 addresses are 32-bit). */
static void *user_ptr(__u64 field)
{
	return field > UINTPTR_MAX ? NULL : (void *)(uintptr_t)field;
}

/* Copies `have` records of `size` bytes into the array that `*ptr` names
 * and `room` counts; sets `*count` to `have`. */
static int give_array(const void *records, __u32 have, size_t size, __u32 room, __u32 *count, __u64 *ptr,
		      const char *what)
{
	*count = have;
	if (!have || !room)
		return 0;
	void *to = user_ptr(*ptr);
	if (!to)
		return sdk_fail_with(EFAULT, "bpf_prog_get_info_by_fd: %s (0x%llx) is no address of the guest's", what,
				     (unsigned long long)*ptr);
	memcpy(to, records, (size_t)(have < room ? have : room) * size);
	return 0;
}

int sdk_prog_line_info(wasi_bpf_bpf_object_borrow_program_t self, struct bpf_prog_info *info)
{
	/* The kernel's own checks of the record sizes a caller names. */
	if ((info->nr_line_info || info->line_info_rec_size) &&
	    info->line_info_rec_size != sizeof(struct bpf_line_info))
		return sdk_fail_with(EINVAL, "bpf_prog_get_info_by_fd: line_info_rec_size %u, not %zu",
				     info->line_info_rec_size, sizeof(struct bpf_line_info));
	if ((info->nr_jited_line_info || info->jited_line_info_rec_size) &&
	    info->jited_line_info_rec_size != sizeof(__u64))
		return sdk_fail_with(EINVAL, "bpf_prog_get_info_by_fd: jited_line_info_rec_size %u, not %zu",
				     info->jited_line_info_rec_size, sizeof(__u64));

	wasi_bpf_bpf_object_program_line_info_t got;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_program_line_info(self, &got, &err))
		return sdk_fail(&err);
	/* The host's line-info record is struct bpf_line_info, field by field. */
	_Static_assert(sizeof(wasi_bpf_bpf_object_line_info_t) == sizeof(struct bpf_line_info), "line info layout");
	__u32 lines = (__u32)got.lines.len;
	__u32 funcs = (__u32)got.jited_func_lengths.len;
	bool addresses = got.jited_addresses.is_some;
	int ret = give_array(got.lines.ptr, lines, sizeof(struct bpf_line_info), info->nr_line_info,
			     &info->nr_line_info, &info->line_info, "line_info");
	info->line_info_rec_size = sizeof(struct bpf_line_info);
	if (!ret)
		ret = give_array(got.jited_func_lengths.ptr, funcs, sizeof(__u32), info->nr_jited_func_lens,
				 &info->nr_jited_func_lens, &info->jited_func_lens, "jited_func_lens");
	info->jited_line_info_rec_size = sizeof(__u64);
	if (!ret && addresses) {
		ret = give_array(got.jited_addresses.val.functions.ptr, (__u32)got.jited_addresses.val.functions.len,
				 sizeof(__u64), info->nr_jited_ksyms, &info->nr_jited_ksyms, &info->jited_ksyms,
				 "jited_ksyms");
		if (!ret)
			ret = give_array(got.jited_addresses.val.lines.ptr, (__u32)got.jited_addresses.val.lines.len,
					 sizeof(__u64), info->nr_jited_line_info, &info->nr_jited_line_info,
					 &info->jited_line_info, "jited_line_info");
	} else if (!ret) {
		if (info->nr_jited_ksyms && funcs)
			info->jited_ksyms = 0;
		if (info->nr_jited_line_info && got.jited_line_count)
			info->jited_line_info = 0;
		info->nr_jited_ksyms = funcs;
		info->nr_jited_line_info = got.jited_line_count;
	}
	wasi_bpf_bpf_object_program_line_info_free(&got);
	return ret;
}
