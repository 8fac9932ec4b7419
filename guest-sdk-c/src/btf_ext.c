/* .BTF.ext from bytes: btf_ext__new checks them as libbpf 1.1 does (the
 * header, then each of func_info, line_info and core_relo: aligned,
 * within the bytes, records of at least their minimal size, sections of
 * at least one record that end where the records do), keeps a copy, and
 * btf_ext__raw_data gives it back. */
#include <stdlib.h>
#include <string.h>

#include "btf_internal.h"
#include "internal.h"

/* The header as the ELF section has it (libbpf's btf_ext_header). */
struct ext_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	/* Only when hdr_len reaches them. */
	__u32 core_relo_off;
	__u32 core_relo_len;
};

struct btf_ext {
	unsigned char *data;
	__u32 size;
};

/* The smallest records the kernel takes: bpf_func_info (insn_off,
 * type_id), bpf_line_info (insn_off, file_name_off, line_off, line_col),
 * bpf_core_relo (insn_off, type_id, access_str_off, kind). */
#define FUNC_INFO_MIN 8
#define LINE_INFO_MIN 16
#define CORE_RELO_MIN 16

static __u32 u32_at(const unsigned char *p)
{
	__u32 v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* One info subsection: a record size, then sections of (name offset,
 * record count, records). */
static int check_info(const struct btf_ext *ext, __u32 hdr_len, __u32 off, __u32 len, __u32 min_rec_size,
		      const char *what)
{
	if (len == 0)
		return 0;
	if (off & 3)
		return sdk_fail_with(EINVAL, ".BTF.ext %s section is not aligned to 4 bytes", what);
	__u64 start = (__u64)hdr_len + off;
	if (start + len > ext->size)
		return sdk_fail_with(EINVAL, "%s section (off:%u len:%u) is beyond the end of the ELF section .BTF.ext",
				     what, off, len);
	if (len < sizeof(__u32))
		return sdk_fail_with(EINVAL, ".BTF.ext %s record size not found", what);
	const unsigned char *p = ext->data + start;
	__u32 rec_size = u32_at(p);
	if (rec_size < min_rec_size || (rec_size & 3))
		return sdk_fail_with(EINVAL, "%s section in .BTF.ext has invalid record size %u", what, rec_size);
	__u64 left = len - sizeof(__u32);
	p += sizeof(__u32);
	if (!left)
		return sdk_fail_with(EINVAL, "%s section in .BTF.ext has no records", what);
	while (left) {
		if (left < 2 * sizeof(__u32))
			return sdk_fail_with(EINVAL, "%s section header is not found in .BTF.ext", what);
		__u32 count = u32_at(p + sizeof(__u32));
		__u64 total = 2 * sizeof(__u32) + (__u64)count * rec_size;
		if (count == 0 || left < total)
			return sdk_fail_with(EINVAL, "%s section has incorrect num_records in .BTF.ext", what);
		left -= total;
		p += total;
	}
	return 0;
}

static int check(const struct btf_ext *ext)
{
	struct ext_header h = { 0 };
	if (ext->size < offsetof(struct ext_header, func_info_off))
		return sdk_fail_with(EINVAL, "BTF.ext header not found");
	memcpy(&h, ext->data, ext->size < sizeof(h) ? ext->size : sizeof(h));
	if (ext->size < h.hdr_len)
		return sdk_fail_with(EINVAL, "BTF.ext header not found");
	if (h.magic == __builtin_bswap16(BTF_MAGIC))
		return sdk_fail_with(EOPNOTSUPP, "BTF.ext in non-native endianness is not supported");
	if (h.magic != BTF_MAGIC)
		return sdk_fail_with(EINVAL, "Invalid BTF.ext magic:%x", h.magic);
	if (h.version != BTF_VERSION)
		return sdk_fail_with(EOPNOTSUPP, "Unsupported BTF.ext version:%u", h.version);
	if (h.flags)
		return sdk_fail_with(EOPNOTSUPP, "Unsupported BTF.ext flags:%x", h.flags);
	if (ext->size == h.hdr_len)
		return sdk_fail_with(EINVAL, "BTF.ext has no data");
	if (h.hdr_len < offsetof(struct ext_header, core_relo_off))
		return sdk_fail_with(EINVAL, "BTF.ext header of %u bytes has no line_info", h.hdr_len);
	int err = check_info(ext, h.hdr_len, h.func_info_off, h.func_info_len, FUNC_INFO_MIN, "func_info");
	if (!err)
		err = check_info(ext, h.hdr_len, h.line_info_off, h.line_info_len, LINE_INFO_MIN, "line_info");
	if (!err && h.hdr_len >= sizeof(h))
		err = check_info(ext, h.hdr_len, h.core_relo_off, h.core_relo_len, CORE_RELO_MIN, "core_relo");
	return err;
}

struct btf_ext *btf_ext__new(const __u8 *data, __u32 size)
{
	if (!data && size)
		return sdk_btf_fail_ptr(EINVAL, "btf_ext__new: no data");
	struct btf_ext *ext = calloc(1, sizeof(*ext));
	if (!ext || !(ext->data = malloc(size ? size : 1))) {
		free(ext);
		return sdk_btf_fail_ptr(ENOMEM, "out of memory for .BTF.ext");
	}
	if (size)
		memcpy(ext->data, data, size);
	ext->size = size;
	int err = check(ext);
	if (err) {
		btf_ext__free(ext);
		errno = -err;
		return NULL;
	}
	return ext;
}

void btf_ext__free(struct btf_ext *btf_ext)
{
	if (!btf_ext)
		return;
	free(btf_ext->data);
	free(btf_ext);
}

const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size)
{
	*size = btf_ext->size;
	return btf_ext->data;
}
