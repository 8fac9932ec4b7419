/* libbpf's check of an options struct a caller passes (OPTS_VALID):
 * the struct may be older (smaller) than the SDK's, or newer, as long as
 * the fields the SDK does not know are zero. */
#include "internal.h"

bool sdk_opts_valid(const void *opts, size_t known, const char *type_name)
{
	if (!opts)
		return true;
	size_t sz = *(const size_t *)opts;
	if (sz < sizeof(size_t)) {
		sdk_warn("libbpf: %s size (%zu) is too small\n", type_name, sz);
		return false;
	}
	for (size_t i = known; i < sz; i++)
		if (((const unsigned char *)opts)[i]) {
			sdk_warn("libbpf: %s has non-zero extra bytes\n", type_name);
			return false;
		}
	return true;
}
