/* bpf_link: a host link and the handle of bpf_link__fd; detaching,
 * disconnecting, destroying; bpf.h's calls on link handles
 * (bpf_raw_tracepoint_open, bpf_link_detach). */
#include <stdlib.h>

#include <bpf/bpf.h>

#include "internal.h"

static void detach(const struct bpf_link *link)
{
	/* Nothing is attached by ifindex or cgroup through it any more. */
	sdk_fd_attachments_forget(link);
	wasi_bpf_bpf_object_method_link_detach(wasi_bpf_bpf_object_borrow_link(link->handle));
}

/* Drops the host's link (which detaches it) and frees the struct. */
static void drop(struct bpf_link *link)
{
	sdk_fd_attachments_forget(link);
	sdk_handle_release(link->fd);
	wasi_bpf_bpf_object_link_drop_own(link->handle);
	free(link->pin_path);
	free(link);
}

struct bpf_link *sdk_link_new(struct bpf_object *obj, wasi_bpf_bpf_object_own_link_t handle)
{
	struct bpf_link *link = calloc(1, sizeof(*link));
	if (link) {
		link->obj = obj;
		link->handle = handle;
		link->fd = sdk_handle_register(SDK_HANDLE_LINK, link);
	}
	if (!link || link->fd < 0) {
		wasi_bpf_bpf_object_method_link_detach(wasi_bpf_bpf_object_borrow_link(handle));
		wasi_bpf_bpf_object_link_drop_own(handle);
		free(link);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	link->next = obj->links;
	obj->links = link;
	return link;
}

struct bpf_link *sdk_link_unowned(wasi_bpf_bpf_object_own_link_t handle)
{
	struct bpf_link *link = calloc(1, sizeof(*link));
	if (link) {
		link->handle = handle;
		link->fd = sdk_handle_register(SDK_HANDLE_LINK, link);
	}
	if (!link || link->fd < 0) {
		wasi_bpf_bpf_object_link_drop_own(handle);
		free(link);
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	return link;
}

/* Takes the link out of its object's list. */
static void unlist(struct bpf_link *link)
{
	if (!link->obj)
		return;
	struct bpf_link **at = &link->obj->links;
	while (*at && *at != link)
		at = &(*at)->next;
	if (*at)
		*at = link->next;
}

void sdk_object_drop_links(struct bpf_object *obj)
{
	while (obj->links) {
		struct bpf_link *link = obj->links;
		obj->links = link->next;
		if (link->kept) {
			drop(link);
		} else {
			/* The guest's to destroy; its host link dies with the
			 * object. */
			link->obj = NULL;
		}
	}
}

int bpf_link__fd(const struct bpf_link *link)
{
	return link ? link->fd : sdk_fail_with(EINVAL, "no link");
}

const char *bpf_link__pin_path(const struct bpf_link *link)
{
	return link ? link->pin_path : NULL;
}

void bpf_link__disconnect(struct bpf_link *link)
{
	if (link)
		link->disconnected = true;
}

int bpf_link__detach(struct bpf_link *link)
{
	if (!link)
		return sdk_fail_with(EINVAL, "no link");
	detach(link);
	return 0;
}

int bpf_link__destroy(struct bpf_link *link)
{
	if (!link)
		return 0;
	if (link->disconnected && link->obj) {
		/* Still attached, as a disconnected libbpf link stays; the
		 * guest's handle of it goes, the object keeps it. */
		sdk_handle_release(link->fd);
		link->fd = -1;
		link->kept = true;
		return 0;
	}
	detach(link);
	unlist(link);
	drop(link);
	return 0;
}

int bpf_link_detach(int link_fd)
{
	struct bpf_link *link = sdk_handle_get(link_fd, SDK_HANDLE_LINK);
	return link ? bpf_link__detach(link) : -errno;
}

int bpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	if (!prog)
		return -errno;
	struct bpf_link *link = bpf_program__attach_raw_tracepoint(prog, name);
	if (!link)
		return -errno;
	/* No struct for the guest to destroy: the object drops it. */
	link->kept = true;
	return link->fd;
}
