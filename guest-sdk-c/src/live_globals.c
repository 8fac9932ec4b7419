/* The skeleton's `skel->bss->x` / `skel->data->x` as live as a guest can
 * have them. Natively they are the kernel's memory, mapped; a guest's
 * memory cannot be, so the SDK keeps each variable's guest copy in step
 * at every wait (sleep, usleep, nanosleep, ring and perf buffer polls,
 * all of which go through sdk_wait_any): what the guest changed since the
 * last wait is written to the kernel before it waits, and what the
 * kernel holds is read back after. A tool that sets a filter and then
 * sleeps, or prints counters after each sleep, sees what it would see
 * natively; between two waits the copy does not move.
 *
 * Integer variables (and arrays of them) of 4 or 8 bytes reach the kernel
 * as what the guest added to each integer since the last wait, with the
 * atomic add the BPF programs use (add-to-global): a counter the guest
 * reset with __atomic_exchange_n(&skel->bss->c, 0, ..) keeps what the
 * programs counted between the pull and the push, as natively, and one the
 * programs left alone ends as the guest wrote it. Other variables are
 * written whole. */
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_internal.h"
#include "internal.h"

struct live_global {
	struct live_global *next;
	struct bpf_object *obj;
	char *name;
	void *addr;
	size_t size;
	/* 4 or 8: the width of the integers the variable is made of, pushed
	 * as atomic adds; 0: written whole. */
	size_t width;
	/* The value as last written or read: what the guest changed since
	 * differs from it. */
	unsigned char shadow[];
};

static struct live_global *live;

/* Reads after a wait at most this often: a ring buffer polled in a busy
 * loop would otherwise read every variable on every poll. */
#define PULL_INTERVAL_NS 1000000ull

static uint64_t last_pull;

/* The width of the integers variable `name` is made of, by the object's
 * BTF: an int of 4 or 8 bytes, or an array (of arrays) of them; else 0. */
static size_t integer_width(struct bpf_object *obj, const char *name, size_t size)
{
	const struct btf *btf = bpf_object__btf(obj);
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_VAR) : -1;
	if (id < 0)
		return 0;
	const struct btf_type *t = btf__type_by_id(btf, id);
	/* The variable's type, then the elements of each array in turn. */
	__u32 inner = t ? t->type : 0;
	for (int depth = 0; depth < SDK_BTF_MAX_DEPTH; depth++) {
		id = btf__resolve_type(btf, inner);
		t = id < 0 ? NULL : btf__type_by_id(btf, id);
		if (t && btf_is_array(t)) {
			inner = btf_array(t)->type;
			continue;
		}
		if (!t || !btf_is_int(t) || (t->size != 4 && t->size != 8) || size % t->size)
			return 0;
		return t->size;
	}
	return 0;
}

int libbpf_wasm_live_global(struct bpf_object *obj, const char *name, void *addr, size_t size)
{
	if (!obj || !name || !addr || !obj->loaded)
		return sdk_fail_with(EINVAL, "libbpf_wasm_live_global needs a loaded object, a name and an address");
	struct live_global *g = malloc(sizeof(*g) + size);
	if (!g || !(g->name = strdup(name))) {
		free(g);
		return sdk_fail_with(ENOMEM, "out of memory");
	}
	int ret = bpf_object__get_global(obj, name, addr, size);
	if (ret) {
		free(g->name);
		free(g);
		return ret;
	}
	g->obj = obj;
	g->addr = addr;
	g->size = size;
	g->width = integer_width(obj, name, size);
	memcpy(g->shadow, addr, size);
	g->next = live;
	live = g;
	return 0;
}

/* The integer at `at` of `width` bytes. */
static uint64_t integer_at(const unsigned char *at, size_t width)
{
	uint32_t narrow;
	uint64_t wide;
	if (width == 4) {
		memcpy(&narrow, at, 4);
		return narrow;
	}
	memcpy(&wide, at, 8);
	return wide;
}

/* Adds to each integer of `g` in the kernel what the guest added to it
 * since the shadow (wrapping, so a decrease is a large add), from the
 * first integer that changed to the last. 0 or a negative errno. */
static int push_adds(struct live_global *g)
{
	size_t count = g->size / g->width, first = count, last = 0;
	uint64_t *deltas = malloc(count * sizeof(*deltas));
	if (!deltas)
		return -ENOMEM;
	uint64_t mask = g->width == 4 ? UINT32_MAX : UINT64_MAX;
	for (size_t i = 0; i < count; i++) {
		size_t at = i * g->width;
		deltas[i] = (integer_at((unsigned char *)g->addr + at, g->width) - integer_at(g->shadow + at, g->width)) & mask;
		if (deltas[i]) {
			first = first < i ? first : i;
			last = i;
		}
	}
	int ret = 0;
	if (first < count) {
		sdk_string_t name = sdk_str(g->name);
		sdk_list_u64_t changed = { deltas + first, last - first + 1 };
		sdk_list_u64_t before;
		wasi_bpf_types_error_t err;
		wasi_bpf_bpf_object_integer_width_t width =
			g->width == 4 ? WASI_BPF_BPF_OBJECT_INTEGER_WIDTH_BITS32 : WASI_BPF_BPF_OBJECT_INTEGER_WIDTH_BITS64;
		if (wasi_bpf_bpf_object_method_object_add_to_global(wasi_bpf_bpf_object_borrow_object(g->obj->handle), &name,
								     (uint32_t)(first * g->width), width, &changed, &before,
								     &err))
			sdk_list_u64_free(&before);
		else
			ret = sdk_fail(&err);
	}
	free(deltas);
	return ret;
}

void sdk_live_globals_push(void)
{
	for (struct live_global *g = live; g; g = g->next) {
		if (memcmp(g->addr, g->shadow, g->size) == 0)
			continue;
		/* A failure (the object closed under it) leaves the copy as the
		 * guest wrote it; the wait goes on. */
		int ret = g->width ? push_adds(g) : -EINVAL;
		/* A variable the host cannot add to (misaligned in a packed
		 * section) is written whole. */
		if (ret == -EINVAL)
			ret = bpf_object__set_global(g->obj, g->name, g->addr, g->size);
		if (ret == 0)
			memcpy(g->shadow, g->addr, g->size);
	}
}

void sdk_live_globals_pull(void)
{
	if (!live)
		return;
	uint64_t now = wasi_clocks_monotonic_clock_now();
	if (now - last_pull < PULL_INTERVAL_NS)
		return;
	last_pull = now;
	for (struct live_global *g = live; g; g = g->next) {
		/* The guest's own changes since the push stay theirs. */
		if (memcmp(g->addr, g->shadow, g->size) != 0)
			continue;
		if (bpf_object__get_global(g->obj, g->name, g->shadow, g->size) == 0)
			memcpy(g->addr, g->shadow, g->size);
	}
}

void sdk_live_globals_read(const struct bpf_object *obj, const char *name, const void *value, size_t size)
{
	/* NAME__read_globals read the kernel's value into the skeleton's
	 * copy: it is no change of the guest's, and the next push must not
	 * write it back over what the programs did since. */
	for (struct live_global *g = live; g; g = g->next)
		if (g->obj == obj && g->addr == value && g->size == size && strcmp(g->name, name) == 0)
			memcpy(g->shadow, value, size);
}

void sdk_live_globals_forget(struct bpf_object *obj)
{
	for (struct live_global **at = &live; *at;) {
		struct live_global *g = *at;
		if (g->obj != obj) {
			at = &g->next;
			continue;
		}
		*at = g->next;
		free(g->name);
		free(g);
	}
}
