// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tcpstates [-4|-6] [-p PORT]: TCP state changes, one line each:
 *   FAMILY SADDR SPORT DADDR DPORT OLDSTATE NEWSTATE
 * The family, read from the kernel's `struct sock`, is compared with
 * <sys/socket.h>'s AF_INET / AF_INET6 (for -4 / -6 and the FAMILY column)
 * and given to inet_ntop as it is. Built as a guest and natively from
 * this one source; the kernel test compares the two outputs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include "tcpstates.h"
#include "tcpstates.skel.h"

static const char *const states[] = {
	[1] = "ESTABLISHED", [2] = "SYN_SENT",	 [3] = "SYN_RECV",   [4] = "FIN_WAIT1", [5] = "FIN_WAIT2",
	[6] = "TIME_WAIT",   [7] = "CLOSE",	 [8] = "CLOSE_WAIT", [9] = "LAST_ACK",	[10] = "LISTEN",
	[11] = "CLOSING",    [12] = "NEW_SYN_RECV",
};

static int family = AF_UNSPEC;
static int port = -1;

static const char *state(int s)
{
	return s > 0 && s < (int)(sizeof(states) / sizeof(states[0])) && states[s] ? states[s] : "UNKNOWN";
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct tcpstates_event *e = data;
	char saddr[INET6_ADDRSTRLEN], daddr[INET6_ADDRSTRLEN];

	if (family != AF_UNSPEC && e->family != family)
		return 0;
	if (port >= 0 && e->sport != port && e->dport != port)
		return 0;
	if (!inet_ntop(e->family, e->saddr, saddr, sizeof(saddr)) ||
	    !inet_ntop(e->family, e->daddr, daddr, sizeof(daddr))) {
		printf("family %u: inet_ntop: %s\n", e->family, strerror(errno));
		return 0;
	}
	printf("%s %s %s %u %s %u %s %s\n", e->family == AF_INET ? "IPv4" : e->family == AF_INET6 ? "IPv6" : "?",
	       e->protocol == IPPROTO_TCP ? "TCP" : "?", saddr, e->sport, daddr, e->dport, state(e->oldstate),
	       state(e->newstate));
	return 0;
}

int main(int argc, char **argv)
{
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "46p:")) != -1) {
		switch (opt) {
		case '4':
			family = AF_INET;
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: tcpstates [-4|-6] [-p PORT]\n");
			return 1;
		}
	}

	struct tcpstates_bpf *skel = tcpstates_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "open and load: %s\n", strerror(errno));
		return 1;
	}
	int err = tcpstates_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "attach: %s\n", strerror(-err));
		goto out;
	}
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "ring buffer: %s\n", strerror(errno));
		goto out;
	}
	printf("FAMILY PROTO SADDR SPORT DADDR DPORT OLDSTATE NEWSTATE\n");
	while ((err = ring_buffer__poll(rb, 100)) >= 0 || err == -EINTR)
		;
	fprintf(stderr, "poll: %s\n", strerror(-err));
	ring_buffer__free(rb);
out:
	tcpstates_bpf__destroy(skel);
	return err < 0;
}
