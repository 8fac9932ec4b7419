/* libbpf's common macros (libbpf_common.h): the API and deprecation
 * markers and LIBBPF_OPTS, for guests and for the SDK's own headers. */
#ifndef WASI_BPF_LIBBPF_COMMON_H
#define WASI_BPF_LIBBPF_COMMON_H

#include <string.h>

#include <bpf/libbpf_version.h>

/* Marks the library's functions, as libbpf does; a guest links the SDK
 * statically, so there is no visibility to give. */
#ifndef LIBBPF_API
#define LIBBPF_API
#endif

#define LIBBPF_DEPRECATED(msg) __attribute__((deprecated(msg)))

/* Deprecated from libbpf MAJOR.MINOR on: an attribute once the declared
 * version (libbpf_version.h) reaches it. */
#define LIBBPF_DEPRECATED_SINCE(major, minor, msg)                            \
	__LIBBPF_MARK_DEPRECATED_##major##_##minor(LIBBPF_DEPRECATED("libbpf v" #major "." #minor "+: " msg))

#define __LIBBPF_CURRENT_VERSION_GEQ(major, minor)                            \
	(LIBBPF_MAJOR_VERSION > (major) ||                                    \
	 (LIBBPF_MAJOR_VERSION == (major) && LIBBPF_MINOR_VERSION >= (minor)))

#if __LIBBPF_CURRENT_VERSION_GEQ(1, 0)
#define __LIBBPF_MARK_DEPRECATED_1_0(X) X
#else
#define __LIBBPF_MARK_DEPRECATED_1_0(X)
#endif

/* Choosing a function by its number of arguments, as libbpf's headers
 * may: ___libbpf_overload(f, a, b) calls f2(a, b). */
#define ___libbpf_cat(A, B) A##B
#define ___libbpf_select(NAME, NUM) ___libbpf_cat(NAME, NUM)
#define ___libbpf_nth(_1, _2, _3, _4, _5, _6, N, ...) N
#define ___libbpf_cnt(...) ___libbpf_nth(__VA_ARGS__, 6, 5, 4, 3, 2, 1)
#define ___libbpf_overload(NAME, ...) ___libbpf_select(NAME, ___libbpf_cnt(__VA_ARGS__))(__VA_ARGS__)

/* Declares options struct NAME of TYPE, every byte zero (padding too:
 * the library checks that fields past what it knows are zero), with
 * `sz` set and the given fields, as libbpf's macro does. */
#define LIBBPF_OPTS(TYPE, NAME, ...)                                          \
	struct TYPE NAME = ({                                                 \
		memset(&NAME, 0, sizeof(struct TYPE));                        \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ };      \
	})

#endif
