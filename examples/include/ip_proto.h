/* IANA names of the IP protocol numbers the examples print, shared by
 * sockfilter and xdp. */
#ifndef EXAMPLES_IP_PROTO_H
#define EXAMPLES_IP_PROTO_H

/* The name of IP protocol `proto`, or NULL for one without a name here. */
static inline const char *ip_proto_name(unsigned proto)
{
	switch (proto) {
	case 0:
		return "HOPOPT";
	case 1:
		return "ICMP";
	case 2:
		return "IGMP";
	case 6:
		return "TCP";
	case 17:
		return "UDP";
	case 47:
		return "GRE";
	case 50:
		return "ESP";
	case 51:
		return "AH";
	case 58:
		return "ICMPv6";
	case 132:
		return "SCTP";
	default:
		return NULL;
	}
}

#endif
