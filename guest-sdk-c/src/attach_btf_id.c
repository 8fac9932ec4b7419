/* libbpf_find_vmlinux_btf_id: the id in the kernel's BTF of what a
 * program of `attach_type` attaches to, named as libbpf names it: the
 * typedef btf_trace_NAME of raw tracepoints (BPF_TRACE_RAW_TP), the
 * function bpf_lsm_NAME of LSM hooks, bpf_iter_NAME of iterators, and
 * function NAME for everything else (fentry, fexit, fmod_ret ...). */
#include <stdio.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"

/* libbpf's BTF_MAX_NAME_SIZE: longer names are -ENAMETOOLONG. */
#define MAX_NAME 128

int libbpf_find_vmlinux_btf_id(const char *name, enum bpf_attach_type attach_type)
{
	const char *prefix = "";
	__u32 kind = BTF_KIND_FUNC;
	switch (attach_type) {
	case BPF_TRACE_RAW_TP:
		prefix = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
		break;
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
		prefix = "bpf_lsm_";
		break;
	case BPF_TRACE_ITER:
		prefix = "bpf_iter_";
		break;
	default:
		break;
	}
	if (!name)
		return sdk_fail_with(EINVAL, "libbpf_find_vmlinux_btf_id: no name");
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		int err = errno;
		sdk_warn("libbpf: vmlinux BTF is not found\n");
		return sdk_fail_with(err, "vmlinux BTF is not found");
	}
	char full[MAX_NAME];
	int len = snprintf(full, sizeof(full), "%s%s", prefix, name);
	int id = len < 0 || len >= (int)sizeof(full) ? -ENAMETOOLONG : btf__find_by_name_kind(vmlinux, full, kind);
	btf__free(vmlinux);
	if (id <= 0) {
		sdk_warn("libbpf: %s is not found in vmlinux BTF\n", name);
		return sdk_fail_with(-id, "%s is not found in vmlinux BTF", full);
	}
	return id;
}
