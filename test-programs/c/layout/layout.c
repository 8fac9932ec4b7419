/* The C twin of the Rust layout guest: decodes, through the C mirrors
 * (layout.types.h) generated from test-programs/bpf/layout.bpf.c, the struct the kernel
 * filled (in a map and a ring-buffer record) on a getpgid of thread
 * `tid`, and checks every field, also after the header's conversion to
 * the WIT record of test-programs/wit/layout-events.wit. Prints "ready" once attached and "all
 * checks passed" when every check held.
 *
 * Usage: layout tid=N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "layout_records.h"
/* wit-bindgen's prefixes for the records' world and interface: the
 * types header then converts its mirrors to them. */
#define LAYOUT_WIT_WORLD layout_records
#define LAYOUT_WIT_INTERFACE wbt_layout_events
#include "layout.types.h"
#include "layout.skel.h"

static int failures;

static void check(int ok, const char *from, const char *what)
{
	printf("%s: %s: %s\n", ok ? "ok" : "FAIL", from, what);
	failures += !ok;
}

static void check_fields(const struct layout *l, const char *from)
{
	uint32_t bits;

	check(l->small == 0xab, from, "u8 before a u64");
	check(l->big == 0x0102030405060708ULL, from, "u64 after padding");
	check(l->nested.a == 0x1234 && l->nested.b == 0x56 && l->nested.c == 0x789abcde, from, "nested struct");
	check(l->un.wide == 0x1122334455667788ULL, from, "union read as its u64 member");
	check(l->un.word == 0x55667788, from, "union read as its u32 member");
	check(l->pairs[0].a == 1 && l->pairs[0].b == 2 && l->pairs[0].c == 3 && l->pairs[1].a == 4 &&
		      l->pairs[1].b == 5 && l->pairs[1].c == 6,
	      from, "array of structs");
	check(l->color == BLUE, from, "enum");
	check(strcmp(l->name, "wasi-bpf") == 0, from, "char array");
	memcpy(&bits, l->_bitfields_64, sizeof(bits));
	check((bits & 7) == 5 && ((bits >> 3) & 31) == 17 && (bits >> 8) == 0xabcdef, from,
	      "bitfields, from their bytes");
	check(l->signed_long == -42, from, "long is 64-bit");
	check(l->pointer == 0xdeadbeefcafeULL, from, "pointer is 64-bit");
	check(l->point.x == 7 && l->point.y == 8, from, "member of an anonymous struct type");
	check(l->anon1.as_s32 == -1, from, "anonymous union member");
}

/* The same values through the skeleton's conversion to the WIT record. */
static void check_record(const struct layout *l, const char *from)
{
	wbt_layout_events_layout_t r;
	static const uint8_t wide[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
	static const uint8_t minus_one[4] = { 0xff, 0xff, 0xff, 0xff };

	layout_bpf__wit_layout(l, &r);
	check(r.small == 0xab && r.big == 0x0102030405060708ULL, from, "record integers");
	check(r.nested.a == 0x1234 && r.nested.b == 0x56 && r.nested.c == 0x789abcde, from, "record nested record");
	check(r.un.len == 8 && memcmp(r.un.ptr, wide, 8) == 0, from, "record union as its bytes");
	check(r.pairs.len == 2 && r.pairs.ptr[0].a == 1 && r.pairs.ptr[0].b == 2 && r.pairs.ptr[0].c == 3 &&
		      r.pairs.ptr[1].a == 4 && r.pairs.ptr[1].b == 5 && r.pairs.ptr[1].c == 6,
	      from, "record list of records");
	check(r.color == 0x7fffffff, from, "record enum without 0, 1, 2... numbering, as its integer");
	check(r.name.len == 8 && memcmp(r.name.ptr, "wasi-bpf", 8) == 0, from, "record char array as a string");
	check(r.flag_a == 5 && r.flag_b == 17 && r.flag_c == 0xabcdef, from, "record bitfields");
	check(r.signed_long == -42 && r.pointer == 0xdeadbeefcafeULL, from, "record long and pointer");
	check(r.point.x == 7 && r.point.y == 8, from, "record anonymous struct");
	check(r.anon1.len == 4 && memcmp(r.anon1.ptr, minus_one, 4) == 0, from, "record anonymous union as its bytes");
	wbt_layout_events_layout_free(&r);
}

static int records;

static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	records++;
	check(size == sizeof(struct layout), "ring buffer", "record size");
	if (size == sizeof(struct layout)) {
		check_fields(data, "ring buffer");
		check_record(data, "ring buffer");
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct layout_bpf *skel;
	struct ring_buffer *rb;
	struct layout l;
	uint32_t zero = 0;

	if (argc != 2 || strncmp(argv[1], "tid=", 4)) {
		fprintf(stderr, "usage: layout tid=N\n");
		return 1;
	}
	check(sizeof(struct layout) == 104, "mirror", "the BPF size");
	skel = layout_bpf__open();
	if (!skel) {
		printf("FAIL: open: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->rodata->target_tid = (uint32_t)strtoul(argv[1] + 4, NULL, 10);
	if (layout_bpf__load(skel) || layout_bpf__attach(skel)) {
		printf("FAIL: load and attach: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.records), on_record, NULL, NULL);
	if (!rb) {
		printf("FAIL: ring buffer: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	printf("ready\n");
	for (int tries = 0; tries < 200 && !records; tries++)
		ring_buffer__poll(rb, 50);
	check(records == 1, "ring buffer", "one record");

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.layouts), &zero, &l) == 0) {
		check_fields(&l, "map");
		check_record(&l, "map");
	} else
		check(0, "map", libbpf_wasm_last_error());

	ring_buffer__free(rb);
	layout_bpf__destroy(skel);
	if (failures)
		return 1;
	printf("all checks passed\n");
	return 0;
}
