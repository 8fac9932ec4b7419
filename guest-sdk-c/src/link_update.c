/* Replacing a link's program (wasi:bpf/link-update):
 * bpf_link__update_program, and bpf_link_update over the handles of
 * bpf_link__fd and bpf_program__fd. */
#include <bpf/bpf.h>

#include "internal.h"

int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog)
{
	if (!link || !prog)
		return sdk_fail_with(EINVAL, "update_program needs a link and a program");
	wasi_bpf_bpf_object_borrow_program_t program;
	int ret = sdk_program_handle(prog, &program);
	if (ret)
		return ret;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_link_update_update_program(wasi_bpf_bpf_object_borrow_link(link->handle), program, &err))
		return sdk_fail(&err);
	/* What bpf_xdp_query and the attach calls' refusals name now. */
	for (struct sdk_fd_attachment *at = sdk_fd_attachments(); at; at = at->next)
		if (at->link == link)
			at->prog = prog;
	return 0;
}

int bpf_link_update(int link_fd, int new_prog_fd, const struct bpf_link_update_opts *opts)
{
	if (opts && (opts->flags || opts->old_prog_fd))
		/* BPF_F_REPLACE compares with the program the link runs, by
		 * fd: the host replaces whatever it runs. */
		return sdk_fail_with(EOPNOTSUPP, "bpf_link_update: flags %#x and old_prog_fd %u are not supported",
				     opts->flags, opts->old_prog_fd);
	struct bpf_link *link = sdk_handle_get(link_fd, SDK_HANDLE_LINK);
	if (!link)
		return -errno;
	struct bpf_program *prog = sdk_handle_get(new_prog_fd, SDK_HANDLE_PROGRAM);
	if (!prog)
		return -errno;
	return bpf_link__update_program(link, prog);
}
