/* struct_ops maps (wasi:bpf/struct-ops): bpf_map__attach_struct_ops
 * registers the map's struct of callbacks until its link goes. */
#include "internal.h"

struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map)
{
	if (!map) {
		sdk_fail_with(EINVAL, "bpf_map__attach_struct_ops needs a map");
		return NULL;
	}
	wasi_bpf_bpf_map_borrow_map_t handle;
	if (sdk_map_handle((struct bpf_map *)map, &handle))
		return NULL;
	wasi_bpf_bpf_object_own_link_t link;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_struct_ops_attach_struct_ops(handle, &link, &err)) {
		sdk_fail_warn(&err, bpf_map__name(map));
		return NULL;
	}
	return sdk_link_new(map->obj, link);
}
