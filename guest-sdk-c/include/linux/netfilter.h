/* <linux/netfilter.h> for guests: the verdicts, hooks and protocol
 * families a netfilter program and bpf_program__attach_netfilter's
 * bpf_netfilter_opts use (the kernel's values). */
#ifndef WASI_BPF_LINUX_NETFILTER_H
#define WASI_BPF_LINUX_NETFILTER_H

/* What a netfilter program returns. */
#define NF_DROP 0
#define NF_ACCEPT 1

/* bpf_netfilter_opts.hooknum. */
enum nf_inet_hooks {
	NF_INET_PRE_ROUTING,
	NF_INET_LOCAL_IN,
	NF_INET_FORWARD,
	NF_INET_LOCAL_OUT,
	NF_INET_POST_ROUTING,
	NF_INET_NUMHOOKS,
	NF_INET_INGRESS = NF_INET_NUMHOOKS,
};

/* bpf_netfilter_opts.pf: netfilter links take IPv4 and IPv6. */
enum {
	NFPROTO_UNSPEC = 0,
	NFPROTO_INET = 1,
	NFPROTO_IPV4 = 2,
	NFPROTO_ARP = 3,
	NFPROTO_NETDEV = 5,
	NFPROTO_BRIDGE = 7,
	NFPROTO_IPV6 = 10,
	NFPROTO_NUMPROTO,
};

#endif
