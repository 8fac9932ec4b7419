/* Ctrl-C and SIGTERM in a C guest, written as libbpf-tools write tools: a
 * handler sets `exiting`, the main loop sleeps or polls, and the guest
 * prints what it has before it returns.
 *
 *   signals sleep          nanosleep 1000 s until a signal, then say which
 *                          and how the sleep ended
 *   signals ring TID       print the even getpgid(seq) of thread TID from
 *   signals perf TID       a ring buffer (perf buffer) until a poll returns
 *                          -EINTR, then the count
 *   signals ignore         a handler that does not end the guest: the
 *                          host ends it after its grace period */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "ringbuf.skel.h"

static volatile sig_atomic_t exiting;
static volatile sig_atomic_t received;

static void sig_handler(int sig)
{
	exiting = 1;
	received = sig;
}

static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "none";
}

/* The even seqs: what the BPF side puts in ring `even`. */
struct seq_record {
	__u64 seq;
	__u32 tid;
	__u32 kind;
	__u8 payload[48];
};

static int records;

static int handle_record(void *ctx, void *data, size_t size)
{
	const struct seq_record *r = data;
	printf("seq %llu\n", (unsigned long long)r->seq);
	records++;
	return 0;
}

static void handle_sample(void *ctx, int cpu, void *data, __u32 size)
{
	handle_record(ctx, data, size);
}

static int sleep_until_signal(void)
{
	struct timespec request = { .tv_sec = 1000 }, left = { 0 };

	printf("ready\n");
	fflush(stdout);
	int ret = nanosleep(&request, &left);
	int err = errno;
	printf("handler ran: %s, exiting %d\n", signal_name(received), (int)exiting);
	printf("nanosleep returned %d, errno %d (%s), time left: %s\n", ret, err, strerror(err),
	       left.tv_sec > 0 ? "yes" : "no");
	return 0;
}

static int poll_until_signal(const char *kind, const char *tid)
{
	struct ringbuf_bpf *skel = ringbuf_bpf__open();
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	int err;

	if (!skel)
		return 1;
	bool perf = !strcmp(kind, "perf");
	skel->rodata->target_tid = (__u32)strtoul(tid, NULL, 10);
	skel->rodata->use_perf = perf;
	err = ringbuf_bpf__load(skel);
	if (!err)
		err = ringbuf_bpf__attach(skel);
	if (err)
		goto cleanup;
	if (perf)
		pb = perf_buffer__new(bpf_map__fd(skel->maps.samples), 8, handle_sample, NULL, NULL, NULL);
	else
		rb = ring_buffer__new(bpf_map__fd(skel->maps.even), handle_record, NULL, NULL);
	if (!rb && !pb) {
		err = -errno;
		goto cleanup;
	}
	printf("ready\n");
	fflush(stdout);
	while (!exiting) {
		err = perf ? perf_buffer__poll(pb, -1) : ring_buffer__poll(rb, -1);
		fflush(stdout);
		if (err == -EINTR) {
			err = 0;
			break;
		}
		if (err < 0) {
			printf("poll failed: %d\n", err);
			break;
		}
	}
	printf("%s poll interrupted by %s after %d records\n", kind, signal_name(received), records);
cleanup:
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	ringbuf_bpf__destroy(skel);
	return err != 0;
}

int main(int argc, char **argv)
{
	if (signal(SIGINT, sig_handler) == SIG_ERR || signal(SIGTERM, sig_handler) == SIG_ERR) {
		fprintf(stderr, "can't set signal handler: %s\n", strerror(errno));
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "sleep"))
		return sleep_until_signal();
	if (argc == 3 && (!strcmp(argv[1], "ring") || !strcmp(argv[1], "perf")))
		return poll_until_signal(argv[1], argv[2]);
	if (argc == 2 && !strcmp(argv[1], "ignore")) {
		printf("ready\n");
		fflush(stdout);
		for (;;) {
			sleep(1000);
			printf("handler ran: %s, going on\n", signal_name(received));
			fflush(stdout);
		}
	}
	fprintf(stderr, "usage: signals sleep | ring TID | perf TID | ignore\n");
	return 2;
}
