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

void sdk_warn(const char *format, ...)
{
	if (!print_fn)
		return;
	va_list args;
	va_start(args, format);
	print_fn(LIBBPF_WARN, format, args);
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

/* Linux errno numbers (what the host reports) and wasi-libc's, which
 * number them differently: EBADF is 9 on Linux and 8 here. */
static const struct {
	int linux_errno;
	int local;
} errno_map[] = {
	{ 1, EPERM },	     { 2, ENOENT },	   { 3, ESRCH },	{ 4, EINTR },	      { 5, EIO },
	{ 6, ENXIO },	     { 7, E2BIG },	   { 8, ENOEXEC },	{ 9, EBADF },	      { 10, ECHILD },
	{ 11, EAGAIN },	     { 12, ENOMEM },	   { 13, EACCES },	{ 14, EFAULT },	      { 16, EBUSY },
	{ 17, EEXIST },	     { 18, EXDEV },	   { 19, ENODEV },	{ 20, ENOTDIR },      { 21, EISDIR },
	{ 22, EINVAL },	     { 23, ENFILE },	   { 24, EMFILE },	{ 25, ENOTTY },	      { 26, ETXTBSY },
	{ 27, EFBIG },	     { 28, ENOSPC },	   { 29, ESPIPE },	{ 30, EROFS },	      { 31, EMLINK },
	{ 32, EPIPE },	     { 33, EDOM },	   { 34, ERANGE },	{ 35, EDEADLK },      { 36, ENAMETOOLONG },
	{ 37, ENOLCK },	     { 38, ENOSYS },	   { 39, ENOTEMPTY },	{ 40, ELOOP },	      { 42, ENOMSG },
	{ 43, EIDRM },	     { 71, EPROTO },	      { 74, EBADMSG },
	{ 75, EOVERFLOW },   { 84, EILSEQ },	   { 88, ENOTSOCK },	{ 90, EMSGSIZE },     { 92, ENOPROTOOPT },
	{ 93, EPROTONOSUPPORT }, { 95, EOPNOTSUPP }, { 97, EAFNOSUPPORT }, { 98, EADDRINUSE }, { 99, EADDRNOTAVAIL },
	{ 100, ENETDOWN },   { 101, ENETUNREACH }, { 103, ECONNABORTED }, { 104, ECONNRESET }, { 105, ENOBUFS },
	{ 106, EISCONN },    { 107, ENOTCONN },	   { 110, ETIMEDOUT },	{ 111, ECONNREFUSED }, { 113, EHOSTUNREACH },
	{ 114, EALREADY },   { 115, EINPROGRESS }, { 116, ESTALE },	{ 122, EDQUOT },      { 125, ECANCELED },
	/* The kernel's internal ENOTSUPP leaks out of some BPF calls. */
	{ 524, EOPNOTSUPP },
};

#pragma push_macro("errno")
#undef errno
static int host_errno(const wasi_bpf_types_error_t *err)
{
	if (err->errno.is_some)
		for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
			if (errno_map[i].linux_errno == err->errno.val)
				return errno_map[i].local;
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

const char *libbpf_wasm_last_error(void)
{
	return last_message ? last_message : "";
}

const char *libbpf_wasm_verifier_log(void)
{
	return last_verifier_log ? last_verifier_log : "";
}

int libbpf_strerror(int err, char *buf, size_t size)
{
	if (!buf || !size)
		return sdk_fail_with(EINVAL, "libbpf_strerror needs a buffer");
	if (err < 0)
		err = -err;
	snprintf(buf, size, "%s", strerror(err));
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
