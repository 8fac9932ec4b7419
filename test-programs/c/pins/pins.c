// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pins MODE DIR [ARGS]: pinning in bpffs as libbpf tools pin, over the
 * conformance suite's pins object (conformance/bpf/pins.bpf.c), whose
 * count_getpgid counts the test's getpgid() calls of a magic pid.
 * - pin DIR: loads, attaches, pins the counter map and the link in DIR
 *   (and the program, and all maps and programs, each unpinned again;
 *   the map once more through bpf_obj_pin), and exits: the pinned link
 *   keeps counting;
 * - read DIR: opens the pinned map (bpf_obj_get) and link
 *   (bpf_link__open, bpf_obj_get), prints the count, unpins the link and
 *   lets it go: the kernel detaches it;
 * - count DIR: prints the pinned map's count;
 * - byname DIR: loads with the LIBBPF_PIN_BY_NAME map and the counter's
 *   pin path set to DIR/reused: load pins both, or reuses them; adds one
 *   to each and prints before and after;
 * - refused DIR: a load the policy refuses after prepare pinned a map;
 * - limit DIR: pins and unpins a map until the run's `pins` limit, then
 *   loads an object that would pin one;
 * - kinds DIR: unpins, as its map, a pin of a program with the map's id;
 * - refuse DIR OUTSIDE NONBPF OTHER: what the host refuses, each printed
 *   with its errno and message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "pins.skel.h"

static char path_buf[4][512];

