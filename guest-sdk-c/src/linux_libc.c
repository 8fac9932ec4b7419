/* The libc functions that take or give a value whose number differs
 * between Linux and wasi-libc: guests call these (the SDK's <fcntl.h>,
 * <sys/socket.h> and <arpa/inet.h> rename them), with Linux's numbers,
 * and these call wasi-libc's with its own. */

/* wasi-libc's numbers first, captured before the SDK's headers replace
 * the macros with Linux's. */
#include <__header_fcntl.h>
#include <__header_sys_socket.h>

enum {
	WASI_O_APPEND = O_APPEND,
	WASI_O_DSYNC = O_DSYNC,
	WASI_O_NONBLOCK = O_NONBLOCK,
	WASI_O_RSYNC = O_RSYNC,
	WASI_O_SYNC = O_SYNC,
	WASI_O_CREAT = O_CREAT,
	WASI_O_DIRECTORY = O_DIRECTORY,
	WASI_O_EXCL = O_EXCL,
	WASI_O_TRUNC = O_TRUNC,
	WASI_O_NOFOLLOW = O_NOFOLLOW,
	WASI_O_EXEC = O_EXEC,
	WASI_O_RDONLY = O_RDONLY,
	WASI_O_SEARCH = O_SEARCH,
	WASI_O_WRONLY = O_WRONLY,
	WASI_O_RDWR = O_RDWR,
	WASI_AF_UNSPEC = AF_UNSPEC,
	WASI_AF_INET = AF_INET,
	WASI_AF_INET6 = AF_INET6,
	WASI_AF_UNIX = AF_UNIX,
	WASI_SOCK_DGRAM = SOCK_DGRAM,
	WASI_SOCK_STREAM = SOCK_STREAM,
	WASI_SOCK_NONBLOCK = SOCK_NONBLOCK,
	WASI_SOCK_CLOEXEC = SOCK_CLOEXEC,
	WASI_SOL_SOCKET = SOL_SOCKET,
	WASI_SO_TYPE = SO_TYPE,
};

#define _WASI_EMULATED_SIGNAL
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

/* Signal numbers need no translation: wasi-libc's are Linux's. */
_Static_assert(SIGHUP == 1 && SIGINT == 2 && SIGQUIT == 3 && SIGILL == 4 && SIGTRAP == 5 && SIGABRT == 6 &&
		       SIGBUS == 7 && SIGFPE == 8 && SIGKILL == 9 && SIGUSR1 == 10 && SIGSEGV == 11 &&
		       SIGUSR2 == 12 && SIGPIPE == 13 && SIGALRM == 14 && SIGTERM == 15 && SIGCHLD == 17 &&
		       SIGCONT == 18 && SIGSTOP == 19 && SIGTSTP == 20 && SIGTTIN == 21 && SIGTTOU == 22 &&
		       SIGURG == 23 && SIGXCPU == 24 && SIGXFSZ == 25 && SIGVTALRM == 26 && SIGPROF == 27 &&
		       SIGWINCH == 28 && SIGIO == 29 && SIGPWR == 30 && SIGSYS == 31,
	       "wasi-libc's signal numbers are Linux's");

/* wasi-libc's own functions, under names of the SDK. */
int libc_open(const char *path, int flags, ...) __asm__("open");
int libc_openat(int dirfd, const char *path, int flags, ...) __asm__("openat");
int libc_fcntl(int fd, int cmd, ...) __asm__("fcntl");
int libc_close(int fd) __asm__("close");
int libc_accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags) __asm__("accept4");
int libc_getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len)
	__asm__("getsockopt");
int libc_inet_pton(int af, const char *__restrict src, void *__restrict dst) __asm__("inet_pton");
const char *libc_inet_ntop(int af, const void *__restrict src, char *__restrict dst, socklen_t size)
	__asm__("inet_ntop");

/* Linux's status flags (those fcntl F_SETFL and F_GETFL carry) and
 * wasi-libc's. */
static const struct {
	int linux_flag;
	int wasi_flag;
} status_flags[] = {
	{ O_APPEND, WASI_O_APPEND },
	{ O_NONBLOCK, WASI_O_NONBLOCK },
	/* O_SYNC contains O_DSYNC's bit: tested first, and whole. */
	{ O_SYNC, WASI_O_SYNC },
	{ O_DSYNC, WASI_O_DSYNC },
};

static int status_to_wasi(int flags)
{
	int out = 0;
	for (size_t i = 0; i < sizeof(status_flags) / sizeof(status_flags[0]); i++)
		if ((flags & status_flags[i].linux_flag) == status_flags[i].linux_flag) {
			out |= status_flags[i].wasi_flag;
			flags &= ~status_flags[i].linux_flag;
		}
	return out;
}

