// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt.bpf.c built with the system's usdt.bpf.h (Debian 12's libbpf 1.1,
 * 16-byte argument specs), which the host's libbpf 1.7 does not write:
 * the host refuses to attach it. */
#include "usdt.bpf.c"
