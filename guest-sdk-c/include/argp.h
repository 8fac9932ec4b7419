/* The part of glibc's argp that libbpf-tools use, for wasi-libc (which
 * has no argp): option tables, a parser callback, --help and usage
 * messages. A tool's argument parsing then ports unchanged.
 *
 * Not here: child parsers, option groups in the help, argp_help_fmt. */
#ifndef WASI_BPF_ARGP_H
#define WASI_BPF_ARGP_H

/* What glibc's <argp.h> brings in, which libbpf-tools rely on (INT_MAX,
 * errno, isprint ... without their own includes). */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int error_t;

struct argp_option {
	/* The long name (NULL: a short option only). */
	const char *name;
	/* The short option character, or a value above 255 for a long-only
	 * option; 0 with NULL name and doc ends the table. */
	int key;
	/* The argument's name in the help (NULL: the option takes none). */
	const char *arg;
	int flags;
	const char *doc;
	int group;
};

#define OPTION_ARG_OPTIONAL 0x1
#define OPTION_HIDDEN 0x2
#define OPTION_ALIAS 0x4

struct argp_state;

typedef error_t (*argp_parser_t)(int key, char *arg, struct argp_state *state);

struct argp {
	const struct argp_option *options;
	argp_parser_t parser;
	/* The positional arguments, for the usage line. */
	const char *args_doc;
	/* Text before the options in --help; after a '\v', text after them. */
	const char *doc;
	const void *children;
	void *help_filter;
	const char *argp_domain;
};

struct argp_state {
	const struct argp *root_argp;
	int argc;
	char **argv;
	/* The index of the next argument. */
	int next;
	unsigned flags;
	/* How many positional arguments came before this one. */
	unsigned arg_num;
	int quoted;
	/* What argp_parse's caller passed. */
	void *input;
	void **child_inputs;
	void *hook;
	const char *name;
	FILE *err_stream;
	FILE *out_stream;
	void *pstate;
};

/* Keys the parser gets besides options. */
#define ARGP_KEY_ARG 0
#define ARGP_KEY_ARGS 0x1000006
#define ARGP_KEY_END 0x1000001
#define ARGP_KEY_NO_ARGS 0x1000002
#define ARGP_KEY_INIT 0x1000003
#define ARGP_KEY_FINI 0x1000007
#define ARGP_KEY_SUCCESS 0x1000004
#define ARGP_KEY_ERROR 0x1000005

/* What a parser returns for a key it does not handle. */
#define ARGP_ERR_UNKNOWN 7 /* E2BIG, as glibc */

/* argp_parse flags (accepted; the behaviour is glibc's default). */
#define ARGP_PARSE_ARGV0 0x01
#define ARGP_NO_ERRS 0x02
#define ARGP_NO_ARGS 0x04
#define ARGP_IN_ORDER 0x08
#define ARGP_NO_HELP 0x10
#define ARGP_NO_EXIT 0x20
#define ARGP_LONG_ONLY 0x40
#define ARGP_SILENT (ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP)

/* argp_state_help flags. */
#define ARGP_HELP_USAGE 0x01
#define ARGP_HELP_SHORT_USAGE 0x02
#define ARGP_HELP_SEE 0x04
#define ARGP_HELP_LONG 0x08
#define ARGP_HELP_PRE_DOC 0x10
#define ARGP_HELP_POST_DOC 0x20
#define ARGP_HELP_DOC (ARGP_HELP_PRE_DOC | ARGP_HELP_POST_DOC)
#define ARGP_HELP_BUG_ADDR 0x40
#define ARGP_HELP_LONG_ONLY 0x80
#define ARGP_HELP_EXIT_ERR 0x100
#define ARGP_HELP_EXIT_OK 0x200
#define ARGP_HELP_STD_ERR (ARGP_HELP_SEE | ARGP_HELP_EXIT_ERR)
#define ARGP_HELP_STD_USAGE (ARGP_HELP_SHORT_USAGE | ARGP_HELP_SEE | ARGP_HELP_EXIT_ERR)
#define ARGP_HELP_STD_HELP                                                    \
	(ARGP_HELP_SHORT_USAGE | ARGP_HELP_LONG | ARGP_HELP_EXIT_OK | ARGP_HELP_DOC | ARGP_HELP_BUG_ADDR)

/* Set by the program, as with glibc: shown by --version / --help. */
extern const char *argp_program_version;
extern const char *argp_program_bug_address;

/* Parses argv with `argp`: options through its parser, positional
 * arguments as ARGP_KEY_ARG. --help (-?) and, with a version, --version
 * (-V) are built in. A usage error prints a message and exits 64, as
 * glibc does; otherwise returns the first error a parser returned, or 0. */
error_t argp_parse(const struct argp *argp, int argc, char **argv, unsigned flags, int *arg_index, void *input);

void argp_state_help(const struct argp_state *state, FILE *stream, unsigned flags);
void argp_usage(const struct argp_state *state);
void argp_error(const struct argp_state *state, const char *format, ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif

#endif
