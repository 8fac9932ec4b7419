/* <wasi_bpf/system.h> over wasi:bpf/system: the host's machine, online
 * CPUs and process names. */
#include <stdlib.h>
#include <string.h>

#include <wasi_bpf/system.h>

#include "internal.h"

const char *wasi_bpf_architecture(void)
{
	/* The host's kernel does not change under a running guest. */
	static char *machine;
	if (!machine) {
		sdk_string_t name;
		wasi_bpf_system_architecture(&name);
		machine = sdk_strdup(&name);
		sdk_string_free(&name);
	}
	return machine ? machine : "";
}

int wasi_bpf_online_cpus(bool **mask, int *mask_sz)
{
	if (!mask || !mask_sz)
		return sdk_fail_with(EINVAL, "wasi_bpf_online_cpus: NULL mask or mask_sz");
	sdk_list_u32_t cpus;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_system_online_cpus(&cpus, &err))
		return sdk_fail(&err);
	/* The host lists them in increasing order. */
	size_t size = cpus.len ? (size_t)cpus.ptr[cpus.len - 1] + 1 : 0;
	bool *online = calloc(size ? size : 1, sizeof(*online));
	if (!online) {
		sdk_list_u32_free(&cpus);
		return sdk_fail_with(ENOMEM, "wasi_bpf_online_cpus: a mask of %zu CPUs", size);
	}
	for (size_t i = 0; i < cpus.len; i++)
		online[cpus.ptr[i]] = true;
	sdk_list_u32_free(&cpus);
	*mask = online;
	*mask_sz = (int)size;
	return 0;
}

int wasi_bpf_process_comm(unsigned int pid, char *buf, size_t size)
{
	if (!buf || size == 0)
		return sdk_fail_with(EINVAL, "wasi_bpf_process_comm: NULL buf or zero size");
	sdk_option_string_t name;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_system_process_name(pid, &name, &err))
		return sdk_fail(&err);
	if (!name.is_some)
		return sdk_fail_with(ESRCH, "wasi_bpf_process_comm: no process %u", pid);
	size_t len = name.val.len, copied = len < size - 1 ? len : size - 1;
	memcpy(buf, name.val.ptr, copied);
	buf[copied] = '\0';
	sdk_option_string_free(&name);
	return (int)len;
}
