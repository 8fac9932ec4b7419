/* btf__parse_elf and btf__parse_elf_split: the .BTF (and .BTF.ext)
 * sections of an ELF file the guest opens through its preopens, as libbpf
 * finds them with libelf: the section names in the section header string
 * table, the last section of a name winning; the ELF class gives the
 * pointer size. Only little-endian ELF is read (as only little-endian BTF
 * is). Errors are libbpf's: the open's errno, -LIBBPF_ERRNO__FORMAT for
 * what is no ELF this reads, -ENOENT for an ELF without .BTF, and what
 * btf__new / btf_ext__new give for their sections. */
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "btf_internal.h"
#include "internal.h"

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define SHN_XINDEX 0xffff
#define SHT_NOBITS 8

/* An ELF file read whole, and what its header says of its sections. */
struct elf {
	const unsigned char *data;
	size_t len;
	bool is_64;
	__u64 shoff;
	__u32 shentsize;
	__u32 shnum;
	__u32 shstrndx;
};

/* One section header, either class. */
struct section {
	__u32 name;
	__u32 type;
	__u64 offset;
	__u64 size;
	__u32 link;
};

static __u64 le(const unsigned char *p, int n)
{
	__u64 v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool section_at(const struct elf *e, __u32 index, struct section *s)
{
	__u64 at = e->shoff + (__u64)index * e->shentsize;
	if (at > e->len || e->len - at < e->shentsize)
		return false;
	const unsigned char *h = e->data + at;
	s->name = (__u32)le(h, 4);
	s->type = (__u32)le(h + 4, 4);
	s->offset = e->is_64 ? le(h + 24, 8) : le(h + 16, 4);
	s->size = e->is_64 ? le(h + 32, 8) : le(h + 20, 4);
	s->link = (__u32)(e->is_64 ? le(h + 40, 4) : le(h + 24, 4));
	return true;
}

/* The section's bytes within the file (NULL past its end). */
static const unsigned char *section_data(const struct elf *e, const struct section *s)
{
	if (s->type == SHT_NOBITS)
		return e->data;
	if (s->offset > e->len || e->len - s->offset < s->size)
		return NULL;
	return e->data + s->offset;
}

/* libbpf's warning ("failed to ... from PATH") and error for an ELF file
 * it cannot read. */
static int format_error(const char *what, const char *path)
{
	sdk_warn("libbpf: %s%s\n", what, path);
	return -LIBBPF_ERRNO__FORMAT;
}

static int read_header(struct elf *e, const char *path)
{
	const unsigned char *d = e->data;
	if (e->len < 52 || memcmp(d, "\177ELF", 4))
		return format_error("failed to get EHDR from ", path);
	if ((d[4] != ELFCLASS32 && d[4] != ELFCLASS64) || d[5] != ELFDATA2LSB)
		return format_error("failed to get EHDR (a little-endian one) from ", path);
	e->is_64 = d[4] == ELFCLASS64;
	if (e->is_64 && e->len < 64)
		return format_error("failed to get EHDR from ", path);
	e->shoff = e->is_64 ? le(d + 40, 8) : le(d + 32, 4);
	e->shentsize = (__u32)le(d + (e->is_64 ? 58 : 46), 2);
	e->shnum = (__u32)le(d + (e->is_64 ? 60 : 48), 2);
	e->shstrndx = (__u32)le(d + (e->is_64 ? 62 : 50), 2);
	if (e->shentsize < (e->is_64 ? 64u : 40u))
		return format_error("failed to get section headers from ", path);
	/* Many sections: the counts are in section 0's header. */
	struct section zero;
	if ((e->shnum == 0 || e->shstrndx == SHN_XINDEX) && e->shoff) {
		if (!section_at(e, 0, &zero))
			return format_error("failed to get section names section index for ", path);
		if (e->shnum == 0)
			e->shnum = (__u32)zero.size;
		if (e->shstrndx == SHN_XINDEX)
			e->shstrndx = zero.link;
	}
	return 0;
}

/* Finds .BTF (and, when asked, .BTF.ext): 0, or a negative errno. */
static int find_sections(const struct elf *e, const char *path, struct section *btf, bool *has_btf,
			 struct section *ext, bool *has_ext)
{
	struct section names;
	if (e->shstrndx >= e->shnum || !section_at(e, e->shstrndx, &names))
		return format_error("failed to get section names section index for ", path);
	const unsigned char *strs = section_data(e, &names);
	if (!strs || names.type == SHT_NOBITS)
		return format_error("failed to get e_shstrndx from ", path);
	for (__u32 i = 1; i < e->shnum; i++) {
		struct section s;
		if (!section_at(e, i, &s)) {
			sdk_warn("libbpf: failed to get section(%u) header from %s\n", i, path);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (s.name >= names.size || !memchr(strs + s.name, '\0', names.size - s.name)) {
			sdk_warn("libbpf: failed to get section(%u) name from %s\n", i, path);
			return -LIBBPF_ERRNO__FORMAT;
		}
		const char *name = (const char *)strs + s.name;
		bool is_btf = !strcmp(name, BTF_ELF_SEC), is_ext = ext && !strcmp(name, BTF_EXT_ELF_SEC);
		if (!is_btf && !is_ext)
			continue;
		if (!section_data(e, &s)) {
			sdk_warn("libbpf: failed to get section(%u, %s) data from %s\n", i, name, path);
			return -LIBBPF_ERRNO__FORMAT;
		}
		if (is_btf) {
			*btf = s;
			*has_btf = true;
		} else {
			*ext = s;
			*has_ext = true;
		}
	}
	return 0;
}

static __u32 data_size(const struct section *s)
{
	return s->type == SHT_NOBITS ? 0 : (__u32)s->size;
}

static struct btf *parse(struct elf *e, const char *path, struct btf *base, struct btf_ext **btf_ext, int *err)
{
	struct section btf_sec, ext_sec;
	bool has_btf = false, has_ext = false;
	*err = read_header(e, path);
	if (!*err)
		*err = find_sections(e, path, &btf_sec, &has_btf, btf_ext ? &ext_sec : NULL, &has_ext);
	if (*err)
		return NULL;
	if (!has_btf) {
		sdk_warn("libbpf: failed to find '%s' ELF section in %s\n", BTF_ELF_SEC, path);
		*err = -ENOENT;
		return NULL;
	}
	struct btf *btf = btf__new_split(section_data(e, &btf_sec), data_size(&btf_sec), base);
	if (!btf) {
		*err = -errno;
		return NULL;
	}
	btf__set_pointer_size(btf, e->is_64 ? 8 : 4);
	if (btf_ext && has_ext) {
		*btf_ext = btf_ext__new(section_data(e, &ext_sec), data_size(&ext_sec));
		if (!*btf_ext) {
			*err = -errno;
			btf__free(btf);
			return NULL;
		}
	}
	return btf;
}

struct btf *sdk_btf_parse_elf(const char *path, struct btf *base, struct btf_ext **btf_ext)
{
	if (btf_ext)
		*btf_ext = NULL;
	if (!path)
		return sdk_btf_fail_ptr(EINVAL, "no ELF file named");
	struct elf e = { 0 };
	unsigned char *data;
	int err = sdk_read_file(path, &data, &e.len);
	if (err) {
		sdk_warn("libbpf: failed to open %s: %s\n", path, strerror(-err));
		errno = -err;
		return NULL;
	}
	e.data = data;
	struct btf *btf = parse(&e, path, base, btf_ext, &err);
	free(data);
	if (!btf)
		sdk_fail_with(-err, "%s: no BTF read (%d)", path, err);
	return btf;
}

struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext)
{
	return sdk_btf_parse_elf(path, NULL, btf_ext);
}

struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf)
{
	return sdk_btf_parse_elf(path, base_btf, NULL);
}
