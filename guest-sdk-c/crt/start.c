/* The command entry point C guests link instead of wasi-libc's crt1.
 *
 * Debian's wasi-libc (2022) has a `_start` that leaves constructors to
 * wasm-ld, which then wraps every export in constructor and destructor
 * calls. cabi_realloc is an export the host calls for every list it
 * returns, so each such call ran libc's exit code (stdio flushing, atexit
 * handlers) in the middle of the host call, and a flush there traps.
 * A `_start` that runs the constructors itself, as newer wasi-libc does,
 * stops the wrapping.
 *
 * It also makes stdout line-buffered: bpf guests are tools printing
 * events as they happen, and a guest cannot be run under stdbuf. */
#include <stdio.h>
#include <stdlib.h>

extern void __wasm_call_ctors(void);
extern void __wasm_call_dtors(void);
extern int __main_void(void);

__attribute__((export_name("_start"))) void _start(void)
{
	static volatile int started;

	/* A second call would run the constructors twice. */
	if (started)
		__builtin_trap();
	started = 1;

	__wasm_call_ctors();
	setvbuf(stdout, NULL, _IOLBF, 0);
	int status = __main_void();
	__wasm_call_dtors();
	if (status)
		_Exit(status);
}
