/* A TCP socket's state change, as the sock/inet_sock_set_state tracepoint
 * gives it: addresses in the first 4 (IPv4) or 16 (IPv6) bytes. */
#ifndef TCPSTATES_H
#define TCPSTATES_H

struct tcpstates_event {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 family;
	__u16 protocol;
	__u16 sport;
	__u16 dport;
	__s32 oldstate;
	__s32 newstate;
};

#endif
