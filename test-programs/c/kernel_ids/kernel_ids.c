// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* kernel_ids FOREIGN_BTF_ID FOREIGN_LINK_ID: links and BTF objects by id,
 * within the guest's own view. Over conformance/bpf/attach.bpf.c it
 * attaches count_xdp to lo (an XDP link), count_raw_tp (a raw tracepoint
 * link) and count_tp (a perf event link), then prints what the walks of
 * program, link and BTF ids find and what the info calls say of them,
 * the object's BTF by id and a type found in it, the kernel's BTF by id,
 * and the refusals of the ids of another process's link and BTF (which
 * the test made natively). Then `ready`, and it waits for SIGTERM while
 * the test reads the same ids with bpftool. */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "attach.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static struct attach_bpf *open_and_load(void)
{
	struct attach_bpf *skel = attach_bpf__open();
	if (!skel)
		return NULL;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, prog == skel->progs.count_xdp || prog == skel->progs.count_raw_tp ||
							prog == skel->progs.count_tp);
	if (attach_bpf__load(skel)) {
		attach_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

static void print_progs(void)
{
	__u32 id = 0;
	while (!bpf_prog_get_next_id(id, &id)) {
		int fd = bpf_prog_get_fd_by_id(id);
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		if (fd < 0 || bpf_prog_get_info_by_fd(fd, &info, &len)) {
			printf("prog %u: %d\n", id, -errno);
			continue;
		}
		printf("prog %u %s\n", id, info.name);
		close(fd);
	}
}

static void print_links(void)
{
	__u32 id = 0;
	while (!bpf_link_get_next_id(id, &id)) {
		int fd = bpf_link_get_fd_by_id(id);
		char tp[64] = "";
		struct bpf_link_info info = { 0 };
		info.raw_tracepoint.tp_name = (__u64)(uintptr_t)tp;
		info.raw_tracepoint.tp_name_len = sizeof(tp);
		__u32 len = sizeof(info);
		/* bpf_obj_get_info_by_fd, as tools call it, on a link. */
		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
			printf("link %u: %d\n", id, -errno);
			continue;
		}
		printf("link %u type=%u prog=%u", info.id, info.type, info.prog_id);
		if (info.type == BPF_LINK_TYPE_RAW_TRACEPOINT)
			printf(" tp=%s", tp);
		else if (info.type == BPF_LINK_TYPE_XDP)
			printf(" ifindex=%u", info.xdp.ifindex);
		printf("\n");
		close(fd);
	}
}

/* Prints every BTF id the guest sees; returns vmlinux's. */
static __u32 print_btfs(void)
{
	__u32 id = 0, vmlinux = 0;
	while (!bpf_btf_get_next_id(id, &id)) {
		int fd = bpf_btf_get_fd_by_id(id);
		char name[64] = "";
		struct bpf_btf_info info = { .name = (__u64)(uintptr_t)name, .name_len = sizeof(name) };
		__u32 len = sizeof(info);
		if (fd < 0 || bpf_btf_get_info_by_fd(fd, &info, &len)) {
			printf("btf %u: %d\n", id, -errno);
			continue;
		}
		printf("btf %u kernel=%u name=%s size=%u\n", info.id, info.kernel_btf, name[0] ? name : "-", info.btf_size);
		if (!strcmp(name, "vmlinux"))
			vmlinux = id;
		close(fd);
	}
	return vmlinux;
}

static void object_btf(struct bpf_object *obj)
{
	int fd = bpf_object__btf_fd(obj);
	struct bpf_btf_info info = { 0 };
	__u32 len = sizeof(info);
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
		printf("object-btf: %d\n", -errno);
		return;
	}
	/* The object's BTF's btf__fd is that handle, as libbpf's. */
	printf("object-btf %u size=%u btf__fd=%s\n", info.id, info.btf_size,
	       btf__fd(bpf_object__btf(obj)) == fd ? "same" : "other");
	/* Its bytes by id, as btf__load_from_kernel_by_id reads them. */
	void *bytes = malloc(info.btf_size);
	struct bpf_btf_info with_bytes = { .btf = (__u64)(uintptr_t)bytes, .btf_size = info.btf_size };
	len = sizeof(with_bytes);
	struct btf *by_id = btf__load_from_kernel_by_id(info.id);
	if (!bytes || bpf_btf_get_info_by_fd(fd, &with_bytes, &len) || !by_id) {
		printf("object-btf bytes: %d\n", -errno);
	} else {
		__u32 size;
		const void *raw = btf__raw_data(by_id, &size);
		printf("object-btf bytes %s, count_xdp=%d, object's count_xdp=%d\n",
		       size == info.btf_size && !memcmp(raw, bytes, size) ? "equal" : "differ",
		       btf__find_by_name_kind(by_id, "count_xdp", BTF_KIND_FUNC),
		       btf__find_by_name_kind(bpf_object__btf(obj), "count_xdp", BTF_KIND_FUNC));
	}
	free(bytes);
	btf__free(by_id);
}