/* DIR/NAME, in one of four rotating buffers. */
static const char *at(const char *dir, const char *name)
{
	static int next;
	char *buf = path_buf[next++ % 4];
	snprintf(buf, sizeof(path_buf[0]), "%s/%s", dir, name);
	return buf;
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

/* "NAME: 0", or "NAME: -ERRNO MESSAGE" for a failure. */
static void report(const char *what, int ret)
{
	if (ret >= 0)
		printf("%s: 0\n", what);
	else
		printf("%s: %d %s\n", what, ret, libbpf_wasm_last_error());
}

static long long count_of(int fd)
{
	__u32 key = 0;
	__u64 value = 0;
	return bpf_map_lookup_elem(fd, &key, &value) ? -errno : (long long)value;
}

static struct pins_bpf *open_without_by_name(void)
{
	struct pins_bpf *skel = pins_bpf__open();
	if (skel)
		bpf_map__set_autocreate(skel->maps.wbt_pin_by_name, false);
	return skel;
}

static int pin(const char *dir)
{
	struct pins_bpf *skel = open_without_by_name();
	if (!skel || pins_bpf__load(skel) || pins_bpf__attach(skel)) {
		fprintf(stderr, "load: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	struct bpf_map *counts = skel->maps.counts;
	struct bpf_link *link = skel->links.count_getpgid;
	struct bpf_program *prog = skel->progs.count_getpgid;
	printf("pinned before: %s, pin path: %s\n", yes(bpf_map__is_pinned(counts)),
	       bpf_map__pin_path(counts) ? bpf_map__pin_path(counts) : "(none)");
	/* Every map of the object in DIR, named as libbpf names them. */
	report("pin maps", bpf_object__pin_maps(skel->obj, dir));
	printf("pin path: %s, pinned: %s\n", bpf_map__pin_path(counts), yes(bpf_map__is_pinned(counts)));
	report("unpin maps", bpf_object__unpin_maps(skel->obj, dir));
	printf("pinned: %s, exists: %s\n", yes(bpf_map__is_pinned(counts)),
	       yes(access(at(dir, "counts"), F_OK) == 0));
	report("pin programs", bpf_object__pin_programs(skel->obj, dir));
	report("unpin programs", bpf_object__unpin_programs(skel->obj, dir));
	report("pin program", bpf_program__pin(prog, at(dir, "prog")));
	report("unpin program", bpf_program__unpin(prog, at(dir, "prog")));
	/* The map where pin_maps put it (its pin path), for the next guest. */
	report("pin map", bpf_map__pin(counts, NULL));
	printf("pinned: %s\n", yes(bpf_map__is_pinned(counts)));
	report("pin map at another path", bpf_map__pin(counts, at(dir, "elsewhere")));
	report("bpf_obj_pin map", bpf_obj_pin(bpf_map__fd(counts), at(dir, "counts_fd")));
	report("pin link", bpf_link__pin(link, at(dir, "link")));
	printf("link pin path: %s\n", bpf_link__pin_path(link));
	report("pin link again", bpf_link__pin(link, at(dir, "link2")));
	pins_bpf__destroy(skel);
	printf("done\n");
	return 0;
}

static int read_pins(const char *dir)
{
	int map_fd = bpf_obj_get(at(dir, "counts"));
	if (map_fd < 0) {
		report("bpf_obj_get counts", map_fd);
		return 1;
	}
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	report("map info", bpf_map_get_info_by_fd(map_fd, &info, &len));
	printf("map: %s, type %u, key %u, value %u, entries %u\n", info.name, info.type, info.key_size,
	       info.value_size, info.max_entries);
	printf("count: %lld\n", count_of(map_fd));
	/* Another fd of the same map, as the kernel gives one by id: closing
	 * it leaves the first open. */
	int by_id = bpf_map_get_fd_by_id(info.id);
	printf("fd by id: %s\n", yes(by_id >= 0));
	close(by_id);
	printf("count after closing it: %lld\n", count_of(map_fd));
	int fd_copy = bpf_obj_get(at(dir, "counts_fd"));
	printf("counts_fd count: %lld\n", count_of(fd_copy));
	close(fd_copy);
	int link_fd = bpf_obj_get(at(dir, "link"));
	printf("bpf_obj_get link: %s\n", yes(link_fd >= 0));
	close(link_fd);
	struct bpf_link *link = bpf_link__open(at(dir, "link"));
	if (!link) {
		report("bpf_link__open", -errno);
		return 1;
	}
	printf("link pin path: %s\n", bpf_link__pin_path(link));
	report("unpin link", bpf_link__unpin(link));
	printf("link pin path: %s, exists: %s\n", bpf_link__pin_path(link) ? bpf_link__pin_path(link) : "(none)",
	       yes(access(at(dir, "link"), F_OK) == 0));
	bpf_link__destroy(link);
	close(map_fd);
	printf("done\n");
	return 0;
}

static int count(const char *dir)
{
	int fd = bpf_obj_get(at(dir, "counts"));
	if (fd < 0) {
		report("bpf_obj_get counts", fd);
		return 1;
	}
	printf("count: %lld\n", count_of(fd));
	close(fd);
	return 0;
}

static int by_name(const char *dir)
{
	struct pins_bpf *skel = pins_bpf__open();
	if (!skel)
		return 1;
	struct bpf_map *counts = skel->maps.counts, *by_name = skel->maps.wbt_pin_by_name;
	printf("by-name pin path: %s\n", bpf_map__pin_path(by_name));
	report("set pin path", bpf_map__set_pin_path(counts, at(dir, "reused")));
	printf("pin path: %s, pinned: %s\n", bpf_map__pin_path(counts), yes(bpf_map__is_pinned(counts)));
	if (pins_bpf__load(skel)) {
		report("load", -errno);
		return 1;
	}
	printf("pinned: %s and %s\n", yes(bpf_map__is_pinned(by_name)), yes(bpf_map__is_pinned(counts)));
	__u32 key = 0;
	__u64 a = 0, b = 0;
	bpf_map__lookup_elem(by_name, &key, sizeof(key), &a, sizeof(a), 0);
	bpf_map__lookup_elem(counts, &key, sizeof(key), &b, sizeof(b), 0);
	__u64 a1 = a + 1, b1 = b + 10;
	bpf_map__update_elem(by_name, &key, sizeof(key), &a1, sizeof(a1), BPF_ANY);
	bpf_map__update_elem(counts, &key, sizeof(key), &b1, sizeof(b1), BPF_ANY);
	printf("by name: %llu -> %llu, reused: %llu -> %llu\n", (unsigned long long)a, (unsigned long long)a1,
	       (unsigned long long)b, (unsigned long long)b1);
	pins_bpf__destroy(skel);
	return 0;
}

static int refuse(const char *dir, const char *outside, const char *nonbpf, const char *other)
{
	struct pins_bpf *skel = open_without_by_name();
	if (!skel || pins_bpf__load(skel)) {
		report("load", -errno);
		return 1;
	}
	struct bpf_map *counts = skel->maps.counts;
	report("outside", bpf_obj_pin(bpf_map__fd(counts), at(outside, "x")));
	report("dot-dot", bpf_obj_pin(bpf_map__fd(counts), at(dir, "../x")));
	report("symlink", bpf_obj_pin(bpf_map__fd(counts), at(dir, "escape/x")));
	report("open through symlink", bpf_obj_get(at(dir, "escape_pin")));
	report("open outside", bpf_obj_get(at(outside, "pin")));
	report("not bpffs", bpf_obj_pin(bpf_map__fd(counts), at(nonbpf, "x")));
	report("relative", bpf_obj_pin(bpf_map__fd(counts), "x"));
	report("unpin another's", bpf_map__unpin(counts, at(dir, other)));
	/* DIR/own_link is a symlink to DIR/own (the test made it): an unpin
	 * through it is refused, and the pin stays. */
	report("pin own", bpf_obj_pin(bpf_map__fd(counts), at(dir, "own")));
	report("unpin through a symlink", bpf_map__unpin(counts, at(dir, "own_link")));
	int own = bpf_obj_get(at(dir, "own"));
	printf("own pin still there: %s\n", yes(own >= 0));
	close(own);
	report("unpin own", bpf_map__unpin(counts, at(dir, "own")));
	/* libbpf keeps the path a failed bpf_map__pin was given. */
	report("pin outside", bpf_map__pin(counts, at(outside, "y")));
	printf("pin path: %s, pinned: %s\n", bpf_map__pin_path(counts), yes(bpf_map__is_pinned(counts)));
	report("open a map as a link", bpf_link__open(at(dir, other)) ? 0 : -errno);
	report("open nothing", bpf_obj_get(at(dir, "nothing")));
	/* A device map (the test pinned it): its type needs `xdp`, whether
	 * the guest creates the map or opens its pin. */
	report("open a device map", bpf_obj_get(at(dir, "devmap")));
	/* Without the capability, the same refusal as in a folder that
	 * exists: nothing of the file system is probed for such a guest. */
	report("pin in a missing folder", bpf_obj_pin(bpf_map__fd(counts), at(dir, "missing/x")));
	report("open in a missing folder", bpf_obj_get(at(dir, "missing/x")));
	pins_bpf__destroy(skel);
	/* The LIBBPF_PIN_BY_NAME map pins under /sys/fs/bpf, which this
	 * guest may not: load is refused. */
	skel = pins_bpf__open();
	report("load with a by-name map", skel ? pins_bpf__load(skel) : -errno);
	pins_bpf__destroy(skel);
	return 0;
}

/* Loads with the counter's pin path set to DIR/refused and the program
 * whose helper the policy refuses after prepare pinned the map: the load
 * fails, and the pin must not stay (the test looks). */
static int refused(const char *dir)
{
	struct pins_bpf *skel = open_without_by_name();
	if (!skel)
		return 1;
	report("set pin path", bpf_map__set_pin_path(skel->maps.counts, at(dir, "refused")));
	bpf_program__set_autoload(skel->progs.signal_getpgid, true);
	report("load", pins_bpf__load(skel) ? -errno : 0);
	pins_bpf__destroy(skel);
	return 0;
}

/* Pins the counter at DIR/pN and unpins it again, four times: the run's
 * `pins` limit (the test sets 3) counts pins made, not pins held; then a
 * load that would pin a map. */
static int limit(const char *dir)
{
	struct pins_bpf *skel = open_without_by_name();
	if (!skel || pins_bpf__load(skel)) {
		report("load", -errno);
		return 1;
	}
	char what[32], name[32];
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(what, sizeof(what), "pin %d", i);
		int ret = bpf_obj_pin(bpf_map__fd(skel->maps.counts), at(dir, name));
		report(what, ret);
		if (ret)
			break;
		snprintf(what, sizeof(what), "unpin %d", i);
		report(what, bpf_map__unpin(skel->maps.counts, at(dir, name)));
	}
	pins_bpf__destroy(skel);
	skel = open_without_by_name();
	if (!skel)
		return 1;
	bpf_map__set_pin_path(skel->maps.counts, at(dir, "loaded"));
	report("load with a pin path", pins_bpf__load(skel) ? -errno : 0);
	pins_bpf__destroy(skel);
	return 0;
}

/* Unpins, as the guest's map, the pin DIR/victim_ID of a program whose
 * id is the map's id (the test pinned programs of the ids the map could
 * get): ids are numbered apart by kind, so the pin is another's. */
static int kinds(const char *dir)
{
	struct pins_bpf *skel = open_without_by_name();
	if (skel)
		bpf_program__set_autoload(skel->progs.count_getpgid, false);
	if (!skel || pins_bpf__load(skel)) {
		report("load", -errno);
		return 1;
	}
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	if (bpf_map_get_info_by_fd(bpf_map__fd(skel->maps.counts), &info, &len)) {
		report("map info", -errno);
		return 1;
	}
	printf("map id: %u\n", info.id);
	char name[32];
	snprintf(name, sizeof(name), "victim_%u", info.id);
	report("unpin a program's pin", bpf_map__unpin(skel->maps.counts, at(dir, name)));
	pins_bpf__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "pin"))
		return pin(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "read"))
		return read_pins(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "count"))
		return count(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "byname"))
		return by_name(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "refused"))
		return refused(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "limit"))
		return limit(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "kinds"))
		return kinds(argv[2]);
	if (argc >= 6 && !strcmp(argv[1], "refuse"))
		return refuse(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: pins pin|read|count|byname|refused|limit|kinds DIR | refuse DIR OUTSIDE NONBPF OTHER\n");
	return 2;
}
