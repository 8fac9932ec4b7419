/* <net/if.h> over wasi:bpf/system.network-interfaces: the host's
 * interfaces, asked afresh on each call (interfaces come and go). */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The host's list, or false with errno set. */
static bool list_interfaces(wasi_bpf_system_list_network_interface_t *list)
{
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_system_network_interfaces(list, &err)) {
		sdk_fail(&err);
		return false;
	}
	return true;
}

static bool name_is(const sdk_string_t *name, const char *want)
{
	return name->len == strlen(want) && memcmp(name->ptr, want, name->len) == 0;
}

unsigned int if_nametoindex(const char *name)
{
	wasi_bpf_system_list_network_interface_t list;
	if (!name || !list_interfaces(&list))
		return 0;
	unsigned int index = 0;
	for (size_t i = 0; i < list.len && !index; i++)
		if (name_is(&list.ptr[i].name, name))
			index = list.ptr[i].index;
	wasi_bpf_system_list_network_interface_free(&list);
	if (!index)
		errno = ENODEV;
	return index;
}

char *if_indextoname(unsigned int ifindex, char *name)
{
	wasi_bpf_system_list_network_interface_t list;
	if (!list_interfaces(&list))
		return NULL;
	char *found = NULL;
	for (size_t i = 0; i < list.len && !found; i++) {
		const sdk_string_t *n = &list.ptr[i].name;
		if (list.ptr[i].index == ifindex && n->len < IF_NAMESIZE) {
			memcpy(name, n->ptr, n->len);
			name[n->len] = '\0';
			found = name;
		}
	}
	wasi_bpf_system_list_network_interface_free(&list);
	if (!found)
		sdk_fail_with(ENXIO, "no network interface has index %u", ifindex);
	return found;
}

struct if_nameindex *if_nameindex(void)
{
	wasi_bpf_system_list_network_interface_t list;
	if (!list_interfaces(&list))
		return NULL;
	/* One block: the entries, their terminator, then the names. */
	size_t names = 0;
	for (size_t i = 0; i < list.len; i++)
		names += list.ptr[i].name.len + 1;
	struct if_nameindex *all = malloc((list.len + 1) * sizeof(*all) + names);
	if (all) {
		char *next = (char *)(all + list.len + 1);
		for (size_t i = 0; i < list.len; i++) {
			all[i].if_index = list.ptr[i].index;
			all[i].if_name = next;
			memcpy(next, list.ptr[i].name.ptr, list.ptr[i].name.len);
			next[list.ptr[i].name.len] = '\0';
			next += list.ptr[i].name.len + 1;
		}
		all[list.len] = (struct if_nameindex){ 0, NULL };
	} else {
		sdk_fail_with(ENOMEM, "out of memory");
	}
	wasi_bpf_system_list_network_interface_free(&list);
	return all;
}

void if_freenameindex(struct if_nameindex *ptr)
{
	free(ptr);
}
