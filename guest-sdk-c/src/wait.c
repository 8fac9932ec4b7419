/* Waiting on several buffers and a timeout in one wasi:io/poll call, and
 * on a request to end the guest when a signal handler waits for one;
 * the skeletons' live globals are kept in step around each wait. */
#include <stdlib.h>

#include "internal.h"

uint64_t sdk_timeout(int timeout_ms)
{
	return timeout_ms < 0 ? UINT64_MAX : (uint64_t)timeout_ms * 1000000u;
}

int sdk_wait_any(const wasi_io_poll_own_pollable_t *pollables, size_t n, uint64_t timeout_ns)
{
	wasi_io_poll_borrow_pollable_t *all = malloc((n + 2) * sizeof(*all));
	if (!all)
		return 1; /* Polling every buffer without waiting is still right. */
	for (size_t i = 0; i < n; i++)
		all[i] = wasi_io_poll_borrow_pollable(pollables[i]);
	size_t count = n;
	if (sdk_termination_listening())
		all[count++] = sdk_termination_pollable();
	wasi_io_poll_own_pollable_t timer;
	bool timed = timeout_ns != UINT64_MAX;
	if (timed) {
		timer = wasi_clocks_monotonic_clock_subscribe_duration(timeout_ns);
		all[count++] = wasi_io_poll_borrow_pollable(timer);
	}
	wasi_io_poll_list_borrow_pollable_t list = { .ptr = all, .len = count };
	sdk_list_u32_t ready;
	sdk_live_globals_push();
	wasi_io_poll_poll(&list, &ready);
	sdk_live_globals_pull();
	bool any = false;
	for (size_t i = 0; i < ready.len; i++)
		any |= ready.ptr[i] < n;
	sdk_list_u32_free(&ready);
	if (timed)
		wasi_io_poll_pollable_drop_own(timer);
	free(all);
	/* As libbpf's epoll_wait: a signal ends the wait with EINTR. */
	if (sdk_termination_deliver())
		return sdk_fail_with(EINTR, "interrupted");
	return any;
}

int sdk_wait_one(wasi_io_poll_own_pollable_t pollable, int timeout_ms)
{
	int ret = sdk_wait_any(&pollable, 1, sdk_timeout(timeout_ms));
	wasi_io_poll_pollable_drop_own(pollable);
	return ret;
}
