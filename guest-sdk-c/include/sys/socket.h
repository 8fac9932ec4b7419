/* <sys/socket.h> with Linux's address families and socket types.
 *
 * wasi-libc numbers AF_INET 1 and AF_INET6 2 (Linux: 2 and 10), SOCK_STREAM
 * 6 (Linux: 1): a family or a type read from the kernel (a `struct sock`,
 * a BPF event) compares right only against Linux's numbers, so a guest
 * gets those. The SDK translates where wasi-libc takes or gives one
 * (inet_ntop, inet_pton, accept4, getsockopt SOL_SOCKET / SO_TYPE:
 * guest-sdk-c/src/linux_libc.c). MSG_* and SHUT_* stay wasi-libc's. */
#ifndef WASI_BPF_SYS_SOCKET_H
#define WASI_BPF_SYS_SOCKET_H

#include_next <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

int accept4(int, struct sockaddr *__restrict, socklen_t *__restrict, int) __asm__("__wasi_bpf_accept4");
int getsockopt(int, int, int, void *__restrict, socklen_t *__restrict) __asm__("__wasi_bpf_getsockopt");

#ifdef __cplusplus
}
#endif

#undef AF_UNSPEC
#define AF_UNSPEC 0
#undef AF_UNIX
#define AF_UNIX 1
#undef AF_INET
#define AF_INET 2
#undef AF_AX25
#define AF_AX25 3
#undef AF_IPX
#define AF_IPX 4
#undef AF_APPLETALK
#define AF_APPLETALK 5
#undef AF_NETROM
#define AF_NETROM 6
#undef AF_BRIDGE
#define AF_BRIDGE 7
#undef AF_ATMPVC
#define AF_ATMPVC 8
#undef AF_X25
#define AF_X25 9
#undef AF_INET6
#define AF_INET6 10
#undef AF_ROSE
#define AF_ROSE 11
#undef AF_DECnet
#define AF_DECnet 12
#undef AF_NETBEUI
#define AF_NETBEUI 13
#undef AF_SECURITY
#define AF_SECURITY 14
#undef AF_KEY
#define AF_KEY 15
#undef AF_NETLINK
#define AF_NETLINK 16
#undef AF_PACKET
#define AF_PACKET 17
#undef AF_ASH
#define AF_ASH 18
#undef AF_ECONET
#define AF_ECONET 19
#undef AF_ATMSVC
#define AF_ATMSVC 20
#undef AF_RDS
#define AF_RDS 21
#undef AF_SNA
#define AF_SNA 22
#undef AF_IRDA
#define AF_IRDA 23
#undef AF_PPPOX
#define AF_PPPOX 24
#undef AF_WANPIPE
#define AF_WANPIPE 25
#undef AF_LLC
#define AF_LLC 26
#undef AF_IB
#define AF_IB 27
#undef AF_MPLS
#define AF_MPLS 28
#undef AF_CAN
#define AF_CAN 29
#undef AF_TIPC
#define AF_TIPC 30
#undef AF_BLUETOOTH
#define AF_BLUETOOTH 31
#undef AF_IUCV
#define AF_IUCV 32
#undef AF_RXRPC
#define AF_RXRPC 33
#undef AF_ISDN
#define AF_ISDN 34
#undef AF_PHONET
#define AF_PHONET 35
#undef AF_IEEE802154
#define AF_IEEE802154 36
#undef AF_CAIF
#define AF_CAIF 37
#undef AF_ALG
#define AF_ALG 38
#undef AF_NFC
#define AF_NFC 39
#undef AF_VSOCK
#define AF_VSOCK 40
#undef AF_KCM
#define AF_KCM 41
#undef AF_QIPCRTR
#define AF_QIPCRTR 42
#undef AF_SMC
#define AF_SMC 43
#undef AF_XDP
#define AF_XDP 44
#undef AF_MCTP
#define AF_MCTP 45
#undef AF_MAX
#define AF_MAX 46
#undef AF_LOCAL
#define AF_LOCAL AF_UNIX
#undef AF_FILE
#define AF_FILE AF_UNIX
#undef AF_ROUTE
#define AF_ROUTE AF_NETLINK

