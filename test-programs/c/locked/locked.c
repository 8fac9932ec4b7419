/* BPF_F_LOCK from C: bpf_map_update_elem / bpf_map_lookup_elem_flags under
 * the value's bpf_spin_lock, while test runs of the XDP program update it
 * under the lock. Prints one "ok:" / "FAIL:" line per check and "all
 * checks passed". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "locked.types.h"
#include "locked.skel.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

int main(void)
{
	struct locked_bpf *skel = locked_bpf__open_and_load();
	if (!skel) {
		printf("FAIL: load: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	int pairs = bpf_map__fd(skel->maps.pairs), plain = bpf_map__fd(skel->maps.plain);
	__u32 zero = 0;
	struct locked_pair pair = { .a = 100, .b = 100 };
	check(bpf_map_update_elem(pairs, &zero, &pair, BPF_F_LOCK) == 0, "update under the lock");

	unsigned char frame[64] = { 0 };
	frame[12] = 0x08;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame), .repeat = 5);
	check(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.wbt_locked), &opts) == 0, "five runs of the XDP program");

	memset(&pair, 0, sizeof(pair));
	check(bpf_map_lookup_elem_flags(pairs, &zero, &pair, BPF_F_LOCK) == 0 && pair.a == 105 && pair.b == 105,
	      "a locked read sees both halves moved together");
	__u64 value = 0;
	check(bpf_map_lookup_elem_flags(plain, &zero, &value, BPF_F_LOCK) == -EINVAL, "no lock in the value: -EINVAL");
	check(bpf_map_lookup_elem_flags(plain, &zero, &value, 1 << 7) == -EINVAL, "an unknown lookup flag: -EINVAL");

	locked_bpf__destroy(skel);
	if (failures)
		return 1;
	printf("all checks passed\n");
	return 0;
}
