/* The slots of the examples' per-protocol counters, shared by their BPF
 * and user sides (xdp, tc). */
#ifndef EXAMPLES_PROTO_SLOT_H
#define EXAMPLES_PROTO_SLOT_H

/* Slots 0-255 count IPv4 and IPv6 packets by their IP protocol (IPv6: the
 * next header); this last one counts every frame that is neither. */
#define NON_IP_SLOT 256
#define STATS_SLOTS (NON_IP_SLOT + 1)

#endif
