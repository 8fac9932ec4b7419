/* usdt.bpf.h includes <linux/errno.h>, which includes <asm/errno.h>: a
 * header of the host's multiarch folder, which clang --target=bpf does
 * not search. Its errno values are the generic ones. guest.mk puts this
 * folder after the system's (-idirafter), for every guest's BPF side. */
#include <asm-generic/errno.h>
