/* What xdp.bpf.c and xdp.c agree on besides the types the skeleton
 * mirrors. */
#ifndef XDP_H
#define XDP_H

/* Slots 0-255 of the stats map count IPv4 and IPv6 packets by their IP
 * protocol (IPv6: the next header); this last one counts every frame that
 * is neither. */
#define NON_IP_SLOT 256
#define STATS_SLOTS (NON_IP_SLOT + 1)

#endif
