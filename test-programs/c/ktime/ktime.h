/* Shared by ktime.bpf.c and ktime.c. */
#ifndef KTIME_H
#define KTIME_H

#define STAMPS 3

#endif
