/* usdt.bpf.h includes <linux/errno.h>, which includes <asm/errno.h>: a
 * header of the host's multiarch folder, which clang --target=bpf does
 * not search. Its errno values are the generic ones. */
#include <asm-generic/errno.h>
