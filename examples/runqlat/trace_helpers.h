/* The histogram printer of libbpf-tools' trace_helpers, for this port. */
#ifndef __TRACE_HELPERS_H
#define __TRACE_HELPERS_H

/* Prints `vals` (vals_size log2 slots: slot i counts values in
 * [2^i, 2^(i+1)), slot 0 counts 0 and 1) as libbpf-tools and bcc do, up
 * to the last non-empty slot, with `val_type` naming the unit; prints
 * nothing when every slot is empty. */
void print_log2_hist(unsigned int *vals, int vals_size, const char *val_type);

#endif /* __TRACE_HELPERS_H */
