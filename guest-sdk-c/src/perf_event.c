/* syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags) for
 * guests: a guest cannot open perf events, so the SDK keeps what was
 * asked under a handle (an "fd" far above real ones, as bpf_map__fd's)
 * and bpf_program__attach_perf_event has the host open the event and
 * attach to it. The host judges the event; the SDK checks only what it
 * cannot pass on (groups, other flags). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <asm/unistd.h>
#include <linux/perf_event.h>

#include "internal.h"

static long perf_event_open(const struct perf_event_attr *attr, int pid, int cpu, int group_fd, unsigned long flags)
{
	/* As the system call: -1 and errno. */
	int err = 0;
	if (!attr)
		err = sdk_fail_with(EFAULT, "perf_event_open: no attr");
	else if (group_fd != -1)
		err = sdk_fail_with(EINVAL, "perf_event_open: event groups (group_fd %d) are not supported", group_fd);
	else if (flags & ~PERF_FLAG_FD_CLOEXEC)
		err = sdk_fail_with(EINVAL, "perf_event_open: flags %#lx are not supported", flags);
	if (err)
		return -1;
	struct sdk_perf_event *event = malloc(sizeof(*event));
	if (!event) {
		sdk_fail_with(ENOMEM, "out of memory");
		return -1;
	}
	event->event = (wasi_bpf_bpf_object_perf_event_t){
		.type = attr->type,
		.config = attr->config,
		.sample = attr->sample_period,
		.frequency = attr->freq,
	};
	event->pid = pid;
	event->cpu = cpu;
	int fd = sdk_handle_register(SDK_HANDLE_PERF_EVENT, event);
	if (fd < 0) {
		free(event);
		return -1;
	}
	return fd;
}

long syscall(long number, ...)
{
	va_list args;
	va_start(args, number);
	long ret;
	switch (number) {
	case __NR_perf_event_open: {
		const struct perf_event_attr *attr = va_arg(args, const struct perf_event_attr *);
		int pid = va_arg(args, int);
		int cpu = va_arg(args, int);
		int group_fd = va_arg(args, int);
		unsigned long flags = va_arg(args, unsigned long);
		ret = perf_event_open(attr, pid, cpu, group_fd, flags);
		break;
	}
	default:
		sdk_fail_with(ENOSYS, "syscall %ld: not one a guest can make", number);
		ret = -1;
	}
	va_end(args);
	return ret;
}

struct sdk_perf_event *sdk_perf_event_take(int fd)
{
	struct sdk_perf_event *event = sdk_handle_get(fd, SDK_HANDLE_PERF_EVENT);
	if (event)
		sdk_handle_release(fd);
	return event;
}
