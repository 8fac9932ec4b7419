/* libbpf's error conventions (negative errno, errno set) over wasi:bpf's
 * error records, and the print function libbpf users configure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static _Thread_local char *last_message;
static _Thread_local char *last_verifier_log;

static int print_stderr(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

static libbpf_print_fn_t print_fn = print_stderr;

libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn)
{
	libbpf_print_fn_t old = print_fn;
	print_fn = fn;
	return old;
}

void sdk_print(enum libbpf_print_level level, const char *format, ...)
{
	if (!print_fn)
		return;
	va_list args;
	va_start(args, format);
	print_fn(level, format, args);
	va_end(args);
}

static void replace(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

/* The errno a host error code stands for when the kernel gave none. */
static int code_errno(wasi_bpf_types_error_code_t code)
{
	switch (code) {
	case WASI_BPF_TYPES_ERROR_CODE_NOT_FOUND:
		return ENOENT;
	case WASI_BPF_TYPES_ERROR_CODE_PERMISSION_DENIED:
		return EPERM;
	case WASI_BPF_TYPES_ERROR_CODE_UNSUPPORTED:
		return EOPNOTSUPP;
	case WASI_BPF_TYPES_ERROR_CODE_BUSY:
		return EBUSY;
	case WASI_BPF_TYPES_ERROR_CODE_OUT_OF_MEMORY:
		return ENOMEM;
	case WASI_BPF_TYPES_ERROR_CODE_CLOSED:
		return EBADF;
	case WASI_BPF_TYPES_ERROR_CODE_ALREADY_EXISTS:
		return EEXIST;
	case WASI_BPF_TYPES_ERROR_CODE_FULL:
		return E2BIG;
	case WASI_BPF_TYPES_ERROR_CODE_OS_ERROR:
		return EIO;
	default: /* invalid-argument, invalid-state, verifier-rejected */
		return EINVAL;
	}
}

#pragma push_macro("errno")
#undef errno
static int host_errno(const wasi_bpf_types_error_t *err)
{
	/* The kernel's number is the guest's: <errno.h> is Linux's. */
	if (err->errno.is_some && err->errno.val > 0 && err->errno.val < 4096)
		/* Except the kernel's internal ENOTSUPP, which leaks out of
		 * some BPF calls and which no libc names. */
		return err->errno.val == 524 ? EOPNOTSUPP : (int)err->errno.val;
	return code_errno(err->code);
}
#pragma pop_macro("errno")

int sdk_fail(wasi_bpf_types_error_t *err)
{
	int e = host_errno(err);
	replace(&last_message, sdk_strdup(&err->message));
	replace(&last_verifier_log, err->verifier_log.is_some ? sdk_strdup(&err->verifier_log.val) : NULL);
	wasi_bpf_types_error_free(err);
	errno = e;
	return -e;
}

int sdk_fail_warn(wasi_bpf_types_error_t *err, const char *what)
{
	int ret = sdk_fail(err);
	sdk_warn("libbpf: %s: %s\n", what, libbpf_wasm_last_error());
	if (last_verifier_log && *last_verifier_log)
		sdk_warn("-- BEGIN PROG LOAD LOG --\n%s\n-- END PROG LOAD LOG --\n", last_verifier_log);
	errno = -ret;
	return ret;
}

int sdk_fail_with(int errnum, const char *format, ...)
{
	char *message = NULL;
	va_list args;
	va_start(args, format);
	if (vasprintf(&message, format, args) < 0)
		message = NULL;
	va_end(args);
	replace(&last_message, message);
	replace(&last_verifier_log, NULL);
	errno = errnum;
	return -errnum;
}

int sdk_unsupported(const char *what, const char *reason)
{
	int ret = sdk_fail_with(EOPNOTSUPP, "%s is not supported in a wasi:bpf guest: %s", what, reason);
	sdk_warn("libbpf: %s\n", libbpf_wasm_last_error());
	errno = EOPNOTSUPP;
	return ret;
}

const char *libbpf_wasm_last_error(void)
{
	return last_message ? last_message : "";
}

const char *libbpf_wasm_verifier_log(void)
{
	return last_verifier_log ? last_verifier_log : "";
}

/* What libbpf's own error numbers mean (the SDK itself gives none). */
static const char *const libbpf_errors[__LIBBPF_ERRNO__END - __LIBBPF_ERRNO__START] = {
	[LIBBPF_ERRNO__LIBELF - __LIBBPF_ERRNO__START] = "libelf failed",
	[LIBBPF_ERRNO__FORMAT - __LIBBPF_ERRNO__START] = "invalid BPF object format",
	[LIBBPF_ERRNO__KVERSION - __LIBBPF_ERRNO__START] = "'version' section missing or wrong",
	[LIBBPF_ERRNO__ENDIAN - __LIBBPF_ERRNO__START] = "byte order mismatch",
	[LIBBPF_ERRNO__INTERNAL - __LIBBPF_ERRNO__START] = "internal libbpf error",
	[LIBBPF_ERRNO__RELOC - __LIBBPF_ERRNO__START] = "relocation failed",
	[LIBBPF_ERRNO__LOAD - __LIBBPF_ERRNO__START] = "program load failed",
	[LIBBPF_ERRNO__VERIFY - __LIBBPF_ERRNO__START] = "the kernel's verifier rejected the program",
	[LIBBPF_ERRNO__PROG2BIG - __LIBBPF_ERRNO__START] = "program too large",
	[LIBBPF_ERRNO__KVER - __LIBBPF_ERRNO__START] = "wrong kernel version",
	[LIBBPF_ERRNO__PROGTYPE - __LIBBPF_ERRNO__START] = "program type not supported by the kernel",
	[LIBBPF_ERRNO__WRNGPID - __LIBBPF_ERRNO__START] = "wrong pid in a netlink message",
	[LIBBPF_ERRNO__INVSEQ - __LIBBPF_ERRNO__START] = "invalid netlink sequence",
	[LIBBPF_ERRNO__NLPARSE - __LIBBPF_ERRNO__START] = "netlink message not parsed",
};

int libbpf_strerror(int err, char *buf, size_t size)
{
	if (!buf || !size)
		return sdk_fail_with(EINVAL, "libbpf_strerror needs a buffer");
	if (err < 0)
		err = -err;
	const char *known = err < __LIBBPF_ERRNO__START ? strerror(err)
			    : err < __LIBBPF_ERRNO__END	   ? libbpf_errors[err - __LIBBPF_ERRNO__START]
							   : NULL;
	if (!known) {
		/* As libbpf: a description still, and -ENOENT. */
		snprintf(buf, size, "Unknown libbpf error %d", err);
		return sdk_fail_with(ENOENT, "libbpf_strerror: unknown error %d", err);
	}
	/* As libbpf: -ERANGE when the buffer cut the description. */
	if ((size_t)snprintf(buf, size, "%s", known) >= size)
		return sdk_fail_with(ERANGE, "libbpf_strerror: %zu bytes are too few", size);
	return 0;
}

long libbpf_get_error(const void *ptr)
{
	return ptr ? 0 : -errno;
}

sdk_string_t sdk_str(const char *s)
{
	return (sdk_string_t){ .ptr = (uint8_t *)s, .len = s ? strlen(s) : 0 };
}

sdk_list_u8_t sdk_bytes(const void *data, size_t len)
{
	return (sdk_list_u8_t){ .ptr = (uint8_t *)data, .len = len };
}

char *sdk_strdup(const sdk_string_t *s)
{
	char *copy = malloc(s->len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s->ptr, s->len);
	copy[s->len] = '\0';
	return copy;
}
