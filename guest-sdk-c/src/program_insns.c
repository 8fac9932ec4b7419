/* bpf_program__insns and bpf_program__insn_cnt: the instructions as the
 * host's libbpf holds them for the program (wasi:bpf's
 * object.program-insns), before load as read from the ELF file, after
 * load as loaded. The host hands over map indexes where libbpf put its
 * map fds (BPF_PSEUDO_MAP_IDX{,_VALUE}); they are put back as this
 * guest's fds of those maps (bpf_map__fd), so that the instructions read
 * as libbpf's do. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The host's instructions of `prog`, or -errno. */
static int fetch(const struct bpf_program *prog, sdk_list_u8_t *bytes)
{
	if (!prog)
		return sdk_fail_with(EINVAL, "no program");
	sdk_string_t name = sdk_str(prog->name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_object_program_insns(wasi_bpf_bpf_object_borrow_object(prog->obj->handle), &name,
							      bytes, &err))
		return sdk_fail(&err);
	return 0;
}

/* The map indexes of 64-bit loads back to the guest's map fds. */
static void give_map_fds(const struct bpf_object *obj, struct bpf_insn *insns, size_t cnt)
{
	for (size_t i = 0; i + 1 < cnt; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		__u8 fd_mark = insns[i].src_reg == BPF_PSEUDO_MAP_IDX	    ? BPF_PSEUDO_MAP_FD :
			       insns[i].src_reg == BPF_PSEUDO_MAP_IDX_VALUE ? BPF_PSEUDO_MAP_VALUE :
									      0;
		if (fd_mark) {
			__s32 index = insns[i].imm;
			insns[i].src_reg = fd_mark;
			insns[i].imm = index >= 0 && (size_t)index < obj->nr_maps ? obj->maps[index].fd : -1;
		}
		i++; /* the load's second half */
	}
}

const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog)
{
	sdk_list_u8_t bytes;
	if (fetch(prog, &bytes))
		return NULL;
	/* Kept until the next call for this program (libbpf's stay until
	 * the object changes them). */
	struct bpf_program *cached = (struct bpf_program *)prog;
	free(cached->insns);
	cached->insns = malloc(bytes.len ? bytes.len : 1);
	if (!cached->insns) {
		sdk_list_u8_free(&bytes);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(cached->insns, bytes.ptr, bytes.len);
	give_map_fds(prog->obj, cached->insns, bytes.len / sizeof(struct bpf_insn));
	sdk_list_u8_free(&bytes);
	return cached->insns;
}

size_t bpf_program__insn_cnt(const struct bpf_program *prog)
{
	sdk_list_u8_t bytes;
	if (fetch(prog, &bytes))
		return 0;
	size_t cnt = bytes.len / sizeof(struct bpf_insn);
	sdk_list_u8_free(&bytes);
	return cnt;
}
