/* The libbpf release whose API this SDK declares: the one Debian 12's
 * libbpf-dev installs, which cli/tests/kernel/libbpf_surface.rs checks
 * the SDK's headers against. */
#ifndef WASI_BPF_LIBBPF_VERSION_H
#define WASI_BPF_LIBBPF_VERSION_H

#define LIBBPF_MAJOR_VERSION 1
#define LIBBPF_MINOR_VERSION 1

#endif
