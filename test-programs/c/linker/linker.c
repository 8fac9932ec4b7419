// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* linker OUT A B GARBAGE MAGIC: links BPF objects A and B into OUT with
 * bpf_linker__*, then opens, loads and attaches OUT and counts
 * getpgid(MAGIC) and getsid(MAGIC) calls (the test makes 3 and 2 after
 * `ready`). Prints libbpf's refusals (a file that is no BPF object,
 * symbols defined twice, a missing file, a finalized linker) and, per
 * program, bpf_program__insn_cnt and an FNV-1a hash of
 * bpf_program__insns before and after load, map fds in 64-bit loads
 * replaced by the map's index (as the test, over its own libbpf, does):
 * the kernel test compares OUT and those lines with libbpf's natively. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static __u64 fnv1a(const void *data, size_t len, __u64 hash)
{
	for (size_t i = 0; i < len; i++)
		hash = (hash ^ ((const unsigned char *)data)[i]) * 0x100000001b3ULL;
	return hash;
}

static const __u64 FNV_OFFSET = 0xcbf29ce484222325ULL;

static int link_files(const char *out, const char *const *files, size_t n)
{
	struct bpf_linker *linker = bpf_linker__new(out, NULL);
	if (!linker)
		return -errno;
	int err = 0;
	for (size_t i = 0; !err && i < n; i++)
		err = bpf_linker__add_file(linker, files[i], NULL);
	if (!err)
		err = bpf_linker__finalize(linker);
	bpf_linker__free(linker);
	return err;
}

static void print_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("open %s: %d\n", path, -errno);
		exit(1);
	}
	unsigned char buf[4096];
	size_t n, size = 0;
	__u64 hash = FNV_OFFSET;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		hash = fnv1a(buf, n, hash);
		size += n;
	}
	fclose(f);
	printf("linked: %zu bytes, fnv1a %016llx\n", size, (unsigned long long)hash);
}

/* The instructions' hash, the map fds of 64-bit loads as map indexes. */
static void print_insns(struct bpf_object *obj, const char *when)
{
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		size_t cnt = bpf_program__insn_cnt(prog);
		const struct bpf_insn *insns = bpf_program__insns(prog);
		struct bpf_insn *copy = malloc(cnt * sizeof(*copy) + 1);
		if (!insns || !copy) {
			printf("insns of %s: %d\n", bpf_program__name(prog), -errno);
			exit(1);
		}
		memcpy(copy, insns, cnt * sizeof(*copy));
		for (size_t i = 0; i + 1 < cnt; i++) {
			if (copy[i].code != (BPF_LD | BPF_IMM | BPF_DW))
				continue;
			if (copy[i].src_reg == BPF_PSEUDO_MAP_FD || copy[i].src_reg == BPF_PSEUDO_MAP_VALUE) {
				int index = 0;
				struct bpf_map *map;
				bpf_object__for_each_map(map, obj) {
					if (bpf_map__fd(map) == copy[i].imm)
						break;
					index++;
				}
				copy[i].imm = index;
			}
			i++;
		}
		printf("%s %s: %zu insns, fnv1a %016llx\n", when, bpf_program__name(prog), cnt,
		       (unsigned long long)fnv1a(copy, cnt * sizeof(*copy), FNV_OFFSET));
		free(copy);
	}
}

static __u64 count(struct bpf_object *obj, __u32 slot)
{
	__u64 value = 0;
	bpf_map__lookup_elem(bpf_object__find_map_by_name(obj, "counts"), &slot, sizeof(slot), &value, sizeof(value), 0);
	return value;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: linker OUT A B GARBAGE MAGIC\n");
		return 2;
	}
	const char *out = argv[1], *a = argv[2], *b = argv[3], *garbage = argv[4];
	__u32 magic = (__u32)atoi(argv[5]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	const char *twice[] = { a, a };
	printf("a file that is no BPF object: %d\n", link_files(out, &garbage, 1));
	printf("symbols defined twice: %d\n", link_files(out, twice, 2));
	/* Beside A, where the guest may look (outside its folders a file is
	 * not missing but out of reach). */
	char missing[4096];
	snprintf(missing, sizeof(missing), "%.*s/missing.bpf.o", (int)(strrchr(a, '/') ? strrchr(a, '/') - a : 1), a);
	const char *missing_files[] = { missing };
	printf("a missing file: %d\n", link_files(out, missing_files, 1));
	struct bpf_linker *linker = bpf_linker__new(out, NULL);
	int err = bpf_linker__finalize(linker);
	printf("no file: %d; finalized again: %d\n", err, bpf_linker__finalize(linker));
	bpf_linker__free(linker);

	const char *both[] = { a, b };
	printf("link: %d\n", link_files(out, both, 2));
	print_file(out);

	struct bpf_object *obj = bpf_object__open_file(out, NULL);
	if (!obj) {
		printf("open: %d\n", -errno);
		return 1;
	}
	print_insns(obj, "open");
	printf("load: %d\n", bpf_object__load(obj));
	print_insns(obj, "loaded");
	__u32 zero = 0;
	printf("set magic: %d\n",
	       bpf_map__update_elem(bpf_object__find_map_by_name(obj, "magic"), &zero, sizeof(zero), &magic,
				    sizeof(magic), 0));
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__attach(prog)) {
			printf("attach %s: %d\n", bpf_program__name(prog), -errno);
			return 1;
		}
	}
	printf("ready\n");
	for (int i = 0; i < 500 && (count(obj, 0) < 3 || count(obj, 1) < 2); i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	/* Late events would show as larger counts. */
	nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	printf("getpgid(MAGIC) %llu, getsid(MAGIC) %llu\n", (unsigned long long)count(obj, 0),
	       (unsigned long long)count(obj, 1));
	bpf_object__close(obj);
	return 0;
}