#undef PF_UNSPEC
#define PF_UNSPEC AF_UNSPEC
#undef PF_UNIX
#define PF_UNIX AF_UNIX
#undef PF_INET
#define PF_INET AF_INET
#undef PF_AX25
#define PF_AX25 AF_AX25
#undef PF_IPX
#define PF_IPX AF_IPX
#undef PF_APPLETALK
#define PF_APPLETALK AF_APPLETALK
#undef PF_NETROM
#define PF_NETROM AF_NETROM
#undef PF_BRIDGE
#define PF_BRIDGE AF_BRIDGE
#undef PF_ATMPVC
#define PF_ATMPVC AF_ATMPVC
#undef PF_X25
#define PF_X25 AF_X25
#undef PF_INET6
#define PF_INET6 AF_INET6
#undef PF_ROSE
#define PF_ROSE AF_ROSE
#undef PF_DECnet
#define PF_DECnet AF_DECnet
#undef PF_NETBEUI
#define PF_NETBEUI AF_NETBEUI
#undef PF_SECURITY
#define PF_SECURITY AF_SECURITY
#undef PF_KEY
#define PF_KEY AF_KEY
#undef PF_NETLINK
#define PF_NETLINK AF_NETLINK
#undef PF_PACKET
#define PF_PACKET AF_PACKET
#undef PF_ASH
#define PF_ASH AF_ASH
#undef PF_ECONET
#define PF_ECONET AF_ECONET
#undef PF_ATMSVC
#define PF_ATMSVC AF_ATMSVC
#undef PF_RDS
#define PF_RDS AF_RDS
#undef PF_SNA
#define PF_SNA AF_SNA
#undef PF_IRDA
#define PF_IRDA AF_IRDA
#undef PF_PPPOX
#define PF_PPPOX AF_PPPOX
#undef PF_WANPIPE
#define PF_WANPIPE AF_WANPIPE
#undef PF_LLC
#define PF_LLC AF_LLC
#undef PF_IB
#define PF_IB AF_IB
#undef PF_MPLS
#define PF_MPLS AF_MPLS
#undef PF_CAN
#define PF_CAN AF_CAN
#undef PF_TIPC
#define PF_TIPC AF_TIPC
#undef PF_BLUETOOTH
#define PF_BLUETOOTH AF_BLUETOOTH
#undef PF_IUCV
#define PF_IUCV AF_IUCV
#undef PF_RXRPC
#define PF_RXRPC AF_RXRPC
#undef PF_ISDN
#define PF_ISDN AF_ISDN
#undef PF_PHONET
#define PF_PHONET AF_PHONET
#undef PF_IEEE802154
#define PF_IEEE802154 AF_IEEE802154
#undef PF_CAIF
#define PF_CAIF AF_CAIF
#undef PF_ALG
#define PF_ALG AF_ALG
#undef PF_NFC
#define PF_NFC AF_NFC
#undef PF_VSOCK
#define PF_VSOCK AF_VSOCK
#undef PF_KCM
#define PF_KCM AF_KCM
#undef PF_QIPCRTR
#define PF_QIPCRTR AF_QIPCRTR
#undef PF_SMC
#define PF_SMC AF_SMC
#undef PF_XDP
#define PF_XDP AF_XDP
#undef PF_MCTP
#define PF_MCTP AF_MCTP
#undef PF_MAX
#define PF_MAX AF_MAX
#undef PF_LOCAL
#define PF_LOCAL AF_LOCAL
#undef PF_FILE
#define PF_FILE AF_FILE
#undef PF_ROUTE
#define PF_ROUTE AF_ROUTE

#undef SOCK_STREAM
#define SOCK_STREAM 1
#undef SOCK_DGRAM
#define SOCK_DGRAM 2
#undef SOCK_RAW
#define SOCK_RAW 3
#undef SOCK_RDM
#define SOCK_RDM 4
#undef SOCK_SEQPACKET
#define SOCK_SEQPACKET 5
#undef SOCK_DCCP
#define SOCK_DCCP 6
#undef SOCK_PACKET
#define SOCK_PACKET 10
#undef SOCK_NONBLOCK
#define SOCK_NONBLOCK 04000
#undef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#undef SOL_SOCKET
#define SOL_SOCKET 1

#endif
