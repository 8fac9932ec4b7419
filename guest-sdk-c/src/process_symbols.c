/* libbpf-tools' syms__* and syms_cache__* over wasi:bpf/symbols'
 * process-symbols: the host reads the process's maps and the symbol
 * tables of its files (and follows what it maps later); the SDK keeps
 * one struct sym per symbol and one name per file it was asked about, so
 * that the pointers it returns live until syms__free, as native ones do.
 * As natively, a struct sym's `offset` is that of the last address that
 * found it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "trace_helpers.h"
#include "internal.h"

#define SYMS_BUCKETS 1024

struct sym_node {
	struct sym sym;
	/* The file's name, one of `files`. */
	const char *file;
	struct sym_node *next;
};

struct file_node {
	char *name;
	struct file_node *next;
};

struct syms {
	int tgid;
	wasi_bpf_symbols_own_process_symbols_t table;
	struct sym_node *buckets[SYMS_BUCKETS];
	struct file_node *files;
};

struct syms *syms__load_pid(int tgid)
{
	if (tgid <= 0) {
		sdk_fail_with(EINVAL, "syms__load_pid: process %d", tgid);
		return NULL;
	}
	struct syms *syms = calloc(1, sizeof(*syms));
	if (!syms) {
		errno = ENOMEM;
		return NULL;
	}
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_symbols_static_process_symbols_load((uint32_t)tgid, &syms->table, &err)) {
		int e = -sdk_fail(&err);
		free(syms);
		errno = e;
		return NULL;
	}
	syms->tgid = tgid;
	return syms;
}

/* syms__load_file's refusal: recorded as the SDK's other failures
 * (libbpf_wasm_last_error), and printed through libbpf's print function,
 * as libbpf's own warnings are. */
static struct syms *load_file_fails(int errnum, const char *fname, const char *why)
{
	sdk_fail_with(errnum, "syms__load_file: %s: %s", fname, why);
	sdk_warn("%s\n", libbpf_wasm_last_error());
	errno = errnum;
	return NULL;
}

/* libbpf-tools read any file in /proc/PID/maps format; a guest has no
 * /proc, and the host reads the maps of processes only: "/proc/N/maps" is
 * syms__load_pid(N), anything else fails. */
struct syms *syms__load_file(const char *fname)
{
	if (!fname)
		return load_file_fails(EINVAL, "(null)", "no file name");
	const char *p = fname;
	if (strncmp(p, "/proc/", 6) == 0) {
		p += 6;
		if (strcmp(p, "self/maps") == 0)
			return load_file_fails(EOPNOTSUPP, fname,
					       "a wasi:bpf guest has no memory map of its own; name a process: /proc/PID/maps");
		long long tgid = 0;
		const char *digits = p;
		for (; *p >= '0' && *p <= '9'; p++)
			if (tgid <= INT_MAX)
				tgid = tgid * 10 + (*p - '0');
		/* procfs names a process without leading zeros. */
		if (p > digits && *digits != '0' && strcmp(p, "/maps") == 0) {
			/* Beyond any pid: no such process, as natively. */
			if (tgid > INT_MAX)
				return load_file_fails(ENOENT, fname, "no such process");
			return syms__load_pid((int)tgid);
		}
	}
	return load_file_fails(EINVAL, fname,
			       "not /proc/PID/maps (wasi:bpf/symbols reads the memory maps of processes only)");
}

void syms__free(struct syms *syms)
{
	if (!syms)
		return;
	for (size_t i = 0; i < SYMS_BUCKETS; i++) {
		struct sym_node *node = syms->buckets[i];
		while (node) {
			struct sym_node *next = node->next;
			free((char *)node->sym.name);
			free(node);
			node = next;
		}
	}
	while (syms->files) {
		struct file_node *next = syms->files->next;
		free(syms->files->name);
		free(syms->files);
		syms->files = next;
	}
	wasi_bpf_symbols_process_symbols_drop_own(syms->table);
	free(syms);
}

static bool same(const char *s, const sdk_string_t *wit)
{
	return strlen(s) == wit->len && memcmp(s, wit->ptr, wit->len) == 0;
}

static const char *intern_file(struct syms *syms, const sdk_string_t *name)
{
	for (struct file_node *node = syms->files; node; node = node->next)
		if (same(node->name, name))
			return node->name;
	struct file_node *node = malloc(sizeof(*node));
	char *copy = sdk_strdup(name);
	if (!node || !copy) {
		free(node);
		free(copy);
		errno = ENOMEM;
		return NULL;
	}
	*node = (struct file_node){ .name = copy, .next = syms->files };
	syms->files = node;
	return copy;
}

