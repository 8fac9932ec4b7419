/* libbpf-tools' compat.h: the bpf_buffer API (bpf_buffer__new, __open,
 * __poll, __free), written for this SDK in <wasi_bpf/compat.h>. A tool's
 * `#include "compat.h"` finds this header when its directory has no copy
 * of its own. */
#ifndef WASI_BPF_COMPAT_H_ALIAS
#define WASI_BPF_COMPAT_H_ALIAS

/* (Quoted: found beside this header.) */
#include "wasi_bpf/compat.h"

#endif
