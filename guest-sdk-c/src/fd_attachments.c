/* What the guest attached by fd and ifindex (bpf_xdp_attach,
 * bpf_prog_attach, bpf_link_create): each a host link the program's
 * object keeps, remembered with where it went, so that bpf_xdp_query,
 * bpf_xdp_detach and bpf_prog_detach find it again as the kernel finds
 * an attachment by ifindex or cgroup. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct sdk_fd_attachment *all;

struct sdk_fd_attachment *sdk_fd_attachments(void)
{
	return all;
}

struct sdk_fd_attachment *sdk_fd_attachment_add(struct bpf_program *prog, struct bpf_link *link)
{
	struct sdk_fd_attachment *at = calloc(1, sizeof(*at));
	if (!at) {
		bpf_link__destroy(link);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	/* The object keeps the link: it detaches with the object, or when
	 * the guest detaches it by ifindex, cgroup or link fd. */
	link->kept = true;
	at->prog = prog;
	at->link = link;
	at->next = all;
	all = at;
	return at;
}

void sdk_fd_attachment_detach(struct sdk_fd_attachment *at)
{
	/* Destroying the link forgets `at` (sdk_fd_attachments_forget). */
	bpf_link__destroy(at->link);
}

void sdk_fd_attachments_forget(const struct bpf_link *link)
{
	struct sdk_fd_attachment **p = &all;
	while (*p) {
		struct sdk_fd_attachment *at = *p;
		if (at->link == link) {
			*p = at->next;
			free(at->cgroup);
			free(at);
		} else {
			p = &at->next;
		}
	}
}
