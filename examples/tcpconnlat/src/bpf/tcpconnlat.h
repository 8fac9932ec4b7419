/* The event tcpconnlat.bpf.c sends for each TCP connect that completed:
 * fixed-width fields and explicit padding, mirrored by the skeleton. */
#ifndef TCPCONNLAT_H
#define TCPCONNLAT_H

#define TASK_COMM_LEN 16

struct event {
	/* IPv4 addresses use the first 4 bytes. */
	__u8 saddr[16];
	__u8 daddr[16];
	char comm[TASK_COMM_LEN];
	__u64 delta_us;
	__u64 ts_us;
	__u32 tgid;
	__u16 af;
	__u16 lport;
	/* Network byte order, as the socket keeps it. */
	__u16 dport;
	__u16 pad[3];
};

#endif
