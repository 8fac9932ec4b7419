/* bpf_prog_test_run_opts over program.test-run: libbpf's in/out buffers
 * become the sizes the host returns at most. */
#include <string.h>

#include <bpf/bpf.h>

#include "internal.h"

/* The kernel's BPF_F_TEST_RUN_ON_CPU and BPF_F_TEST_XDP_LIVE_FRAMES
 * (uapi/linux/bpf.h): the flags wasi:bpf names, as its `cpu` and
 * `test-run-flags`. */
#define TEST_RUN_ON_CPU (1U << 0)
#define TEST_XDP_LIVE_FRAMES (1U << 1)

/* Copies what the host returned into the caller's buffer of `*size`
 * bytes and sets `*size` to its length, as the kernel does. */
static int give_back(const sdk_list_u8_t *got, void *buf, __u32 *size)
{
	if (!buf)
		return 0;
	if (got->len > *size) {
		memcpy(buf, got->ptr, *size);
		*size = (__u32)got->len;
		return sdk_fail_with(ENOSPC, "test run: the output does not fit in %u bytes", *size);
	}
	memcpy(buf, got->ptr, got->len);
	*size = (__u32)got->len;
	return 0;
}

int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts)
{
	struct bpf_program *prog = sdk_handle_get(prog_fd, SDK_HANDLE_PROGRAM);
	wasi_bpf_bpf_object_borrow_program_t self;
	int ret;
	if (!prog)
		return -errno;
	if (!opts)
		return sdk_fail_with(EINVAL, "test run: no options");
	if (opts->repeat < 0)
		return sdk_fail_with(EINVAL, "test run: negative repeat");
	if (opts->flags & ~(TEST_RUN_ON_CPU | TEST_XDP_LIVE_FRAMES))
		return sdk_fail_with(EINVAL, "test run: flags %#x are not BPF_F_TEST_* bits wasi:bpf names",
				     opts->flags & ~(TEST_RUN_ON_CPU | TEST_XDP_LIVE_FRAMES));
	if ((ret = sdk_program_handle(prog, &self)))
		return ret;
	wasi_bpf_bpf_object_test_run_input_t input = {
		.data = sdk_bytes(opts->data_in, opts->data_in ? opts->data_size_in : 0),
		/* The kernel fails with ENOSPC what does not fit. */
		.data_out_size = opts->data_out ? opts->data_size_out : 0,
		.context = sdk_bytes(opts->ctx_in, opts->ctx_in ? opts->ctx_size_in : 0),
		.context_out_size = opts->ctx_out ? opts->ctx_size_out : 0,
		.repeat = (uint32_t)opts->repeat,
		.flags = (opts->flags & TEST_XDP_LIVE_FRAMES) ? WASI_BPF_BPF_OBJECT_TEST_RUN_FLAGS_LIVE_FRAMES : 0,
		.cpu = { .is_some = (opts->flags & TEST_RUN_ON_CPU) != 0, .val = opts->cpu },
	};
	wasi_bpf_bpf_object_test_run_output_t out;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_bpf_object_method_program_test_run(self, &input, &out, &err))
		return sdk_fail(&err);
	opts->retval = out.return_value;
	opts->duration = out.duration_ns > UINT32_MAX ? UINT32_MAX : (__u32)out.duration_ns;
	ret = give_back(&out.data, opts->data_out, &opts->data_size_out);
	if (!ret)
		ret = give_back(&out.context, opts->ctx_out, &opts->ctx_size_out);
	wasi_bpf_bpf_object_test_run_output_free(&out);
	return ret;
}
