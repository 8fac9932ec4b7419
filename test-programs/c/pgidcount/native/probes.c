// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The native build's feature probes, which a guest asks the host
 * (wasi:bpf/probe): fentry_can_attach, kprobe_exists and
 * tracepoint_exists under trace_helpers.h's names, answered the way the
 * host answers them (host/src/probe.rs), so that the kernel test can
 * compare the guest's lines with a native tool's. Test code, written for
 * this project; not part of the SDK. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <linux/bpf.h>
#include "trace_helpers.h"

static const char *const tracefs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

bool tracepoint_exists(const char *category, const char *event)
{
	char path[256];

	for (size_t i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s/format", tracefs[i], category, event);
		if (!access(path, F_OK))
			return true;
	}
	return false;
}

/* tracefs's available_filter_functions where it can be read, else a text
 * symbol of /proc/kallsyms. */
bool kprobe_exists(const char *name)
{
	char path[256], line[512], sym[256], type;
	bool found = false;
	FILE *f = NULL;

	for (size_t i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]) && !f; i++) {
		snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs[i]);
		f = fopen(path, "r");
	}
	if (f) {
		while (!found && fgets(line, sizeof(line), f))
			found = sscanf(line, "%255s", sym) == 1 && !strcmp(sym, name);
		fclose(f);
		return found;
	}
	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %c %255s", &type, sym) == 2 && (type == 't' || type == 'T') &&
			!strcmp(sym, name);
	fclose(f);
	return found;
}

/* Whether the kernel loads an fentry program on `name` (vmlinux only). */
bool fentry_can_attach(const char *name, const char *mod)
{
	/* r0 = 0; exit */
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct btf *vmlinux;
	int id, fd;

	if (mod)
		return false;
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return false;
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC);
	btf__free(vmlinux);
	if (id <= 0)
		return false;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY, .attach_btf_id = id);
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "probe_fentry", "GPL", insns, 2, &opts);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}
