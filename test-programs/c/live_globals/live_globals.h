/* What the live_globals tool and its BPF program share. */
#ifndef LIVE_GLOBALS_H
#define LIVE_GLOBALS_H

/* The most getpgid() calls the tool waits for. */
#define MAX_CALLS 64

#endif
