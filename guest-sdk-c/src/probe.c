/* Feature probes over wasi:bpf/probe: libbpf's libbpf_probe_bpf_*
 * (<bpf/libbpf.h>) and libbpf-tools' tracepoint_exists, kprobe_exists,
 * fentry_can_attach, probe_tp_btf ... (<wasi_bpf/trace_helpers.h>);
 * module_btf_exists over wasi:bpf/btf. */
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <wasi_bpf/trace_helpers.h>

#include "internal.h"

/* The WIT cases are the kernel's numbers; `other` carries the rest. */
static wasi_bpf_types_program_type_t wit_program_type(enum bpf_prog_type type)
{
	wasi_bpf_types_program_type_t t = { 0 };
	if ((unsigned)type < WASI_BPF_TYPES_PROGRAM_TYPE_OTHER) {
		t.tag = (uint8_t)type;
	} else {
		t.tag = WASI_BPF_TYPES_PROGRAM_TYPE_OTHER;
		t.val.other = (uint32_t)type;
	}
	return t;
}

wasi_bpf_types_map_type_t sdk_wit_map_type(enum bpf_map_type type)
{
	wasi_bpf_types_map_type_t t = { 0 };
	if ((unsigned)type < WASI_BPF_TYPES_MAP_TYPE_OTHER) {
		t.tag = (uint8_t)type;
	} else {
		t.tag = WASI_BPF_TYPES_MAP_TYPE_OTHER;
		t.val.other = (uint32_t)type;
	}
	return t;
}

/* libbpf's convention: 1 yes, 0 no, -errno. */
static int answer(bool ok, bool yes, wasi_bpf_types_error_t *err)
{
	if (!ok)
		return sdk_fail(err);
	return yes ? 1 : 0;
}

int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts)
{
	if (opts)
		return sdk_fail_with(EINVAL, "libbpf_probe_bpf_prog_type: opts must be NULL");
	wasi_bpf_types_program_type_t t = wit_program_type(prog_type);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_program_type_supported(&t, &yes, &err);
	return answer(ok, yes, &err);
}

int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts)
{
	if (opts)
		return sdk_fail_with(EINVAL, "libbpf_probe_bpf_map_type: opts must be NULL");
	wasi_bpf_types_map_type_t t = sdk_wit_map_type(map_type);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_map_type_supported(&t, &yes, &err);
	return answer(ok, yes, &err);
}

int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id, const void *opts)
{
	if (opts)
		return sdk_fail_with(EINVAL, "libbpf_probe_bpf_helper: opts must be NULL");
	wasi_bpf_types_program_type_t t = wit_program_type(prog_type);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_helper_supported(&t, (uint32_t)helper_id, &yes, &err);
	return answer(ok, yes, &err);
}

/* The helpers of trace_helpers.h answer true or false: an error (a name
 * the host refuses, no BTF) is false, with libbpf_wasm_last_error() set. */
static bool yes_or_no(bool ok, bool yes, wasi_bpf_types_error_t *err)
{
	if (!ok) {
		sdk_fail(err);
		return false;
	}
	return yes;
}

bool tracepoint_exists(const char *category, const char *event)
{
	if (!category || !event)
		return false;
	sdk_string_t c = sdk_str(category), e = sdk_str(event);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_tracepoint_exists(&c, &e, &yes, &err);
	return yes_or_no(ok, yes, &err);
}

bool kprobe_exists(const char *name)
{
	if (!name)
		return false;
	sdk_string_t n = sdk_str(name);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_kernel_function_exists(&n, &yes, &err);
	return yes_or_no(ok, yes, &err);
}

bool fentry_can_attach(const char *name, const char *mod)
{
	/* Functions of modules need the module's BTF: not probed yet. */
	if (!name || mod)
		return false;
	sdk_string_t n = sdk_str(name);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_fentry_can_attach(&n, &yes, &err);
	return yes_or_no(ok, yes, &err);
}

static bool btf_type_exists(wasi_bpf_probe_btf_kind_t kind, const char *name)
{
	sdk_string_t n = sdk_str(name);
	wasi_bpf_types_error_t err;
	bool yes = false;
	bool ok = wasi_bpf_probe_btf_type_exists(kind, &n, &yes, &err);
	return yes_or_no(ok, yes, &err);
}

bool probe_tp_btf(const char *name)
{
	char typedef_name[256];
	if (!name || snprintf(typedef_name, sizeof(typedef_name), "btf_trace_%s", name) >= (int)sizeof(typedef_name))
		return false;
	/* libbpf's probe of BPF_PROG_TYPE_TRACING loads an fentry-shaped
	 * program, which kernels that refuse fentry (lockdown, an LSM) deny
	 * while they load tp_btf programs: the kernel's BTF decides alone. */
	return btf_type_exists(WASI_BPF_PROBE_BTF_KIND_TYPEDEF, typedef_name);
}

bool vmlinux_btf_exists(void)
{
	return btf_type_exists(WASI_BPF_PROBE_BTF_KIND_INT, "int");
}

bool module_btf_exists(const char *mod)
{
	if (!mod)
		return false;
	sdk_list_string_t names;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_btf_module_names(&names, &err)) {
		sdk_fail(&err);
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < names.len && !found; i++)
		found = names.ptr[i].len == strlen(mod) && !memcmp(names.ptr[i].ptr, mod, names.ptr[i].len);
	sdk_list_string_free(&names);
	return found;
}

bool probe_ringbuf(void)
{
	return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1;
}

bool probe_bpf_ns_current_pid_tgid(void)
{
	return libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_ns_current_pid_tgid, NULL) == 1;
}
