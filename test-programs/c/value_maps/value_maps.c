/* libbpf's NULL-key calls on a queue, a stack and a bloom filter the
 * kernel pushed 1, 2, 3 to (on getpgid calls of thread `tid`), and
 * bpf_map_freeze. Prints "ready", one "ok:" / "FAIL:" line per check and
 * "all checks passed".
 *
 * Usage: value_maps tid=N */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "value_maps.skel.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* Pops (or peeks) every value of `fd`: how many, into `out`. */
static int drain(int fd, __u32 *out, int room)
{
	int n = 0;
	while (n < room && bpf_map_lookup_and_delete_elem(fd, NULL, &out[n]) == 0)
		n++;
	return n;
}

int main(int argc, char **argv)
{
	struct value_maps_bpf *skel;
	__u32 got[8], value = 7, zero = 0;
	__u64 count = 0, one = 1;

	if (argc != 2 || strncmp(argv[1], "tid=", 4))
		return 1;
	skel = value_maps_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->target_tid = (uint32_t)strtoul(argv[1] + 4, NULL, 10);
	if (value_maps_bpf__load(skel) || value_maps_bpf__attach(skel)) {
		printf("FAIL: load and attach: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	int queue = bpf_map__fd(skel->maps.queue), stack = bpf_map__fd(skel->maps.stack);
	int bloom = bpf_map__fd(skel->maps.bloom), frozen = bpf_map__fd(skel->maps.frozen_counts);

	check(bpf_map_lookup_and_delete_elem(queue, NULL, &value) == -ENOENT && errno == ENOENT, "an empty queue pops -ENOENT");
	check(bpf_map_lookup_elem(bloom, NULL, &value) == -ENOENT, "an empty bloom filter holds nothing");
	check(bpf_map_freeze(frozen) == 0, "bpf_map_freeze");
	check(bpf_map_update_elem(frozen, &zero, &one, BPF_ANY) == -EPERM, "the guest cannot write a frozen map");
	printf("ready\n");

	for (int tries = 0; tries < 200 && count < 3; tries++) {
		bpf_map_lookup_elem(frozen, &zero, &count);
		usleep(50000);
	}
	check(count == 3, "the kernel still writes the frozen map");
	check(bpf_map_lookup_elem(queue, NULL, &value) == 0 && value == 1, "peek shows the oldest of the queue");
	check(drain(queue, got, 8) == 3 && got[0] == 1 && got[1] == 2 && got[2] == 3, "the queue pops 1, 2, 3");
	check(drain(stack, got, 8) == 3 && got[0] == 3 && got[1] == 2 && got[2] == 1, "the stack pops 3, 2, 1");
	value = 2;
	check(bpf_map_lookup_elem(bloom, NULL, &value) == 0, "the bloom filter holds 2");

	for (__u32 n = 10; n < 18; n++)
		bpf_map_update_elem(queue, NULL, &n, BPF_ANY);
	value = 99;
	check(bpf_map_update_elem(queue, NULL, &value, BPF_ANY) == -E2BIG && errno == E2BIG, "a full queue refuses a push");
	value = 18;
	check(bpf_map_update_elem(queue, NULL, &value, BPF_EXIST) == 0, "BPF_EXIST drops the oldest");
	check(drain(queue, got, 8) == 8 && got[0] == 11 && got[7] == 18, "the queue now holds 11 to 18");

	struct bpf_prog_info prog_info = { 0 };
	__u32 len = sizeof(prog_info);
	check(bpf_prog_get_info_by_fd(bpf_program__fd(skel->progs.wbt_value_maps), &prog_info, &len) == 0 &&
		      len == sizeof(prog_info),
	      "bpf_prog_get_info_by_fd");
	check(prog_info.id > 0 && prog_info.type == BPF_PROG_TYPE_TRACEPOINT &&
		      strcmp(prog_info.name, "wbt_value_maps") == 0 && prog_info.verified_insns > 0,
	      "the program's id, type, name and verified instructions");
	printf("info program id=%u\n", prog_info.id);
	struct bpf_map_info queue_info = { 0 }, stack_info = { 0 };
	len = sizeof(queue_info);
	check(bpf_map_get_info_by_fd(queue, &queue_info, &len) == 0 && bpf_map_get_info_by_fd(stack, &stack_info, &len) == 0,
	      "bpf_map_get_info_by_fd");
	check(queue_info.type == BPF_MAP_TYPE_QUEUE && queue_info.value_size == 4 && queue_info.max_entries == 8 &&
		      strcmp(queue_info.name, "queue") == 0 && queue_info.id > 0 && queue_info.id != stack_info.id,
	      "the queue's id, type, sizes and name");
	check(bpf_prog_get_info_by_fd(queue, &prog_info, &len) == -EBADF, "a map handle is not a program's");

	value_maps_bpf__destroy(skel);
	if (failures)
		return 1;
	printf("all checks passed\n");
	return 0;
}
