/* libbpf-tools' map_helpers.h: the same signature and behaviour
 * (guest-sdk-c/src/map_helpers.c, written for this SDK). */
#ifndef __MAP_HELPERS_H
#define __MAP_HELPERS_H

#include <stdbool.h>
#include <bpf/bpf.h>

/* Reads up to *count entries of the hash map `map_fd` into `keys` and
 * `values` (arrays of *count elements of key_size / value_size bytes),
 * and sets *count to the number read; with lookup_and_delete, deletes
 * the entries it read. Uses the batch calls; where the map has none, walks
 * the map with bpf_map_get_next_key from `invalid_key` (a key the map
 * never holds; NULL is then EINVAL). 0, or -1 with errno set. */
int dump_hash(int map_fd, void *keys, __u32 key_size,
	      void *values, __u32 value_size, __u32 *count, void *invalid_key,
	      bool lookup_and_delete);

#endif /* __MAP_HELPERS_H */
