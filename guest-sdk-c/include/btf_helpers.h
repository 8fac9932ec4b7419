/* libbpf-tools' btf_helpers.h (guest-sdk-c/src/btf_helpers.c). */
#ifndef __BTF_HELPERS_H
#define __BTF_HELPERS_H

#include <bpf/libbpf.h>

/* Natively, on a kernel without /sys/kernel/btf/vmlinux, libbpf-tools
 * extract a BTF file for this kernel from their archive and point
 * opts->btf_custom_path at it. A guest's object is opened and loaded by
 * the host, whose libbpf relocates it against the kernel's own BTF: there
 * is nothing to provide, and this returns 0 with `opts` unchanged. */
int ensure_core_btf(struct bpf_object_open_opts *opts);
/* Nothing to clean up after ensure_core_btf. */
void cleanup_core_btf(struct bpf_object_open_opts *opts);

#endif /* __BTF_HELPERS_H */
