/* errno in Linux's numbering over wasi-libc, and the strerror family that
 * prints it (the SDK's <errno.h> and <string.h> say what guests see).
 *
 * wasi-libc stores its own numbers (ENOENT 44) in its `errno` variable,
 * from code the SDK cannot change. The guest's `errno` is another
 * variable, in Linux's numbers, reached through __wasi_bpf_errno_location()
 * on every read and write. Each call first looks at libc's variable: if
 * libc stored a number since the previous call, that number, translated,
 * becomes the guest's errno; then libc's variable is set to a marker libc
 * never stores (TAKEN), so that the next call can tell whether libc failed
 * again (even with the same number). What the guest stores itself
 * (errno = 0 before strtol, errno = EINVAL in its own code) stays until
 * libc stores something.
 *
 * libc's own readers of its variable (perror, printf's %m, strerror_r)
 * call strerror with it: the SDK defines that symbol too (libc_strerror
 * below), for libc's numbers and the marker, so that they print the same
 * message as the guest's strerror(errno). */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#undef errno
/* wasi-libc's variable (<__errno.h>). */
extern _Thread_local int errno;

/* In libc's variable: the guest has taken what libc stored there. */
#define TAKEN (-0x4c58)

static _Thread_local int linux_errno;

/* wasi-libc's numbers (WASI's errno codes) to Linux's. */
static const unsigned char from_wasi[] = {
	[__WASI_ERRNO_SUCCESS] = 0,
	[__WASI_ERRNO_2BIG] = E2BIG,
	[__WASI_ERRNO_ACCES] = EACCES,
	[__WASI_ERRNO_ADDRINUSE] = EADDRINUSE,
	[__WASI_ERRNO_ADDRNOTAVAIL] = EADDRNOTAVAIL,
	[__WASI_ERRNO_AFNOSUPPORT] = EAFNOSUPPORT,
	[__WASI_ERRNO_AGAIN] = EAGAIN,
	[__WASI_ERRNO_ALREADY] = EALREADY,
	[__WASI_ERRNO_BADF] = EBADF,
	[__WASI_ERRNO_BADMSG] = EBADMSG,
	[__WASI_ERRNO_BUSY] = EBUSY,
	[__WASI_ERRNO_CANCELED] = ECANCELED,
	[__WASI_ERRNO_CHILD] = ECHILD,
	[__WASI_ERRNO_CONNABORTED] = ECONNABORTED,
	[__WASI_ERRNO_CONNREFUSED] = ECONNREFUSED,
	[__WASI_ERRNO_CONNRESET] = ECONNRESET,
	[__WASI_ERRNO_DEADLK] = EDEADLK,
	[__WASI_ERRNO_DESTADDRREQ] = EDESTADDRREQ,
	[__WASI_ERRNO_DOM] = EDOM,
	[__WASI_ERRNO_DQUOT] = EDQUOT,
	[__WASI_ERRNO_EXIST] = EEXIST,
	[__WASI_ERRNO_FAULT] = EFAULT,
	[__WASI_ERRNO_FBIG] = EFBIG,
	[__WASI_ERRNO_HOSTUNREACH] = EHOSTUNREACH,
	[__WASI_ERRNO_IDRM] = EIDRM,
	[__WASI_ERRNO_ILSEQ] = EILSEQ,
	[__WASI_ERRNO_INPROGRESS] = EINPROGRESS,
	[__WASI_ERRNO_INTR] = EINTR,
	[__WASI_ERRNO_INVAL] = EINVAL,
	[__WASI_ERRNO_IO] = EIO,
	[__WASI_ERRNO_ISCONN] = EISCONN,
	[__WASI_ERRNO_ISDIR] = EISDIR,
	[__WASI_ERRNO_LOOP] = ELOOP,
	[__WASI_ERRNO_MFILE] = EMFILE,
	[__WASI_ERRNO_MLINK] = EMLINK,
	[__WASI_ERRNO_MSGSIZE] = EMSGSIZE,
	[__WASI_ERRNO_MULTIHOP] = EMULTIHOP,
	[__WASI_ERRNO_NAMETOOLONG] = ENAMETOOLONG,
	[__WASI_ERRNO_NETDOWN] = ENETDOWN,
	[__WASI_ERRNO_NETRESET] = ENETRESET,
	[__WASI_ERRNO_NETUNREACH] = ENETUNREACH,
	[__WASI_ERRNO_NFILE] = ENFILE,
	[__WASI_ERRNO_NOBUFS] = ENOBUFS,
	[__WASI_ERRNO_NODEV] = ENODEV,
	[__WASI_ERRNO_NOENT] = ENOENT,
	[__WASI_ERRNO_NOEXEC] = ENOEXEC,
	[__WASI_ERRNO_NOLCK] = ENOLCK,
	[__WASI_ERRNO_NOLINK] = ENOLINK,
	[__WASI_ERRNO_NOMEM] = ENOMEM,
	[__WASI_ERRNO_NOMSG] = ENOMSG,
	[__WASI_ERRNO_NOPROTOOPT] = ENOPROTOOPT,
	[__WASI_ERRNO_NOSPC] = ENOSPC,
	[__WASI_ERRNO_NOSYS] = ENOSYS,
	[__WASI_ERRNO_NOTCONN] = ENOTCONN,
	[__WASI_ERRNO_NOTDIR] = ENOTDIR,
	[__WASI_ERRNO_NOTEMPTY] = ENOTEMPTY,
	[__WASI_ERRNO_NOTRECOVERABLE] = ENOTRECOVERABLE,
	[__WASI_ERRNO_NOTSOCK] = ENOTSOCK,
	[__WASI_ERRNO_NOTSUP] = EOPNOTSUPP,
	[__WASI_ERRNO_NOTTY] = ENOTTY,
	[__WASI_ERRNO_NXIO] = ENXIO,
	[__WASI_ERRNO_OVERFLOW] = EOVERFLOW,
	[__WASI_ERRNO_OWNERDEAD] = EOWNERDEAD,
	[__WASI_ERRNO_PERM] = EPERM,
	[__WASI_ERRNO_PIPE] = EPIPE,
	[__WASI_ERRNO_PROTO] = EPROTO,
	[__WASI_ERRNO_PROTONOSUPPORT] = EPROTONOSUPPORT,
	[__WASI_ERRNO_PROTOTYPE] = EPROTOTYPE,
	[__WASI_ERRNO_RANGE] = ERANGE,
	[__WASI_ERRNO_ROFS] = EROFS,
	[__WASI_ERRNO_SPIPE] = ESPIPE,
	[__WASI_ERRNO_SRCH] = ESRCH,
	[__WASI_ERRNO_STALE] = ESTALE,
	[__WASI_ERRNO_TIMEDOUT] = ETIMEDOUT,
	[__WASI_ERRNO_TXTBSY] = ETXTBSY,
	[__WASI_ERRNO_XDEV] = EXDEV,
	/* A path outside the guest's preopened directories: Linux has no
	 * such number; a native tool would meet a permission check. */
	[__WASI_ERRNO_NOTCAPABLE] = EACCES,
};

