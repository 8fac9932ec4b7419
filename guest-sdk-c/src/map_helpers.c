/* The SDK's map_helpers (include/map_helpers.h): dump_hash with
 * libbpf-tools' contract, written for the SDK. Plain C over libbpf's
 * bpf.h calls: natively it builds against the system's libbpf too. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "map_helpers.h"

/* Cleared once a batch call says the kernel (or the map) has none. */
static bool batch_supported = true;

/* errno of a batch lookup that means "no batch here": EINVAL for kernels
 * before batch calls (what libbpf-tools test), the kernel's ENOTSUPP
 * (524) or EOPNOTSUPP for maps without them. */
static bool no_batch(int e)
{
	return e == EINVAL || e == EOPNOTSUPP || e == 524;
}

/* bpf_map_lookup_batch from the start until *count entries or the end.
 * With `delete`, then deletes what it read: the SDK has no
 * lookup_and_delete batch call, so an update between the two calls is
 * lost with the entry, as with libbpf-tools' key-by-key fallback. */
static int dump_batch(int fd, char *keys, __u32 key_size, char *values, __u32 value_size,
		      __u32 *count, bool delete)
{
	/* The kernel's cursor: a bucket number for hash maps, a key for
	 * others. One buffer for both ends: the kernel, and the SDK, read
	 * in_batch before they write out_batch. */
	void *cursor = calloc(1, key_size > 8 ? key_size : 8);
	void *in = NULL;
	__u32 read = 0;
	int err = 0;

	if (!cursor)
		return -1;
	while (read < *count && !err) {
		__u32 n = *count - read;
		err = bpf_map_lookup_batch(fd, in, cursor, keys + (size_t)read * key_size,
					   values + (size_t)read * value_size, &n, NULL);
		if (err && errno != ENOENT) {
			free(cursor);
			return -1;
		}
		read += n;
		in = cursor;
	}
	free(cursor);
	if (delete && read) {
		__u32 n = read;
		if (bpf_map_delete_batch(fd, keys, &n, NULL))
			return -1;
	}
	*count = read;
	return 0;
}

/* Keys first (bpf_map_get_next_key from invalid_key), then each value. */
static int dump_iter(int fd, char *keys, __u32 key_size, char *values, __u32 value_size,
		     __u32 *count, const void *invalid_key, bool delete)
{
	const char *key = invalid_key;
	__u32 n = 0;

	while (n < *count) {
		if (bpf_map_get_next_key(fd, key, keys + (size_t)n * key_size)) {
			if (errno != ENOENT)
				return -1;
			break;
		}
		key = keys + (size_t)n * key_size;
		n++;
	}
	for (__u32 i = 0; i < n; i++) {
		if (bpf_map_lookup_elem(fd, keys + (size_t)i * key_size, values + (size_t)i * value_size))
			return -1;
		if (delete && bpf_map_delete_elem(fd, keys + (size_t)i * key_size))
			return -1;
	}
	*count = n;
	return 0;
}

int dump_hash(int map_fd, void *keys, __u32 key_size, void *values, __u32 value_size, __u32 *count,
	      void *invalid_key, bool lookup_and_delete)
{
	if (!keys || !values || !count || !key_size || !value_size) {
		errno = EINVAL;
		return -1;
	}
	if (batch_supported) {
		int err = dump_batch(map_fd, keys, key_size, values, value_size, count, lookup_and_delete);
		if (!err || !no_batch(errno))
			return err;
		batch_supported = false;
	}
	if (!invalid_key) {
		errno = EINVAL;
		return -1;
	}
	return dump_iter(map_fd, keys, key_size, values, value_size, count, invalid_key, lookup_and_delete);
}
