// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf-tools' is_kernel_module (trace_helpers.h) over wasi:bpf/system's
 * kernel-modules: the names a native tool reads from /proc/modules. */
#include <string.h>

#include "trace_helpers.h"

#include "internal.h"

bool is_kernel_module(const char *name)
{
	sdk_list_string_t modules;
	wasi_bpf_types_error_t err;
	if (!name || !wasi_bpf_system_kernel_modules(&modules, &err)) {
		if (name)
			sdk_fail(&err);
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < modules.len && !found; i++)
		found = modules.ptr[i].len == strlen(name) && memcmp(modules.ptr[i].ptr, name, modules.ptr[i].len) == 0;
	sdk_list_string_free(&modules);
	return found;
}