static void kernel_btf(__u32 vmlinux_id)
{
	struct btf *vmlinux = btf__load_from_kernel_by_id(vmlinux_id);
	if (!vmlinux) {
		printf("vmlinux-btf: %d\n", -errno);
		return;
	}
	printf("vmlinux-btf %u task_struct=%d types=%u\n", vmlinux_id,
	       btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT), btf__type_cnt(vmlinux));
	/* A module's, split over the kernel's, if one is loaded. */
	__u32 id = 0;
	while (!bpf_btf_get_next_id(id, &id)) {
		int fd = bpf_btf_get_fd_by_id(id);
		char name[64] = "";
		struct bpf_btf_info info = { .name = (__u64)(uintptr_t)name, .name_len = sizeof(name) };
		__u32 len = sizeof(info);
		if (fd >= 0 && !bpf_btf_get_info_by_fd(fd, &info, &len) && info.kernel_btf && strcmp(name, "vmlinux")) {
			close(fd);
			struct btf *module = btf__load_from_kernel_by_id_split(id, vmlinux);
			printf("module-btf %u %s types=%u\n", id, name, module ? btf__type_cnt(module) : 0);
			btf__free(module);
			break;
		}
		close(fd);
	}
	btf__free(vmlinux);
}

static void refusals(__u32 foreign_btf, __u32 foreign_link)
{
	int fd = bpf_btf_get_fd_by_id(foreign_btf);
	printf("refused bpf_btf_get_fd_by_id %u: %d\n", foreign_btf, fd < 0 ? -errno : 0);
	struct btf *btf = btf__load_from_kernel_by_id(foreign_btf);
	printf("refused btf__load_from_kernel_by_id %u: %d %s\n", foreign_btf, btf ? 0 : -errno,
	       libbpf_wasm_last_error());
	btf__free(btf);
	fd = bpf_link_get_fd_by_id(foreign_link);
	printf("refused bpf_link_get_fd_by_id %u: %d\n", foreign_link, fd < 0 ? -errno : 0);
	/* What no handle is. */
	struct bpf_btf_info info;
	__u32 len = sizeof(info);
	printf("refused bpf_btf_get_info_by_fd 3: %d\n", bpf_btf_get_info_by_fd(3, &info, &len));
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kernel_ids FOREIGN_BTF_ID FOREIGN_LINK_ID\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_signal);
	struct attach_bpf *skel = open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to load: %s\n", libbpf_wasm_last_error());
		return 1;
	}
	/* Before load bpf_object__btf_fd is -1, as libbpf's. */
	struct bpf_link *xdp = bpf_program__attach_xdp(skel->progs.count_xdp, (int)if_nametoindex("lo"));
	struct bpf_link *raw_tp = bpf_program__attach(skel->progs.count_raw_tp);
	struct bpf_link *tp = bpf_program__attach(skel->progs.count_tp);
	if (!xdp || !raw_tp || !tp) {
		fprintf(stderr, "attach: %d %s\n", -errno, libbpf_wasm_last_error());
		return 1;
	}
	print_progs();
	print_links();
	__u32 vmlinux = print_btfs();
	object_btf(skel->obj);
	kernel_btf(vmlinux);
	refusals((__u32)strtoul(argv[1], NULL, 10), (__u32)strtoul(argv[2], NULL, 10));
	printf("ready\n");
	while (!stop)
		usleep(20000);
	bpf_link__destroy(tp);
	bpf_link__destroy(raw_tp);
	bpf_link__destroy(xdp);
	attach_bpf__destroy(skel);
	printf("done\n");
	return 0;
}
