/* libbpf-tools' ksyms__* over wasi:bpf/symbols' kernel-symbols: the host
 * holds the parse of /proc/kallsyms and answers each address or name; the
 * SDK keeps one struct ksym per symbol it was asked about, so that the
 * pointers it returns live until ksyms__free, as native ones do. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_helpers.h"
#include "internal.h"

#define KSYMS_BUCKETS 1024

struct ksym_node {
	struct ksym ksym;
	struct ksym_node *next;
};

struct ksyms {
	wasi_bpf_symbols_own_kernel_symbols_t table;
	struct ksym_node *buckets[KSYMS_BUCKETS];
};

struct ksyms *ksyms__load(void)
{
	struct ksyms *ksyms = calloc(1, sizeof(*ksyms));
	if (!ksyms) {
		errno = ENOMEM;
		return NULL;
	}
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_symbols_static_kernel_symbols_load(&ksyms->table, &err)) {
		int e = -sdk_fail_warn(&err, "ksyms__load");
		free(ksyms);
		errno = e;
		return NULL;
	}
	return ksyms;
}

void ksyms__free(struct ksyms *ksyms)
{
	if (!ksyms)
		return;
	for (size_t i = 0; i < KSYMS_BUCKETS; i++) {
		struct ksym_node *node = ksyms->buckets[i];
		while (node) {
			struct ksym_node *next = node->next;
			free((char *)node->ksym.name);
			free(node);
			node = next;
		}
	}
	wasi_bpf_symbols_kernel_symbols_drop_own(ksyms->table);
	free(ksyms);
}

/* The one struct ksym of the host's symbol `symbol` (freed here). */
static const struct ksym *intern(const struct ksyms *ksyms, wasi_bpf_symbols_kernel_symbol_t *symbol)
{
	/* The buckets are the SDK's cache, not the table's contents: a
	 * const table still remembers what it was asked. */
	struct ksym_node **buckets = ((struct ksyms *)ksyms)->buckets;
	struct ksym_node **bucket = &buckets[(symbol->address >> 4) % KSYMS_BUCKETS];
	const struct ksym *found = NULL;
	for (struct ksym_node *node = *bucket; node; node = node->next) {
		if (node->ksym.addr == symbol->address && strlen(node->ksym.name) == symbol->name.len &&
		    memcmp(node->ksym.name, symbol->name.ptr, symbol->name.len) == 0) {
			found = &node->ksym;
			break;
		}
	}
	if (!found) {
		struct ksym_node *node = malloc(sizeof(*node));
		char *name = sdk_strdup(&symbol->name);
		if (!node || !name) {
			free(node);
			free(name);
			errno = ENOMEM;
		} else {
			node->ksym = (struct ksym){ .name = name, .addr = symbol->address };
			node->next = *bucket;
			*bucket = node;
			found = &node->ksym;
		}
	}
	wasi_bpf_symbols_kernel_symbol_free(symbol);
	return found;
}

const struct ksym *ksyms__map_addr(const struct ksyms *ksyms, unsigned long long addr)
{
	if (!ksyms)
		return NULL;
	uint64_t address = addr;
	sdk_list_u64_t addresses = { .ptr = &address, .len = 1 };
	wasi_bpf_symbols_list_option_kernel_symbol_t resolved;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_symbols_method_kernel_symbols_resolve(wasi_bpf_symbols_borrow_kernel_symbols(ksyms->table),
							   &addresses, &resolved, &err)) {
		sdk_fail(&err);
		return NULL;
	}
	const struct ksym *found = NULL;
	if (resolved.len == 1 && resolved.ptr[0].is_some) {
		found = intern(ksyms, &resolved.ptr[0].val);
		resolved.ptr[0].is_some = false;
	}
	wasi_bpf_symbols_list_option_kernel_symbol_free(&resolved);
	return found;
}

const struct ksym *ksyms__get_symbol(const struct ksyms *ksyms, const char *name)
{
	if (!ksyms || !name)
		return NULL;
	sdk_string_t wit_name = sdk_str(name);
	wasi_bpf_symbols_kernel_symbol_t symbol;
	if (!wasi_bpf_symbols_method_kernel_symbols_lookup(wasi_bpf_symbols_borrow_kernel_symbols(ksyms->table),
							  &wit_name, &symbol))
		return NULL;
	return intern(ksyms, &symbol);
}
