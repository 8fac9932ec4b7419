// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* prog_linfo: a loaded program's line info, as bpftool prog dump reads
 * it: bpf_obj_get_info_by_fd (bpf_prog_get_info_by_fd is libbpf 1.2's, newer
 * than the native build's) asked for the counts, then for the arrays;
 * bpf_prog_linfo__new over them; the source line (file:line:col and its
 * text, from the object's BTF strings) of each translated instruction
 * by bpf_prog_linfo__lfind, and of each JIT-compiled line's machine code
 * by bpf_prog_linfo__lfind_addr_func, at offsets from its function's
 * start (addresses differ between loads; offsets do not). Built as a
 * guest and natively; the kernel test compares the lines. A guest not
 * allowed kernel-symbols gets no machine-code addresses. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "prog_linfo.skel.h"

static __u64 ptr(const void *p)
{
	return (__u64)(uintptr_t)p;
}

static void print_line(const char *where, const struct btf *btf, const struct bpf_line_info *line)
{
	if (!line) {
		printf("%s: none (%d)\n", where, -errno);
		return;
	}
	const char *file = btf__name_by_offset(btf, line->file_name_off);
	const char *text = btf__name_by_offset(btf, line->line_off);
	const char *base = file ? strrchr(file, '/') : NULL;
	while (text && (*text == ' ' || *text == '\t'))
		text++;
	printf("%s: %s:%u:%u %s\n", where, base ? base + 1 : file ? file : "?", BPF_LINE_INFO_LINE_NUM(line->line_col),
	       BPF_LINE_INFO_LINE_COL(line->line_col), text ? text : "?");
}

int main(void)
{
	struct prog_linfo_bpf *skel = prog_linfo_bpf__open_and_load();
	if (!skel) {
		printf("open and load failed: %d\n", -errno);
		return 1;
	}
	int fd = bpf_program__fd(skel->progs.on_getpgid);
	const struct btf *btf = bpf_object__btf(skel->obj);

	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	int ret = bpf_obj_get_info_by_fd(fd, &info, &len);
	__u32 nr_lines = info.nr_line_info, nr_funcs = info.nr_jited_ksyms, nr_jited = info.nr_jited_line_info;
	printf("counts: %d, %u lines, %u functions (%u lengths), %u jited lines\n", ret, nr_lines, nr_funcs,
	       info.nr_jited_func_lens, nr_jited);

	struct bpf_line_info *lines = calloc(nr_lines, sizeof(*lines));
	__u64 *starts = calloc(nr_funcs, sizeof(*starts));
	__u32 *lens = calloc(nr_funcs, sizeof(*lens));
	__u64 *jited = calloc(nr_jited, sizeof(*jited));
	memset(&info, 0, sizeof(info));
	info.nr_line_info = nr_lines;
	info.line_info_rec_size = sizeof(*lines);
	info.line_info = ptr(lines);
	info.nr_jited_ksyms = nr_funcs;
	info.jited_ksyms = ptr(starts);
	info.nr_jited_func_lens = nr_funcs;
	info.jited_func_lens = ptr(lens);
	info.nr_jited_line_info = nr_jited;
	info.jited_line_info_rec_size = sizeof(__u64);
	info.jited_line_info = ptr(jited);
	ret = bpf_obj_get_info_by_fd(fd, &info, &len);
	bool addresses = info.jited_ksyms && info.jited_line_info;
	printf("arrays: %d, %u lines, machine-code addresses: %s\n", ret, info.nr_line_info, addresses ? "yes" : "no");
	for (__u32 f = 0; f < nr_funcs; f++)
		printf("function %u: %s\n", f, lens[f] > 0 ? "has a length" : "no length");

	/* A wrong record size, as the kernel refuses it. */
	struct bpf_prog_info bad = { .nr_line_info = 1, .line_info_rec_size = 8, .line_info = ptr(lines) };
	len = sizeof(bad);
	printf("line_info_rec_size 8: %d\n", bpf_obj_get_info_by_fd(fd, &bad, &len) < 0 ? -errno : 0);

	struct bpf_prog_linfo *linfo = bpf_prog_linfo__new(&info);
	if (!linfo) {
		printf("bpf_prog_linfo__new: %d\n", -errno);
		return 1;
	}
	char where[64];
	__u32 last = lines[nr_lines - 1].insn_off;
	for (__u32 insn = 0; insn <= last + 1; insn++) {
		snprintf(where, sizeof(where), "insn %u", insn);
		print_line(where, btf, bpf_prog_linfo__lfind(linfo, insn, 0));
	}
	/* nr_skip: from line 1 on, instruction 0 has none; past the end. */
	print_line("insn 0 skipping 1", btf, bpf_prog_linfo__lfind(linfo, 0, 1));
	snprintf(where, sizeof(where), "insn %u skipping 1", last);
	print_line(where, btf, bpf_prog_linfo__lfind(linfo, last, 1));
	print_line("skipping every line", btf, bpf_prog_linfo__lfind(linfo, last, nr_lines));

	if (addresses) {
		/* Each function's lines, by their offset in its machine code. */
		for (__u32 f = 0; f < nr_funcs; f++) {
			for (__u32 i = 0; i < nr_jited; i++) {
				if (jited[i] < starts[f] || jited[i] - starts[f] >= lens[f])
					continue;
				__u64 off = jited[i] - starts[f];
				snprintf(where, sizeof(where), "function %u +%llu", f, (unsigned long long)off);
				print_line(where, btf, bpf_prog_linfo__lfind_addr_func(linfo, jited[i], f, 0));
			}
			snprintf(where, sizeof(where), "function %u -1", f);
			print_line(where, btf, bpf_prog_linfo__lfind_addr_func(linfo, starts[f] - 1, f, 0));
		}
	}
	snprintf(where, sizeof(where), "function %u", nr_funcs);
	print_line(where, btf, bpf_prog_linfo__lfind_addr_func(linfo, addresses ? starts[0] : 0, nr_funcs, 0));
	bpf_prog_linfo__free(linfo);

	struct bpf_prog_info none = { 0 };
	linfo = bpf_prog_linfo__new(&none);
	printf("bpf_prog_linfo__new without lines: %s (%d)\n", linfo ? "made" : "NULL", -errno);
	bpf_prog_linfo__free(linfo);
	free(lines);
	free(starts);
	free(lens);
	free(jited);
	prog_linfo_bpf__destroy(skel);
	return 0;
}