static int to_linux(int wasi)
{
	if (wasi >= 0 && (unsigned)wasi < sizeof(from_wasi) && (wasi == 0 || from_wasi[wasi]))
		return from_wasi[wasi];
	/* Not a number libc stores: keep it (strerror says "Unknown error"). */
	return wasi;
}

int *__wasi_bpf_errno_location(void)
{
	if (errno != TAKEN) {
		linux_errno = to_linux(errno);
		errno = TAKEN;
	}
	return &linux_errno;
}

/* Linux's errno names and glibc's messages for them. */
static const struct {
	const char *name;
	const char *message;
} linux_errors[] = {
	[0] = { NULL, "Success" },
	[1] = { "EPERM", "Operation not permitted" },
	[2] = { "ENOENT", "No such file or directory" },
	[3] = { "ESRCH", "No such process" },
	[4] = { "EINTR", "Interrupted system call" },
	[5] = { "EIO", "Input/output error" },
	[6] = { "ENXIO", "No such device or address" },
	[7] = { "E2BIG", "Argument list too long" },
	[8] = { "ENOEXEC", "Exec format error" },
	[9] = { "EBADF", "Bad file descriptor" },
	[10] = { "ECHILD", "No child processes" },
	[11] = { "EAGAIN", "Resource temporarily unavailable" },
	[12] = { "ENOMEM", "Cannot allocate memory" },
	[13] = { "EACCES", "Permission denied" },
	[14] = { "EFAULT", "Bad address" },
	[15] = { "ENOTBLK", "Block device required" },
	[16] = { "EBUSY", "Device or resource busy" },
	[17] = { "EEXIST", "File exists" },
	[18] = { "EXDEV", "Invalid cross-device link" },
	[19] = { "ENODEV", "No such device" },
	[20] = { "ENOTDIR", "Not a directory" },
	[21] = { "EISDIR", "Is a directory" },
	[22] = { "EINVAL", "Invalid argument" },
	[23] = { "ENFILE", "Too many open files in system" },
	[24] = { "EMFILE", "Too many open files" },
	[25] = { "ENOTTY", "Inappropriate ioctl for device" },
	[26] = { "ETXTBSY", "Text file busy" },
	[27] = { "EFBIG", "File too large" },
	[28] = { "ENOSPC", "No space left on device" },
	[29] = { "ESPIPE", "Illegal seek" },
	[30] = { "EROFS", "Read-only file system" },
	[31] = { "EMLINK", "Too many links" },
	[32] = { "EPIPE", "Broken pipe" },
	[33] = { "EDOM", "Numerical argument out of domain" },
	[34] = { "ERANGE", "Numerical result out of range" },
	[35] = { "EDEADLK", "Resource deadlock avoided" },
	[36] = { "ENAMETOOLONG", "File name too long" },
	[37] = { "ENOLCK", "No locks available" },
	[38] = { "ENOSYS", "Function not implemented" },
	[39] = { "ENOTEMPTY", "Directory not empty" },
	[40] = { "ELOOP", "Too many levels of symbolic links" },
	[42] = { "ENOMSG", "No message of desired type" },
	[43] = { "EIDRM", "Identifier removed" },
	[44] = { "ECHRNG", "Channel number out of range" },
	[45] = { "EL2NSYNC", "Level 2 not synchronized" },
	[46] = { "EL3HLT", "Level 3 halted" },
	[47] = { "EL3RST", "Level 3 reset" },
	[48] = { "ELNRNG", "Link number out of range" },
	[49] = { "EUNATCH", "Protocol driver not attached" },
	[50] = { "ENOCSI", "No CSI structure available" },
	[51] = { "EL2HLT", "Level 2 halted" },
	[52] = { "EBADE", "Invalid exchange" },
	[53] = { "EBADR", "Invalid request descriptor" },
	[54] = { "EXFULL", "Exchange full" },
	[55] = { "ENOANO", "No anode" },
	[56] = { "EBADRQC", "Invalid request code" },
	[57] = { "EBADSLT", "Invalid slot" },
	[59] = { "EBFONT", "Bad font file format" },
	[60] = { "ENOSTR", "Device not a stream" },
	[61] = { "ENODATA", "No data available" },
	[62] = { "ETIME", "Timer expired" },
	[63] = { "ENOSR", "Out of streams resources" },
	[64] = { "ENONET", "Machine is not on the network" },
	[65] = { "ENOPKG", "Package not installed" },
	[66] = { "EREMOTE", "Object is remote" },
	[67] = { "ENOLINK", "Link has been severed" },
	[68] = { "EADV", "Advertise error" },
	[69] = { "ESRMNT", "Srmount error" },
	[70] = { "ECOMM", "Communication error on send" },
	[71] = { "EPROTO", "Protocol error" },
	[72] = { "EMULTIHOP", "Multihop attempted" },
	[73] = { "EDOTDOT", "RFS specific error" },
	[74] = { "EBADMSG", "Bad message" },
	[75] = { "EOVERFLOW", "Value too large for defined data type" },
	[76] = { "ENOTUNIQ", "Name not unique on network" },
	[77] = { "EBADFD", "File descriptor in bad state" },
	[78] = { "EREMCHG", "Remote address changed" },
	[79] = { "ELIBACC", "Can not access a needed shared library" },
	[80] = { "ELIBBAD", "Accessing a corrupted shared library" },
	[81] = { "ELIBSCN", ".lib section in a.out corrupted" },
	[82] = { "ELIBMAX", "Attempting to link in too many shared libraries" },
	[83] = { "ELIBEXEC", "Cannot exec a shared library directly" },
	[84] = { "EILSEQ", "Invalid or incomplete multibyte or wide character" },
	[85] = { "ERESTART", "Interrupted system call should be restarted" },
	[86] = { "ESTRPIPE", "Streams pipe error" },
	[87] = { "EUSERS", "Too many users" },
	[88] = { "ENOTSOCK", "Socket operation on non-socket" },
	[89] = { "EDESTADDRREQ", "Destination address required" },
	[90] = { "EMSGSIZE", "Message too long" },
	[91] = { "EPROTOTYPE", "Protocol wrong type for socket" },
	[92] = { "ENOPROTOOPT", "Protocol not available" },
	[93] = { "EPROTONOSUPPORT", "Protocol not supported" },
	[94] = { "ESOCKTNOSUPPORT", "Socket type not supported" },
	[95] = { "EOPNOTSUPP", "Operation not supported" },
	[96] = { "EPFNOSUPPORT", "Protocol family not supported" },
	[97] = { "EAFNOSUPPORT", "Address family not supported by protocol" },
	[98] = { "EADDRINUSE", "Address already in use" },
	[99] = { "EADDRNOTAVAIL", "Cannot assign requested address" },
	[100] = { "ENETDOWN", "Network is down" },
	[101] = { "ENETUNREACH", "Network is unreachable" },
	[102] = { "ENETRESET", "Network dropped connection on reset" },
	[103] = { "ECONNABORTED", "Software caused connection abort" },
	[104] = { "ECONNRESET", "Connection reset by peer" },
	[105] = { "ENOBUFS", "No buffer space available" },
	[106] = { "EISCONN", "Transport endpoint is already connected" },
	[107] = { "ENOTCONN", "Transport endpoint is not connected" },
	[108] = { "ESHUTDOWN", "Cannot send after transport endpoint shutdown" },
	[109] = { "ETOOMANYREFS", "Too many references: cannot splice" },
	[110] = { "ETIMEDOUT", "Connection timed out" },
	[111] = { "ECONNREFUSED", "Connection refused" },
	[112] = { "EHOSTDOWN", "Host is down" },
	[113] = { "EHOSTUNREACH", "No route to host" },
	[114] = { "EALREADY", "Operation already in progress" },
	[115] = { "EINPROGRESS", "Operation now in progress" },
	[116] = { "ESTALE", "Stale file handle" },
	[117] = { "EUCLEAN", "Structure needs cleaning" },
	[118] = { "ENOTNAM", "Not a XENIX named type file" },
	[119] = { "ENAVAIL", "No XENIX semaphores available" },
	[120] = { "EISNAM", "Is a named type file" },
	[121] = { "EREMOTEIO", "Remote I/O error" },
	[122] = { "EDQUOT", "Disk quota exceeded" },
	[123] = { "ENOMEDIUM", "No medium found" },
	[124] = { "EMEDIUMTYPE", "Wrong medium type" },
	[125] = { "ECANCELED", "Operation canceled" },
	[126] = { "ENOKEY", "Required key not available" },
	[127] = { "EKEYEXPIRED", "Key has expired" },
	[128] = { "EKEYREVOKED", "Key has been revoked" },
	[129] = { "EKEYREJECTED", "Key was rejected by service" },
	[130] = { "EOWNERDEAD", "Owner died" },
	[131] = { "ENOTRECOVERABLE", "State not recoverable" },
	[132] = { "ERFKILL", "Operation not possible due to RF-kill" },
	[133] = { "EHWPOISON", "Memory page has hardware error" },
};

