/* The skeleton's `skel->bss->x` / `skel->data->x` as live as a guest can
 * have them. Natively they are the kernel's memory, mapped; a guest's
 * memory cannot be, so the SDK keeps each variable's guest copy in step
 * at every wait (sleep, usleep, nanosleep, ring and perf buffer polls,
 * all of which go through sdk_wait_any): what the guest changed since the
 * last wait is written to the kernel before it waits, and what the
 * kernel holds is read back after. A tool that sets a filter and then
 * sleeps, or prints counters after each sleep, sees what it would see
 * natively; between two waits the copy does not move. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct live_global {
	struct live_global *next;
	struct bpf_object *obj;
	char *name;
	void *addr;
	size_t size;
	/* The value as last written or read: what the guest changed since
	 * differs from it. */
	unsigned char shadow[];
};

static struct live_global *live;

/* Reads after a wait at most this often: a ring buffer polled in a busy
 * loop would otherwise read every variable on every poll. */
#define PULL_INTERVAL_NS 1000000ull

static uint64_t last_pull;

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
	memcpy(g->shadow, addr, size);
	g->next = live;
	live = g;
	return 0;
}

void sdk_live_globals_push(void)
{
	for (struct live_global *g = live; g; g = g->next) {
		if (memcmp(g->addr, g->shadow, g->size) == 0)
			continue;
		/* A failure (the object closed under it) leaves the copy as the
		 * guest wrote it; the wait goes on. */
		if (bpf_object__set_global(g->obj, g->name, g->addr, g->size) == 0)
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