static struct sym *intern_sym(struct syms *syms, const char *file, const wasi_bpf_symbols_process_symbol_t *symbol)
{
	struct sym_node **bucket = &syms->buckets[(symbol->address >> 4) % SYMS_BUCKETS];
	for (struct sym_node *node = *bucket; node; node = node->next)
		if (node->file == file && node->sym.start == symbol->address && same(node->sym.name, &symbol->name))
			return &node->sym;
	struct sym_node *node = malloc(sizeof(*node));
	char *name = sdk_strdup(&symbol->name);
	if (!node || !name) {
		free(node);
		free(name);
		errno = ENOMEM;
		return NULL;
	}
	node->sym = (struct sym){ .name = name, .start = symbol->address, .size = symbol->size };
	node->file = file;
	node->next = *bucket;
	*bucket = node;
	return &node->sym;
}

/* Where `addr` comes from: 0 and *sinfo filled in, or -1 (no file backs
 * it, or the host failed: errno says which). The symbol, if any, in *sym. */
static int map_addr(const struct syms *const_syms, unsigned long long addr, struct sym_info *sinfo, struct sym **sym)
{
	/* The nodes are the SDK's cache, not the table's contents. */
	struct syms *syms = (struct syms *)const_syms;
	memset(sinfo, 0, sizeof(*sinfo));
	*sym = NULL;
	if (!syms) {
		errno = EINVAL;
		return -1;
	}
	uint64_t address = addr;
	sdk_list_u64_t addresses = { .ptr = &address, .len = 1 };
	wasi_bpf_symbols_list_option_process_address_t resolved;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_symbols_method_process_symbols_resolve(wasi_bpf_symbols_borrow_process_symbols(syms->table),
							    &addresses, &resolved, &err)) {
		sdk_fail(&err);
		return -1;
	}
	int ret = -1;
	if (resolved.len == 1 && resolved.ptr[0].is_some) {
		wasi_bpf_symbols_process_address_t *where = &resolved.ptr[0].val;
		const char *file = intern_file(syms, &where->file);
		if (file) {
			ret = 0;
			sinfo->dso_name = file;
			sinfo->dso_offset = where->file_offset;
			if (where->symbol.is_some) {
				wasi_bpf_symbols_process_symbol_t *symbol = &where->symbol.val;
				/* As natively: the address as the file's
				 * symbols count, not its place in the file. */
				sinfo->dso_offset = symbol->address + symbol->offset;
				*sym = intern_sym(syms, file, symbol);
				if (*sym) {
					(*sym)->offset = symbol->offset;
					sinfo->sym_name = (*sym)->name;
					sinfo->sym_offset = symbol->offset;
				}
			}
		}
	} else {
		errno = ENOENT;
	}
	wasi_bpf_symbols_list_option_process_address_free(&resolved);
	return ret;
}

const struct sym *syms__map_addr(const struct syms *syms, unsigned long long addr)
{
	struct sym_info sinfo;
	struct sym *sym;
	map_addr(syms, addr, &sinfo, &sym);
	return sym;
}

int syms__map_addr_dso(const struct syms *syms, unsigned long long addr, struct sym_info *sinfo)
{
	struct sym *sym;
	return map_addr(syms, addr, sinfo, &sym);
}

struct syms_cache {
	struct syms **syms;
	int count;
	int capacity;
};

struct syms_cache *syms_cache__new(int nr)
{
	struct syms_cache *cache = calloc(1, sizeof(*cache));
	if (!cache) {
		errno = ENOMEM;
		return NULL;
	}
	if (nr > 0) {
		cache->syms = calloc((size_t)nr, sizeof(*cache->syms));
		if (!cache->syms) {
			free(cache);
			errno = ENOMEM;
			return NULL;
		}
		cache->capacity = nr;
	}
	return cache;
}

struct syms *syms_cache__get_syms(struct syms_cache *cache, int tgid)
{
	if (!cache)
		return NULL;
	for (int i = 0; i < cache->count; i++)
		if (cache->syms[i]->tgid == tgid)
			return cache->syms[i];
	struct syms *syms = syms__load_pid(tgid);
	if (!syms)
		return NULL;
	if (cache->count == cache->capacity) {
		int capacity = cache->capacity ? cache->capacity * 2 : 16;
		struct syms **grown = realloc(cache->syms, (size_t)capacity * sizeof(*grown));
		if (!grown) {
			syms__free(syms);
			errno = ENOMEM;
			return NULL;
		}
		cache->syms = grown;
		cache->capacity = capacity;
	}
	cache->syms[cache->count++] = syms;
	return syms;
}

void syms_cache__free(struct syms_cache *cache)
{
	if (!cache)
		return;
	for (int i = 0; i < cache->count; i++)
		syms__free(cache->syms[i]);
	free(cache->syms);
	free(cache);
}
