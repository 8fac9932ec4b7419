/* bpf_object__kversion and bpf_object__set_kversion: the kernel version
 * an object declares in its ELF `version` section (libbpf reads it at
 * open), which libbpf hands BPF_PROG_LOAD as kern_version. Kernels since
 * 5.0 ignore kern_version for every program type (before, kprobes had
 * to match the running kernel), so the SDK keeps the number for the
 * guest to read and hands the host nothing. */
#include <string.h>

#include "internal.h"

/* The ELF64 little-endian layout the host's libbpf opened (it refuses
 * objects of the other byte order): the few header fields read here. */
#define EHDR_SHOFF 0x28
#define EHDR_SHENTSIZE 0x3a
#define EHDR_SHNUM 0x3c
#define EHDR_SHSTRNDX 0x3e
#define SHDR_NAME 0x00
#define SHDR_OFFSET 0x18
#define SHDR_SIZE 0x20
#define SHDR_MIN_SIZE 0x40

static uint64_t le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Whether [offset, offset + len) lies in `size` bytes. */
static bool within(uint64_t offset, uint64_t len, size_t size)
{
	return offset <= size && len <= size - offset;
}

__u32 sdk_elf_kversion(const void *elf, size_t size)
{
	const unsigned char *b = elf;
	if (size < 0x40 || memcmp(b, "\177ELF", 4) != 0)
		return 0;
	uint64_t shoff = le(b + EHDR_SHOFF, 8), entsize = le(b + EHDR_SHENTSIZE, 2);
	uint64_t shnum = le(b + EHDR_SHNUM, 2), strndx = le(b + EHDR_SHSTRNDX, 2);
	if (entsize < SHDR_MIN_SIZE || strndx >= shnum || !within(shoff, shnum * entsize, size))
		return 0;
	const unsigned char *strtab_hdr = b + shoff + strndx * entsize;
	uint64_t strtab = le(strtab_hdr + SHDR_OFFSET, 8), strsize = le(strtab_hdr + SHDR_SIZE, 8);
	if (!within(strtab, strsize, size))
		return 0;
	for (uint64_t i = 0; i < shnum; i++) {
		const unsigned char *sh = b + shoff + i * entsize;
		uint64_t name = le(sh + SHDR_NAME, 4), off = le(sh + SHDR_OFFSET, 8), len = le(sh + SHDR_SIZE, 8);
		/* "version" and its NUL within the string table. */
		if (name < strsize && strsize - name >= sizeof("version") &&
		    memcmp(b + strtab + name, "version", sizeof("version")) == 0)
			/* libbpf refuses to open a section of another size. */
			return len == sizeof(__u32) && within(off, len, size) ? (__u32)le(b + off, 4) : 0;
	}
	return 0;
}

unsigned int bpf_object__kversion(const struct bpf_object *obj)
{
	return obj ? obj->kern_version : 0;
}

int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version)
{
	if (!obj)
		return sdk_fail_with(EINVAL, "no object");
	/* As libbpf: the number goes with the load, so not after it. */
	if (obj->loaded)
		return sdk_fail_with(EINVAL, "bpf_object__set_kversion: object '%s' is loaded", obj->name);
	obj->kern_version = kern_version;
	return 0;
}