static int flags_from_wasi(int flags)
{
	int out = 0;
	for (size_t i = 0; i < sizeof(status_flags) / sizeof(status_flags[0]); i++)
		if (flags & status_flags[i].wasi_flag)
			out |= status_flags[i].linux_flag;
	if (flags & WASI_O_RSYNC)
		out |= O_SYNC;
	switch (flags & WASI_O_RDWR) {
	case WASI_O_RDWR:
		out |= O_RDWR;
		break;
	case WASI_O_WRONLY:
		out |= O_WRONLY;
		break;
	case WASI_O_RDONLY:
		out |= O_RDONLY;
		break;
	default:
		if (flags & (WASI_O_SEARCH | WASI_O_EXEC))
			out |= O_PATH;
	}
	return out;
}

/* Linux's open flags as wasi-libc's, or -1 with errno set. */
static int open_flags_to_wasi(int flags)
{
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		errno = EOPNOTSUPP;
		return -1;
	}
	int out = status_to_wasi(flags);
	if (flags & O_PATH)
		out |= flags & O_DIRECTORY ? WASI_O_SEARCH : WASI_O_EXEC;
	else
		switch (flags & O_ACCMODE) {
		case O_RDONLY:
			out |= WASI_O_RDONLY;
			break;
		case O_WRONLY:
			out |= WASI_O_WRONLY;
			break;
		case O_RDWR:
			out |= WASI_O_RDWR;
			break;
		default:
			errno = EINVAL;
			return -1;
		}
	if (flags & O_CREAT)
		out |= WASI_O_CREAT;
	if (flags & O_EXCL)
		out |= WASI_O_EXCL;
	if (flags & O_TRUNC)
		out |= WASI_O_TRUNC;
	if (flags & O_DIRECTORY)
		out |= WASI_O_DIRECTORY;
	if (flags & O_NOFOLLOW)
		out |= WASI_O_NOFOLLOW;
	/* O_CLOEXEC, O_NOCTTY, O_DIRECT, O_NOATIME, O_ASYNC: nothing a WASI
	 * file honours. */
	return out;
}

int open(const char *path, int flags, ...)
{
	va_list args;
	va_start(args, flags);
	mode_t mode = flags & O_CREAT ? va_arg(args, mode_t) : 0;
	va_end(args);
	int host_path = sdk_host_path_kind(path);
	if (host_path >= 0)
		return sdk_host_path_open(path, flags, host_path);
	int wasi = open_flags_to_wasi(flags);
	return wasi < 0 ? -1 : libc_open(path, wasi, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list args;
	va_start(args, flags);
	mode_t mode = flags & O_CREAT ? va_arg(args, mode_t) : 0;
	va_end(args);
	int wasi = open_flags_to_wasi(flags);
	return wasi < 0 ? -1 : libc_openat(dirfd, path, wasi, mode);
}

int close(int fd)
{
	return sdk_handle_close(fd) ? 0 : libc_close(fd);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int fcntl(int fd, int cmd, ...)
{
	va_list args;
	va_start(args, cmd);
	int arg = va_arg(args, int);
	va_end(args);
	switch (cmd) {
	case F_GETFL: {
		int flags = libc_fcntl(fd, F_GETFL);
		return flags < 0 ? flags : flags_from_wasi(flags);
	}
	case F_SETFL:
		return libc_fcntl(fd, F_SETFL, status_to_wasi(arg));
	default:
		return libc_fcntl(fd, cmd, arg);
	}
}

int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags)
{
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
		errno = EINVAL;
		return -1;
	}
	int wasi = (flags & SOCK_NONBLOCK ? WASI_SOCK_NONBLOCK : 0) | (flags & SOCK_CLOEXEC ? WASI_SOCK_CLOEXEC : 0);
	return libc_accept4(fd, addr, len, wasi);
}

int getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len)
{
	if (level != SOL_SOCKET)
		return libc_getsockopt(fd, level, name, value, len);
	int ret = libc_getsockopt(fd, WASI_SOL_SOCKET, name, value, len);
	if (ret == 0 && name == SO_TYPE && *len >= sizeof(int)) {
		int *type = value;
		*type = *type == WASI_SOCK_STREAM ? SOCK_STREAM : *type == WASI_SOCK_DGRAM ? SOCK_DGRAM : *type;
	}
	return ret;
}

/* A Linux address family as wasi-libc's, or -1. */
static int af_to_wasi(int af)
{
	switch (af) {
	case AF_INET:
		return WASI_AF_INET;
	case AF_INET6:
		return WASI_AF_INET6;
	default:
		return -1;
	}
}

int inet_pton(int af, const char *__restrict src, void *__restrict dst)
{
	int wasi = af_to_wasi(af);
	if (wasi < 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return libc_inet_pton(wasi, src, dst);
}

const char *inet_ntop(int af, const void *__restrict src, char *__restrict dst, socklen_t size)
{
	int wasi = af_to_wasi(af);
	if (wasi < 0) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	return libc_inet_ntop(wasi, src, dst, size);
}
