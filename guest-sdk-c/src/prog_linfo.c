/* libbpf's bpf_prog_linfo: finds the source line of an instruction (by
 * its offset in the translated program) or of a machine-code address
 * (within one JIT-compiled function), over the line info arrays that
 * bpf_prog_get_info_by_fd filled. All in the guest: the lookups need
 * nothing from the host.
 *
 * As in libbpf: bpf_prog_linfo__new needs line info (EINVAL without);
 * the machine-code side is kept only when the info has all of it (jited
 * line info for every line, each function's start and length), which a
 * guest gets only under `kernel-symbols`; without it lfind_addr_func
 * finds nothing (ENOENT). A lookup that finds nothing returns NULL with
 * errno ENOENT. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

struct bpf_prog_linfo {
	/* The line records as the caller's info has them (its rec_size). */
	unsigned char *lines;
	__u32 nr_lines;
	__u32 rec_size;
	/* Machine code, when known: each line's address, and per function
	 * the index of its first line and its count of lines. */
	__u64 *addrs;
	__u32 nr_funcs;
	__u32 *func_first;
	__u32 *func_lines;
};

static const struct bpf_line_info *line_at(const struct bpf_prog_linfo *linfo, __u32 i)
{
	return (const struct bpf_line_info *)(linfo->lines + (size_t)i * linfo->rec_size);
}

void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo)
{
	if (!prog_linfo)
		return;
	free(prog_linfo->lines);
	free(prog_linfo->addrs);
	free(prog_linfo->func_first);
	free(prog_linfo->func_lines);
	free(prog_linfo);
}

/* Splits the lines among the functions: each function's lines are the
 * ones from its start address on, lying within its length, in order.
 * Returns 0, or -EINVAL when the arrays do not describe that. */
static int split_by_function(struct bpf_prog_linfo *linfo, const __u64 *starts, const __u32 *lens)
{
	__u32 f = 0;
	if (linfo->addrs[0] != starts[0])
		return -EINVAL;
	linfo->func_first[0] = 0;
	for (__u32 i = 0; i < linfo->nr_lines; i++) {
		__u64 addr = linfo->addrs[i];
		if (i > 0 && f + 1 < linfo->nr_funcs && addr == starts[f + 1]) {
			f++;
			linfo->func_first[f] = i;
		} else if (i > 0 && addr < linfo->addrs[i - 1]) {
			return -EINVAL;
		}
		if (addr < starts[f] || addr - starts[f] >= lens[f])
			return -EINVAL;
		linfo->func_lines[f]++;
	}
	return f + 1 == linfo->nr_funcs ? 0 : -EINVAL;
}

/* Keeps the machine-code side of `info` if it has all of it. */
static int keep_jited(struct bpf_prog_linfo *linfo, const struct bpf_prog_info *info)
{
	__u32 nr_funcs = info->nr_jited_ksyms;
	const unsigned char *jited = (const void *)(uintptr_t)info->jited_line_info;
	const __u64 *starts = (const void *)(uintptr_t)info->jited_ksyms;
	const __u32 *lens = (const void *)(uintptr_t)info->jited_func_lens;
	if (!nr_funcs || !jited || !starts || !lens || info->nr_jited_line_info != linfo->nr_lines ||
	    info->jited_line_info_rec_size < sizeof(__u64) || info->nr_jited_func_lens != nr_funcs)
		return 0;
	linfo->addrs = calloc(linfo->nr_lines, sizeof(__u64));
	linfo->func_first = calloc(nr_funcs, sizeof(__u32));
	linfo->func_lines = calloc(nr_funcs, sizeof(__u32));
	if (!linfo->addrs || !linfo->func_first || !linfo->func_lines)
		return -ENOMEM;
	for (__u32 i = 0; i < linfo->nr_lines; i++)
		memcpy(&linfo->addrs[i], jited + (size_t)i * info->jited_line_info_rec_size, sizeof(__u64));
	linfo->nr_funcs = nr_funcs;
	return split_by_function(linfo, starts, lens);
}

struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info)
{
	/* A record must at least say its instruction. */
	if (!info || !info->nr_line_info || !info->line_info ||
	    info->line_info_rec_size < offsetof(struct bpf_line_info, file_name_off)) {
		errno = EINVAL;
		return NULL;
	}
	struct bpf_prog_linfo *linfo = calloc(1, sizeof(*linfo));
	size_t bytes = (size_t)info->nr_line_info * info->line_info_rec_size;
	if (!linfo || bytes / info->line_info_rec_size != info->nr_line_info || !(linfo->lines = malloc(bytes))) {
		bpf_prog_linfo__free(linfo);
		errno = ENOMEM;
		return NULL;
	}
	memcpy(linfo->lines, (const void *)(uintptr_t)info->line_info, bytes);
	linfo->nr_lines = info->nr_line_info;
	linfo->rec_size = info->line_info_rec_size;
	int err = keep_jited(linfo, info);
	if (err) {
		bpf_prog_linfo__free(linfo);
		errno = -err;
		return NULL;
	}
	return linfo;
}

const struct bpf_line_info *bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo, __u32 insn_off,
						  __u32 nr_skip)
{
	/* The line of `insn_off` is the last one starting at or before it,
	 * looking from line `nr_skip` on. */
	if (nr_skip >= prog_linfo->nr_lines || insn_off < line_at(prog_linfo, nr_skip)->insn_off) {
		errno = ENOENT;
		return NULL;
	}
	__u32 i = nr_skip;
	while (i + 1 < prog_linfo->nr_lines && line_at(prog_linfo, i + 1)->insn_off <= insn_off)
		i++;
	return line_at(prog_linfo, i);
}

const struct bpf_line_info *bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo, __u64 addr,
							    __u32 func_idx, __u32 nr_skip)
{
	/* Likewise by address, among function `func_idx`'s lines. */
	if (func_idx >= prog_linfo->nr_funcs || nr_skip >= prog_linfo->func_lines[func_idx]) {
		errno = ENOENT;
		return NULL;
	}
	__u32 first = prog_linfo->func_first[func_idx] + nr_skip;
	__u32 end = prog_linfo->func_first[func_idx] + prog_linfo->func_lines[func_idx];
	if (addr < prog_linfo->addrs[first]) {
		errno = ENOENT;
		return NULL;
	}
	__u32 i = first;
	while (i + 1 < end && prog_linfo->addrs[i + 1] <= addr)
		i++;
	return line_at(prog_linfo, i);
}
