/* <net/if.h> for guests: interface names and indexes of the host's network
 * namespace (wasi-libc has none), answered by the host
 * (wasi:bpf/system.network-interfaces). XDP and tc tools take an
 * interface by name and hand libbpf its index; the SDK hands the host the
 * name again (guest-sdk-c/src/network_interfaces.c). */
#ifndef WASI_BPF_NET_IF_H
#define WASI_BPF_NET_IF_H

#ifdef __cplusplus
extern "C" {
#endif

#define IF_NAMESIZE 16
#define IFNAMSIZ IF_NAMESIZE

struct if_nameindex {
	unsigned int if_index;
	char *if_name;
};

/* The index of interface `name`, or 0 (errno ENODEV) when there is none. */
unsigned int if_nametoindex(const char *name);
/* Writes the name of interface `index` (at most IF_NAMESIZE bytes with its
 * NUL) to `name` and returns it, or NULL (errno ENXIO). */
char *if_indextoname(unsigned int index, char *name);
/* Every interface, ended by an entry of index 0 and name NULL; free it
 * with if_freenameindex. NULL (errno set) on failure. */
struct if_nameindex *if_nameindex(void);
void if_freenameindex(struct if_nameindex *ptr);

#ifdef __cplusplus
}
#endif

#endif /* WASI_BPF_NET_IF_H */
