/* Extensions (wasi:bpf/freplace): bpf_program__set_attach_target with a
 * target program, named by the handle bpf_program__fd gives, and
 * bpf_program__attach_freplace. The host judges an extension as the
 * program it extends. */
#include "internal.h"

/* The program behind handle `fd` (bpf_program__fd's), loaded, as the
 * host names it; -errno, said, for another handle. */
static int target_program(int fd, wasi_bpf_bpf_object_borrow_program_t *out)
{
	struct bpf_program *target = sdk_handle_get(fd, SDK_HANDLE_PROGRAM);
	if (!target)
		return -errno;
	return sdk_program_handle(target, out);
}

int sdk_set_attach_target_program(struct bpf_program *prog, int attach_prog_fd, const char *attach_func_name)
{
	if (!attach_func_name)
		return sdk_fail_with(EINVAL, "program '%s': an extension needs the function it replaces", prog->name);
	wasi_bpf_bpf_object_borrow_program_t target;
	int ret = target_program(attach_prog_fd, &target);
	if (ret)
		return ret;
	sdk_string_t name = sdk_str(prog->name);
	sdk_string_t function = sdk_str(attach_func_name);
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_freplace_set_attach_target_program(wasi_bpf_bpf_object_borrow_object(prog->obj->handle), &name, target,
							 &function, &err))
		return sdk_fail_warn(&err, prog->name);
	return 0;
}

struct bpf_link *bpf_program__attach_freplace(const struct bpf_program *prog, int target_fd, const char *attach_func_name)
{
	/* As libbpf: only an extension; no target and no function is the
	 * one it was loaded for; one without the other is refused. */
	if (prog && bpf_program__type(prog) != BPF_PROG_TYPE_EXT) {
		sdk_fail_with(EINVAL, "program '%s' is no extension (BPF_PROG_TYPE_EXT) to attach as freplace", prog->name);
		return NULL;
	}
	if (prog && !target_fd && !attach_func_name)
		return bpf_program__attach(prog);
	if (!prog || !target_fd || !attach_func_name) {
		sdk_fail_with(EINVAL, "bpf_program__attach_freplace needs a program, and both or neither of a target and a function name");
		return NULL;
	}
	wasi_bpf_bpf_object_borrow_program_t self, target;
	if (sdk_program_handle((struct bpf_program *)prog, &self) || target_program(target_fd, &target))
		return NULL;
	sdk_string_t function = sdk_str(attach_func_name);
	wasi_bpf_bpf_object_own_link_t handle;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_freplace_attach_freplace(self, target, &function, &handle, &err)) {
		sdk_fail_warn(&err, prog->name);
		return NULL;
	}
	return sdk_link_new(prog->obj, handle);
}
