/* sockfilter: prints every IPv4 packet arriving on a network interface,
 * with its protocol, addresses and ports, like libbpf-bootstrap's
 * sockfilter, as a wasi:bpf guest. The host opens the raw packet socket
 * on the interface the filter is attached to.
 *
 * Usage: sockfilter [-i IFNAME] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types sockfilter.bpf.c keeps to itself. */
#include "sockfilter.types.h"
#include "sockfilter.skel.h"

#include "../include/ip_proto.h"

/* <linux/if_packet.h>: a packet this host sends. On loopback every packet
 * is seen twice, leaving and arriving; only the arrival is printed. */
#define PACKET_OUTGOING 4

static const char *ifname = "lo";

static void usage(FILE *out)
{
	fprintf(out, "usage: sockfilter [-i IFNAME]\n"
		     "Prints the protocol, addresses and ports of every IPv4 packet arriving on IFNAME.\n"
		     "  -i IFNAME  the network interface (default: lo)\n");
}

static const char *proto_name(uint8_t proto, char *buf, size_t size)
{
	const char *name = ip_proto_name(proto);
	if (name)
		return name;
	snprintf(buf, size, "%u", proto);
	return buf;
}

/* `addr` is in network byte order: its bytes are the dotted quad's. */
static void format_ipv4(uint32_t addr, char buf[16])
{
	const uint8_t *b = (const uint8_t *)&addr;
	snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct so_event *e = data;
	char src[16], dst[16], proto[4];

	(void)ctx;
	if (size < sizeof(*e) || e->pkt_type == PACKET_OUTGOING)
		return 0;
	format_ipv4(e->src_addr, src);
	format_ipv4(e->dst_addr, dst);
	/* The socket is bound to `ifname`: every event's ifindex is its own. */
	printf("interface: %s\tprotocol: %s\t%s:%u(src) -> %s:%u(dst)\n", ifname,
	       proto_name(e->ip_proto, proto, sizeof(proto)), src, e->src_port, dst, e->dst_port);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct sockfilter_bpf *skel;
	int opt, err;

	while ((opt = getopt(argc, argv, "i:h")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}

	skel = sockfilter_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "sockfilter: failed to open and load BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->links.socket_handler = bpf_program__attach_socket_filter_ifname(skel->progs.socket_handler, ifname);
	if (!skel->links.socket_handler) {
		err = -errno;
		fprintf(stderr, "sockfilter: failed to attach to %s: %s\n", ifname, libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "sockfilter: failed to create ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("Watching IPv4 packets arriving on %s; Ctrl-C to stop.\n", ifname);
	for (;;) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0) {
			fprintf(stderr, "sockfilter: error polling ring buffer: %s\n", libbpf_wasm_last_error());
			break;
		}
	}

cleanup:
	ring_buffer__free(rb);
	sockfilter_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
