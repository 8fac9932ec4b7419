/* signal(), raise() and sleeps that Ctrl-C cuts short, over
 * wasi:bpf/termination.
 *
 * WASI has no signals, and wasi-libc's emulation never runs a handler for
 * a signal from outside. Tools print their summary from a SIGINT or
 * SIGTERM handler, so the SDK owns signal() and raise() in its place:
 * installing a handler for either asks the host to deliver that request
 * to end (`listen`) rather than end the guest at once. A request is
 * delivered the way the kernel delivers a signal: at the next wait (a
 * buffer poll, a sleep) the handler runs and the wait returns early with
 * EINTR. The host gives the guest its grace period to print and return. */
#define _WASI_EMULATED_SIGNAL
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>

#include "internal.h"

/* Handlers by signal number; NULL is SIG_DFL. */
static void (*handlers[_NSIG])(int);
static bool listening;
static bool delivered;
static wasi_bpf_termination_own_pollable_t request_pollable;

/* Asks the host to deliver `request` (once per kind) and subscribes. */
static void listen(wasi_bpf_termination_request_t request)
{
	static bool asked[2];
	if (asked[request])
		return;
	asked[request] = true;
	wasi_bpf_termination_listen(request);
	if (!listening)
		request_pollable = wasi_bpf_termination_subscribe();
	listening = true;
}

/* What SIG_IGN and SIG_ERR point to (wasi-libc's <signal.h> names them). */
void __SIG_IGN(int sig)
{
	(void)sig;
}

void __SIG_ERR(int sig)
{
	(void)sig;
}

/* Signals whose default action is to do nothing (as in Linux). */
static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

void (*signal(int sig, void (*func)(int)))(int)
{
	if (sig < 1 || sig >= _NSIG || sig == SIGKILL || sig == SIGSTOP || func == SIG_ERR) {
		errno = EINVAL;
		return SIG_ERR;
	}
	void (*old)(int) = handlers[sig] ? handlers[sig] : SIG_DFL;
	handlers[sig] = func == SIG_DFL ? NULL : func;
	/* A handler for one of them: the host delivers that signal. (Back to
	 * SIG_DFL, the request is still delivered, and raise() then ends the
	 * guest as the default action does.) */
	if (sig == SIGINT && func != SIG_DFL)
		listen(WASI_BPF_TERMINATION_REQUEST_INTERRUPT);
	if (sig == SIGTERM && func != SIG_DFL)
		listen(WASI_BPF_TERMINATION_REQUEST_TERMINATE);
	return old;
}

int raise(int sig)
{
	if (sig < 1 || sig >= _NSIG) {
		errno = EINVAL;
		return -1;
	}
	void (*handler)(int) = handlers[sig];
	if (handler == SIG_IGN || (!handler && ignored_by_default(sig)))
		return 0;
	if (handler) {
		handler(sig);
		return 0;
	}
	/* The default action of the rest: end the process, which a shell
	 * reports as 128 + the signal. */
	fflush(NULL);
	_Exit(128 + sig);
}

bool sdk_termination_listening(void)
{
	return listening && !delivered;
}

wasi_io_poll_borrow_pollable_t sdk_termination_pollable(void)
{
	return wasi_io_poll_borrow_pollable(request_pollable);
}

bool sdk_termination_deliver(void)
{
	wasi_bpf_termination_request_t request;
	if (!sdk_termination_listening() || !wasi_bpf_termination_requested(&request))
		return false;
	delivered = true;
	raise(request == WASI_BPF_TERMINATION_REQUEST_INTERRUPT ? SIGINT : SIGTERM);
	return true;
}

static uint64_t timespec_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

/* wasi-libc's sleep(), usleep() and nanosleep() all sleep through this:
 * defined here, a delivered request cuts them short as SIGINT does. Its
 * errors are wasi-libc's numbers, as its callers set its errno from them
 * (the guest's <errno.h> then reads them as Linux's). */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remain)
{
	if (!request || request->tv_sec < 0 || request->tv_nsec < 0 || request->tv_nsec >= 1000000000)
		return __WASI_ERRNO_INVAL;
	struct timespec now;
	if (clock_gettime(clock, &now))
		return __WASI_ERRNO_INVAL;
	uint64_t start = timespec_ns(&now);
	uint64_t end = flags & TIMER_ABSTIME ? timespec_ns(request) : start + timespec_ns(request);
	if (end <= start)
		return 0;
	/* No pollable of its own: only the timeout, or a request, ends it. */
	if (sdk_wait_any(NULL, 0, end - start) >= 0)
		return 0;
	if (remain && !(flags & TIMER_ABSTIME)) {
		uint64_t left = 0;
		if (!clock_gettime(clock, &now) && timespec_ns(&now) < end)
			left = end - timespec_ns(&now);
		remain->tv_sec = (time_t)(left / 1000000000u);
		remain->tv_nsec = (long)(left % 1000000000u);
	}
	return __WASI_ERRNO_INTR;
}
