/* libbpf's user_ring_buffer API from C: samples reserved, filled and
 * submitted reach bpf_user_ringbuf_drain in order, a discarded one is
 * skipped, and a full or too small ring gives libbpf's errno. */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "buffers.skel.h"
#include "../check.h"

static __u64 echoes[16];
static int nr_echoes;

static int on_echo(void *ctx, void *data, size_t size)
{
	if (nr_echoes < 16 && size >= sizeof(__u64))
		memcpy(&echoes[nr_echoes++], data, sizeof(__u64));
	return 0;
}

/* Runs drain_requests (it echoes each request into `echoes`) and reads the
 * echoes; returns how many requests the kernel drained. */
static int drain(struct buffers_bpf *skel, struct ring_buffer *echo_ring)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	CHECK(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.drain_requests), &run) == 0, "test-run");
	CHECK(ring_buffer__consume(echo_ring) >= 0, "read the echoes");
	return (int)run.retval;
}

static void *reserve_numbered(struct user_ring_buffer *rb, __u32 size, __u64 seq)
{
	__u64 *sample = user_ring_buffer__reserve(rb, size);
	CHECK(sample != NULL, "reserve %u bytes", size);
	if (sample)
		*sample = seq;
	return sample;
}

int main(void)
{
	struct buffers_bpf *skel = buffers_bpf__open_and_load();
	if (!skel) {
		printf("FAIL: open and load: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	struct user_ring_buffer *rb = user_ring_buffer__new(bpf_map__fd(skel->maps.requests), NULL);
	struct ring_buffer *echo_ring = ring_buffer__new(bpf_map__fd(skel->maps.echoes), on_echo, NULL, NULL);
	CHECK(rb && echo_ring, "user_ring_buffer__new and ring_buffer__new");
	if (!rb || !echo_ring)
		return 1;

	void *first = reserve_numbered(rb, 8, 1);
	void *dropped = reserve_numbered(rb, 8, 99);
	void *second = reserve_numbered(rb, 16, 2);
	user_ring_buffer__submit(rb, first);
	user_ring_buffer__discard(rb, dropped);
	user_ring_buffer__submit(rb, second);

	CHECK(user_ring_buffer__reserve(rb, 5000) == NULL && errno == E2BIG, "a sample larger than the ring: E2BIG");
	void *halves[2] = { reserve_numbered(rb, 2040, 3), reserve_numbered(rb, 1024, 4) };
	CHECK(user_ring_buffer__reserve(rb, 2040) == NULL && errno == ENOSPC, "a full ring: ENOSPC");
	user_ring_buffer__submit(rb, halves[0]);
	user_ring_buffer__submit(rb, halves[1]);

	int drained = drain(skel, echo_ring);
	printf("drained %d:", drained);
	for (int i = 0; i < nr_echoes; i++)
		printf(" %llu", (unsigned long long)echoes[i]);
	printf("\n");

	/* A sample left reserved is released with the producer. */
	reserve_numbered(rb, 8, 5);
	user_ring_buffer__free(rb);
	ring_buffer__free(echo_ring);
	buffers_bpf__destroy(skel);
	return failures ? 1 : 0;
}
