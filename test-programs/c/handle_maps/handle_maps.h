/* What the handle_maps guest and its BPF programs share. */
#ifndef HANDLE_MAPS_H
#define HANDLE_MAPS_H

/* The getpgid() argument the test's calls pass (no such process): the
 * cgroup filter counts only these. */
#define GETPGID_MAGIC 999999937

#endif