static _Thread_local char unknown[32];

const char *strerrordesc_np(int e)
{
	if (e >= 0 && (size_t)e < sizeof(linux_errors) / sizeof(linux_errors[0]))
		return linux_errors[e].message;
	return NULL;
}

const char *strerrorname_np(int e)
{
	if (e > 0 && (size_t)e < sizeof(linux_errors) / sizeof(linux_errors[0]))
		return linux_errors[e].name;
	return NULL;
}

char *strerror(int e)
{
	const char *message = strerrordesc_np(e);
	if (message)
		return (char *)message;
	snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
	return unknown;
}

char *strerror_l(int e, locale_t locale)
{
	(void)locale;
	return strerror(e);
}

/* The XSI strerror_r (wasi-libc's has no GNU one). */
int strerror_r(int e, char *buf, size_t size)
{
	const char *message = strerrordesc_np(e);
	int n = message ? snprintf(buf, size, "%s", message) : snprintf(buf, size, "Unknown error %d", e);
	if (!message)
		return EINVAL;
	return n < 0 || (size_t)n >= size ? ERANGE : 0;
}

/* The symbols wasi-libc's own code calls (perror, vfprintf's %m,
 * strerror_r): their argument is libc's variable, in libc's numbers, or
 * TAKEN, which stands for the guest's errno. Defining all three keeps
 * libc's strerror.o out of the link. */
char *libc_strerror(int e) __asm__("strerror");
char *libc_strerror(int e)
{
	return strerror(e == TAKEN ? linux_errno : to_linux(e));
}

char *libc_strerror_l(int e, locale_t locale) __asm__("strerror_l");
char *libc_strerror_l(int e, locale_t locale)
{
	(void)locale;
	return libc_strerror(e);
}

char *libc___strerror_l(int e, locale_t locale) __asm__("__strerror_l");
char *libc___strerror_l(int e, locale_t locale)
{
	(void)locale;
	return libc_strerror(e);
}
