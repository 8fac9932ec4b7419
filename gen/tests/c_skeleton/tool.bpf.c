/* The kernel side of the gen test's tool: maps keyed and valued by the
 * header's types, an event type, and (with NAMED_GLOBALS) globals of the
 * header's named types, of an anonymous struct and of an enum. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "tool.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct ident);
	__type(value, data_t);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, union addr);
	__type(value, struct hist);
} hists SEC(".maps");

/* The last event of each process, as libbpf-tools' maps of events. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct event);
} last_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

const volatile __u32 targ_pid = 0;
const volatile char targ_comm[TASK_COMM_LEN] = {};
__u64 total = 0;
/* Static: not in the skeleton, as with bpftool. */
static __u32 calls;

#ifdef NAMED_GLOBALS
struct hist global_hists[2] = {};
data_t totals = {};
union addr last_addr = {};
enum mode mode = MODE_ALL;
struct {
	__u32 seen;
	struct event last;
} state = {};
#endif

SEC("tracepoint/syscalls/sys_enter_getpgid")
int on_getpgid(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct event *e;

	if (targ_pid && targ_pid != pid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	e->ret = calls++;
	bpf_map_update_elem(&last_events, &pid, e, BPF_ANY);
	bpf_ringbuf_submit(e, 0);
	total++;
#ifdef NAMED_GLOBALS
	global_hists[0].slots[0]++;
	totals.count++;
	last_addr.v4 = pid;
	state.seen += mode;
#endif
	return 0;
}
