/* libbpf's user_ring_buffer over wasi:bpf's user-ring-buffer and
 * reservation resources. libbpf hands out pointers into the kernel's ring;
 * here a sample is guest memory behind a header that holds the host's
 * reservation, and submit copies it into the ring in one host call. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

struct user_ring_buffer {
	wasi_bpf_ring_buffer_own_user_ring_buffer_t handle;
	/* Samples reserved and not yet submitted or discarded, so that
	 * user_ring_buffer__free can release them. */
	struct sample *reserved;
};

struct sample {
	wasi_bpf_ring_buffer_own_reservation_t reservation;
	struct sample *next;
	__u32 size;
	/* BPF records are 8-byte aligned in the ring; keep guest code that
	 * casts the sample to a struct just as safe. */
	_Alignas(8) unsigned char data[];
};

struct user_ring_buffer *user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts)
{
	(void)opts;
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	wasi_bpf_bpf_map_borrow_map_t self;
	wasi_bpf_types_error_t err;
	int ret;
	if (!map)
		return NULL;
	if ((ret = sdk_map_handle(map, &self))) {
		errno = -ret;
		return NULL;
	}
	struct user_ring_buffer *rb = calloc(1, sizeof(*rb));
	if (!rb) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	if (!wasi_bpf_ring_buffer_static_user_ring_buffer_open(self, &rb->handle, &err)) {
		sdk_fail_warn(&err, map->name);
		free(rb);
		return NULL;
	}
	return rb;
}

void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb, __u32 size, int timeout_ms)
{
	if (!rb) {
		sdk_fail_with(EINVAL, "user_ring_buffer__reserve needs a user ring buffer");
		return NULL;
	}
	struct sample *sample = calloc(1, sizeof(*sample) + size);
	if (!sample) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	wasi_bpf_ring_buffer_borrow_user_ring_buffer_t self = wasi_bpf_ring_buffer_borrow_user_ring_buffer(rb->handle);
	if (timeout_ms != 0 && sdk_termination_listening()) {
		/* A signal handler waits: so does the wait for room. */
		if (sdk_wait_one(wasi_bpf_ring_buffer_method_user_ring_buffer_subscribe(self), timeout_ms) < 0) {
			free(sample);
			return NULL;
		}
		timeout_ms = 0;
	}
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_method_user_ring_buffer_blocking_reserve(self, size, sdk_timeout(timeout_ms),
									    &sample->reservation, &err)) {
		sdk_fail(&err);
		free(sample);
		return NULL;
	}
	sample->size = size;
	sample->next = rb->reserved;
	rb->reserved = sample;
	return sample->data;
}

void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size)
{
	return user_ring_buffer__reserve_blocking(rb, size, 0);
}

/* Unlinks the sample whose data is `data` from `rb`'s reserved list. */
static struct sample *take_sample(struct user_ring_buffer *rb, void *data)
{
	if (!rb || !data)
		return NULL;
	for (struct sample **link = &rb->reserved; *link; link = &(*link)->next) {
		struct sample *sample = *link;
		if (sample->data == data) {
			*link = sample->next;
			return sample;
		}
	}
	return NULL;
}

/* Ends a sample: written and submitted, or discarded; then freed. libbpf's
 * submit and discard return nothing: a failure (the object was closed) is
 * left in libbpf_wasm_last_error(). */
static void finish(struct user_ring_buffer *rb, void *data, bool submit)
{
	struct sample *sample = take_sample(rb, data);
	if (!sample) {
		sdk_fail_with(EINVAL, "not a sample reserved from this user ring buffer");
		return;
	}
	wasi_bpf_ring_buffer_borrow_reservation_t self = wasi_bpf_ring_buffer_borrow_reservation(sample->reservation);
	wasi_bpf_types_error_t err;
	bool ok;
	if (submit) {
		sdk_list_u8_t bytes = sdk_bytes(sample->data, sample->size);
		ok = wasi_bpf_ring_buffer_method_reservation_write(self, 0, &bytes, &err) &&
		     wasi_bpf_ring_buffer_method_reservation_submit(self, &err);
	} else {
		ok = wasi_bpf_ring_buffer_method_reservation_discard(self, &err);
	}
	if (!ok)
		sdk_fail(&err);
	wasi_bpf_ring_buffer_reservation_drop_own(sample->reservation);
	free(sample);
}

void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample)
{
	finish(rb, sample, true);
}

void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample)
{
	finish(rb, sample, false);
}

void user_ring_buffer__free(struct user_ring_buffer *rb)
{
	if (!rb)
		return;
	while (rb->reserved)
		/* Dropping an unfinished reservation discards it in the host. */
		finish(rb, rb->reserved->data, false);
	wasi_bpf_ring_buffer_user_ring_buffer_drop_own(rb->handle);
	free(rb);
}
