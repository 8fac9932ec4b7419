/* sockops: prints the TCP connections of the processes of a cgroup as
 * they are established and change state, from a sock_ops program, as a
 * wasi:bpf guest.
 *
 * Usage: sockops [-c CGROUP] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/libbpf.h>

/* The wasm32 mirrors of the types sockops.bpf.c keeps to itself. */
#include "sockops.types.h"
#include "sockops.skel.h"

/* The ops of <linux/bpf.h> the BPF side reports. */
#define BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB 4
#define BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB 5
#define BPF_SOCK_OPS_STATE_CB 10

/* Relative to the cgroup v2 mount, which is /sys/fs/cgroup on most
 * systems but not all (hybrid ones mount it at /sys/fs/cgroup/unified). */
static const char *cgroup = ".";

static void usage(FILE *out)
{
	fprintf(out, "usage: sockops [-c CGROUP]\n"
		     "Prints the IPv4 TCP connections of the processes in CGROUP as they are established\n"
		     "and change state.\n"
		     "  -c CGROUP  a cgroup v2 directory: absolute, or relative to the cgroup v2 mount\n"
		     "             (default: the root of the cgroup v2 hierarchy, every process)\n");
}

static const char *op_name(uint32_t op)
{
	switch (op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
		return "ACTIVE_ESTABLISHED";
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		return "PASSIVE_ESTABLISHED";
	case BPF_SOCK_OPS_STATE_CB:
		return "STATE_CHANGE";
	default:
		return "?";
	}
}

/* Indexed by the BPF_TCP_* states of <linux/bpf.h>. */
static const char *const state_names[] = {
	"?",	     "ESTABLISHED", "SYN_SENT", "SYN_RECV",	"FIN_WAIT1",	"FIN_WAIT2",	   "TIME_WAIT",
	"CLOSE",     "CLOSE_WAIT",  "LAST_ACK", "LISTEN",	"CLOSING",	"NEW_SYN_RECV", "BOUND_INACTIVE",
};

static const char *state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : "?";
}

/* `addr` is in network byte order: its bytes are the dotted quad's. */
static void format_endpoint(uint32_t addr, uint16_t port, char buf[22])
{
	const uint8_t *b = (const uint8_t *)&addr;
	snprintf(buf, 22, "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], port);
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct sockops_event *e = data;
	char local[22], remote[22], state[32];

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	format_endpoint(e->local_addr, e->local_port, local);
	format_endpoint(e->remote_addr, e->remote_port, remote);
	if (e->op == BPF_SOCK_OPS_STATE_CB)
		snprintf(state, sizeof(state), "%s->%s", state_name(e->old_state), state_name(e->new_state));
	else
		snprintf(state, sizeof(state), "%s", state_name(e->new_state));
	printf("%-20s %-21s %-21s %s\n", op_name(e->op), local, remote, state);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct sockops_bpf *skel;
	int opt, err;

	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		switch (opt) {
		case 'c':
			cgroup = optarg;
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

	skel = sockops_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "sockops: failed to open and load BPF skeleton: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	skel->links.tcp_sockops = bpf_program__attach_cgroup_path(skel->progs.tcp_sockops, cgroup);
	if (!skel->links.tcp_sockops) {
		err = -errno;
		fprintf(stderr, "sockops: failed to attach to cgroup %s: %s\n", cgroup, libbpf_wasm_last_error());
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), handle_event, NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "sockops: failed to create ring buffer: %s\n", libbpf_wasm_last_error());
		goto cleanup;
	}

	printf("%-20s %-21s %-21s %s\n", "OP", "LADDR:LPORT", "RADDR:RPORT", "STATE");
	for (;;) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0) {
			fprintf(stderr, "sockops: error polling ring buffer: %s\n", libbpf_wasm_last_error());
			break;
		}
	}

cleanup:
	ring_buffer__free(rb);
	sockops_bpf__destroy(skel);
	return err < 0 ? -err : 0;
}
