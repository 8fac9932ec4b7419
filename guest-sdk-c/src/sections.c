/* What libbpf makes of an ELF section name (1.1's sections, and later
 * ones' multi and session probes): the program type and expected
 * attach type (libbpf_prog_type_by_name, libbpf_attach_type_by_name),
 * whether bpf_object__attach_skeleton
 * attaches it, and (as the table's traits, for the reader: the host's
 * libbpf sets them) the load flags it implies. The host's libbpf reads
 * the object's sections itself; this table answers guests that ask. */
#include <string.h>

#include "internal.h"

enum section_traits {
	/* bpf_prog_attach takes it: libbpf_attach_type_by_name answers. */
	ATTACHABLE = 1 << 0,
	/* libbpf has an attach function for it (bpf_program__attach). */
	AUTOATTACH = 1 << 1,
	/* ... which needs the target in the name ("kprobe/func"): a bare
	 * "kprobe" is not attached by the skeleton. */
	TARGET_IN_NAME = 1 << 2,
	SLEEPABLE = 1 << 3,
	XDP_FRAGS = 1 << 4,
};

/* Sections ending in '+' match the name alone or followed by '/...';
 * ending in '/' match as a prefix; else exactly. First match wins. */
static const struct section {
	const char *name;
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	unsigned traits;
} sections[] = {
#define PROBE (AUTOATTACH | TARGET_IN_NAME)
	{ "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, 0 },
	{ "sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, ATTACHABLE },
	{ "sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATTACHABLE },
	{ "kprobe+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "uprobe+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "uprobe.s+", BPF_PROG_TYPE_KPROBE, 0, PROBE | SLEEPABLE },
	{ "kretprobe+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "uretprobe+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "uretprobe.s+", BPF_PROG_TYPE_KPROBE, 0, PROBE | SLEEPABLE },
	{ "kprobe.multi+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PROBE },
	{ "kretprobe.multi+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PROBE },
	{ "kprobe.session+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_SESSION, PROBE },
	{ "uprobe.multi+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, PROBE },
	{ "uretprobe.multi+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, PROBE },
	{ "uprobe.multi.s+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, PROBE | SLEEPABLE },
	{ "uretprobe.multi.s+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, PROBE | SLEEPABLE },
	{ "uprobe.session+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_SESSION, PROBE },
	{ "uprobe.session.s+", BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_SESSION, PROBE | SLEEPABLE },
	{ "ksyscall+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "kretsyscall+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "usdt+", BPF_PROG_TYPE_KPROBE, 0, PROBE },
	{ "tc", BPF_PROG_TYPE_SCHED_CLS, 0, 0 },
	{ "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, 0 },
	{ "action", BPF_PROG_TYPE_SCHED_ACT, 0, 0 },
	{ "tracepoint+", BPF_PROG_TYPE_TRACEPOINT, 0, PROBE },
	{ "tp+", BPF_PROG_TYPE_TRACEPOINT, 0, PROBE },
	{ "raw_tracepoint+", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PROBE },
	{ "raw_tp+", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PROBE },
	{ "raw_tracepoint.w+", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PROBE },
	{ "raw_tp.w+", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PROBE },
	{ "tp_btf+", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, AUTOATTACH },
	{ "fentry+", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, AUTOATTACH },
	{ "fmod_ret+", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, AUTOATTACH },
	{ "fexit+", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, AUTOATTACH },
	{ "fentry.s+", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, AUTOATTACH | SLEEPABLE },
	{ "fmod_ret.s+", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, AUTOATTACH | SLEEPABLE },
	{ "fexit.s+", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, AUTOATTACH | SLEEPABLE },
	{ "freplace+", BPF_PROG_TYPE_EXT, 0, AUTOATTACH },
	{ "lsm+", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, AUTOATTACH },
	{ "lsm.s+", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, AUTOATTACH | SLEEPABLE },
	{ "lsm_cgroup+", BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, 0 },
	{ "iter+", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, AUTOATTACH },
	{ "iter.s+", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, AUTOATTACH | SLEEPABLE },
	{ "syscall", BPF_PROG_TYPE_SYSCALL, 0, SLEEPABLE },
	{ "xdp.frags/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, XDP_FRAGS },
	{ "xdp/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, ATTACHABLE },
	{ "xdp.frags/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, XDP_FRAGS },
	{ "xdp/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, ATTACHABLE },
	{ "xdp.frags", BPF_PROG_TYPE_XDP, BPF_XDP, XDP_FRAGS },
	{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP, ATTACHABLE },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, 0 },
	{ "lwt_in", BPF_PROG_TYPE_LWT_IN, 0, 0 },
	{ "lwt_out", BPF_PROG_TYPE_LWT_OUT, 0, 0 },
	{ "lwt_xmit", BPF_PROG_TYPE_LWT_XMIT, 0, 0 },
	{ "lwt_seg6local", BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, 0 },
	{ "sockops", BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, ATTACHABLE },
	{ "sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, ATTACHABLE },
	{ "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, ATTACHABLE },
	{ "sk_skb", BPF_PROG_TYPE_SK_SKB, 0, 0 },
	{ "sk_msg", BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, ATTACHABLE },
	{ "lirc_mode2", BPF_PROG_TYPE_LIRC_MODE2, BPF_LIRC_MODE2, ATTACHABLE },
	{ "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, ATTACHABLE },
	{ "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, ATTACHABLE },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, ATTACHABLE },
	{ "cgroup/skb", BPF_PROG_TYPE_CGROUP_SKB, 0, 0 },
	{ "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATTACHABLE },
	{ "cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, ATTACHABLE },
	{ "cgroup/sock", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATTACHABLE },
	{ "cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, ATTACHABLE },
	{ "cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, ATTACHABLE },
	{ "cgroup/bind4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATTACHABLE },
	{ "cgroup/bind6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, ATTACHABLE },
	{ "cgroup/connect4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, ATTACHABLE },
	{ "cgroup/connect6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, ATTACHABLE },
	{ "cgroup/sendmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, ATTACHABLE },
	{ "cgroup/sendmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, ATTACHABLE },
	{ "cgroup/recvmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, ATTACHABLE },
	{ "cgroup/recvmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, ATTACHABLE },
	{ "cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, ATTACHABLE },
	{ "cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, ATTACHABLE },
	{ "cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, ATTACHABLE },
	{ "cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, ATTACHABLE },
	{ "cgroup/sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATTACHABLE },
	{ "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATTACHABLE },
	{ "cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, ATTACHABLE },
	{ "cgroup/dev", BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, ATTACHABLE },
	{ "struct_ops+", BPF_PROG_TYPE_STRUCT_OPS, 0, 0 },
	{ "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, ATTACHABLE },
#undef PROBE
};

static bool matches(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);
	if (pattern[len - 1] == '/')
		return !strncmp(name, pattern, len);
	if (pattern[len - 1] == '+')
		return !strncmp(name, pattern, len - 1) && (name[len - 1] == '\0' || name[len - 1] == '/');
	return !strcmp(name, pattern);
}

static const struct section *find(const char *name)
{
	/* libbpf's "?" prefix only turns autoload off. */
	if (name && name[0] == '?')
		name++;
	for (size_t i = 0; name && i < sizeof(sections) / sizeof(sections[0]); i++)
		if (matches(sections[i].name, name))
			return &sections[i];
	return NULL;
}

int libbpf_prog_type_by_name(const char *name, enum bpf_prog_type *prog_type,
			     enum bpf_attach_type *expected_attach_type)
{
	if (!name || !prog_type || !expected_attach_type)
		return sdk_fail_with(EINVAL, "libbpf_prog_type_by_name needs a name and two results");
	const struct section *s = find(name);
	if (!s)
		return sdk_fail_with(ESRCH, "no program type for section '%s'", name);
	*prog_type = s->type;
	*expected_attach_type = s->attach;
	return 0;
}

int libbpf_attach_type_by_name(const char *name, enum bpf_attach_type *attach_type)
{
	if (!name || !attach_type)
		return sdk_fail_with(EINVAL, "libbpf_attach_type_by_name needs a name and a result");
	const struct section *s = find(name);
	if (!s || !(s->traits & ATTACHABLE))
		return sdk_fail_with(EINVAL, "section '%s' is not one bpf_prog_attach takes", name);
	*attach_type = s->attach;
	return 0;
}

bool sdk_section_autoattach(const char *section)
{
	const struct section *s = find(section);
	if (!s || !(s->traits & AUTOATTACH))
		return false;
	if (section[0] == '?')
		section++;
	return !(s->traits & TARGET_IN_NAME) || strchr(section, '/');
}

