/* What tc.bpf.c and tc.c agree on besides the types the skeleton mirrors:
 * the stats map holds the ingress slots, then the egress ones. */
#ifndef TC_H
#define TC_H

#include "../include/proto_slot.h"

#define INGRESS_FIRST 0
#define EGRESS_FIRST STATS_SLOTS
#define TC_STATS_ENTRIES (2 * STATS_SLOTS)

#endif
