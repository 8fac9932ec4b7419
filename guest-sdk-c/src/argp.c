/* argp over getopt_long: the option table becomes getopt's short string
 * and long options, each option reaches the parser with its key, then the
 * positional arguments as ARGP_KEY_ARG. Help is formatted from the table
 * the way glibc lays it out. */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Weak, as in glibc: a program defines them when it wants them shown. */
__attribute__((weak)) const char *argp_program_version;
__attribute__((weak)) const char *argp_program_bug_address;

/* glibc's exit status for usage errors (EX_USAGE). */
#define USAGE_EXIT 64
/* Keys of the built-in options, out of the way of a program's keys. */
#define KEY_HELP (-2)
#define KEY_USAGE (-3)
#define KEY_VERSION (-4)

static int is_short(int key)
{
	return key > 0 && key < 256 && isprint(key) && key != '?' && key != ':';
}

static int is_end(const struct argp_option *o)
{
	return !o->name && !o->key && !o->doc;
}

static const char *program_name(const struct argp_state *state)
{
	const char *name = state->name ? state->name : "";
	const char *slash = strrchr(name, '/');
	return slash ? slash + 1 : name;
}

/* One option's line of --help: "  -d, --duration=DURATION   Duration". */
static void print_option(FILE *out, const struct argp_option *o)
{
	char left[128];
	int n = 0;
	int optional = o->flags & OPTION_ARG_OPTIONAL;

	n += snprintf(left + n, sizeof(left) - n, is_short(o->key) ? "  -%c%s" : "     ", o->key,
		      is_short(o->key) && o->name ? "," : "");
	if (o->name)
		n += snprintf(left + n, sizeof(left) - n, " --%s", o->name);
	if (o->arg && n < (int)sizeof(left)) {
		if (o->name)
			snprintf(left + n, sizeof(left) - n, optional ? "[=%s]" : "=%s", o->arg);
		else
			snprintf(left + n, sizeof(left) - n, optional ? " [%s]" : " %s", o->arg);
	}
	/* glibc's columns: the doc at 29, or 3 spaces after an option that
	 * reaches it, or on the next line past 32. */
	size_t len = strlen(left);
	if (len > 32)
		fprintf(out, "%s\n%-29s%s\n", left, "", o->doc ? o->doc : "");
	else if (len >= 29)
		fprintf(out, "%s   %s\n", left, o->doc ? o->doc : "");
	else
		fprintf(out, "%-29s%s\n", left, o->doc ? o->doc : "");
}

/* glibc's order in --help (hol_entry_cmp): by group, then by the first
 * letter of the short option (or of the long name), ignoring case, the
 * lower-case one first; two long-only options by name. */
static int option_order(const void *a, const void *b)
{
	const struct argp_option *x = *(const struct argp_option *const *)a;
	const struct argp_option *y = *(const struct argp_option *const *)b;
	if (x->group != y->group)
		return x->group - y->group;
	if (!is_short(x->key) && !is_short(y->key) && x->name && y->name) {
		int c = strcasecmp(x->name, y->name);
		if (c)
			return c;
	} else {
		int fx = is_short(x->key) ? x->key : x->name ? (unsigned char)*x->name : 0;
		int fy = is_short(y->key) ? y->key : y->name ? (unsigned char)*y->name : 0;
		if (tolower(fx) != tolower(fy))
			return tolower(fx) - tolower(fy);
		if (fx != fy)
			return fy - fx;
	}
	return x < y ? -1 : x > y;
}

void argp_state_help(const struct argp_state *state, FILE *out, unsigned flags)
{
	const struct argp *argp = state->root_argp;
	const char *doc = argp->doc ? argp->doc : "";
	const char *split = strchr(doc, '\v');

	if (flags & (ARGP_HELP_SHORT_USAGE | ARGP_HELP_USAGE))
		fprintf(out, "Usage: %s [OPTION...]%s%s\n", program_name(state), argp->args_doc ? " " : "",
			argp->args_doc ? argp->args_doc : "");
	if ((flags & ARGP_HELP_PRE_DOC) && *doc) {
		int len = split ? (int)(split - doc) : (int)strlen(doc);
		fprintf(out, "%.*s%s", len, doc, len && doc[len - 1] == '\n' ? "" : "\n");
	}
	if (flags & ARGP_HELP_LONG) {
		fprintf(out, "\n");
		size_t count = 0;
		for (const struct argp_option *o = argp->options; o && !is_end(o); o++)
			count++;
		const struct argp_option **sorted = malloc((count ? count : 1) * sizeof(*sorted));
		size_t shown = 0;
		for (const struct argp_option *o = argp->options; o && !is_end(o); o++)
			if (!(o->flags & OPTION_HIDDEN))
				sorted[shown++] = o;
		if (sorted)
			qsort(sorted, shown, sizeof(*sorted), option_order);
		for (size_t i = 0; sorted && i < shown; i++)
			print_option(out, sorted[i]);
		free(sorted);
		fprintf(out, "  -?, --help                 Give this help list\n");
		fprintf(out, "      --usage                Give a short usage message\n");
		if (argp_program_version)
			fprintf(out, "  -V, --version              Print program version\n");
		fprintf(out, "\nMandatory or optional arguments to long options are also mandatory or optional\n"
			     "for any corresponding short options.\n");
	}
	if ((flags & ARGP_HELP_POST_DOC) && split && split[1])
		fprintf(out, "\n%s\n", split + 1);
	if ((flags & ARGP_HELP_BUG_ADDR) && argp_program_bug_address)
		fprintf(out, "\nReport bugs to %s.\n", argp_program_bug_address);
	if (flags & ARGP_HELP_SEE)
		fprintf(out, "Try `%s --help' or `%s --usage' for more information.\n", program_name(state),
			program_name(state));
	if (flags & ARGP_HELP_EXIT_ERR)
		exit(USAGE_EXIT);
	if (flags & ARGP_HELP_EXIT_OK)
		exit(0);
}

void argp_usage(const struct argp_state *state)
{
	argp_state_help(state, stderr, ARGP_HELP_STD_USAGE);
}

void argp_error(const struct argp_state *state, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "%s: ", program_name(state));
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, "\n");
	argp_state_help(state, stderr, ARGP_HELP_STD_ERR);
}

/* Calls the parser for a key it may ignore (the INIT / END family). */
static error_t notify(const struct argp *argp, int key, struct argp_state *state)
{
	error_t err = argp->parser ? argp->parser(key, NULL, state) : ARGP_ERR_UNKNOWN;
	return err == ARGP_ERR_UNKNOWN ? 0 : err;
}

error_t argp_parse(const struct argp *argp, int argc, char **argv, unsigned flags, int *arg_index, void *input)
{
	struct argp_state state = {
		.root_argp = argp,
		.argc = argc,
		.argv = argv,
		.next = 1,
		.flags = flags,
		.input = input,
		.name = argc > 0 ? argv[0] : "",
		.err_stream = stderr,
		.out_stream = stdout,
	};
	size_t count = 0;
	for (const struct argp_option *o = argp->options; o && !is_end(o); o++)
		count++;

	/* Every option once, plus '?', "help", "usage" and "version". */
	char *shorts = malloc(3 * count + 8);
	struct option *longs = calloc(count + 4, sizeof(*longs));
	if (!shorts || !longs) {
		free(shorts);
		free(longs);
		return ENOMEM;
	}
	char *s = shorts;
	struct option *l = longs;
	bool user_v = false;
	*s++ = ':'; /* report a missing argument as ':' */
	for (const struct argp_option *o = argp->options; o && !is_end(o); o++) {
		int has_arg = !o->arg ? no_argument : (o->flags & OPTION_ARG_OPTIONAL) ? optional_argument : required_argument;
		if (is_short(o->key)) {
			user_v |= o->key == 'V';
			*s++ = (char)o->key;
			if (has_arg != no_argument)
				*s++ = ':';
			if (has_arg == optional_argument)
				*s++ = ':';
		}
		if (o->name)
			*l++ = (struct option){ o->name, has_arg, NULL, o->key };
	}
	/* '?' stays out of the string: getopt then reports "-?" as an unknown
	 * option '?', which is the built-in help. */
	*l++ = (struct option){ "help", no_argument, NULL, KEY_HELP };
	*l++ = (struct option){ "usage", no_argument, NULL, KEY_USAGE };
	if (argp_program_version) {
		if (!user_v)
			*s++ = 'V';
		*l++ = (struct option){ "version", no_argument, NULL, KEY_VERSION };
	}
	*s = '\0';

	error_t err = notify(argp, ARGP_KEY_INIT, &state);
	optind = 1;
	opterr = 0;
	int key;
	while (!err && (key = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		state.next = optind;
		if (key == KEY_HELP || (key == '?' && optopt == '?')) {
			argp_state_help(&state, stdout, ARGP_HELP_STD_HELP);
		} else if (key == KEY_USAGE) {
			argp_state_help(&state, stdout, ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		} else if (key == KEY_VERSION || (key == 'V' && argp_program_version && !user_v)) {
			printf("%s\n", argp_program_version);
			exit(0);
		} else if (key == '?') {
			if (optopt && optopt < 256)
				argp_error(&state, "invalid option -- '%c'", optopt);
			argp_error(&state, "unrecognized option '%s'", argv[optind - 1]);
		} else if (key == ':') {
			if (strncmp(argv[optind - 1], "--", 2) != 0)
				argp_error(&state, "option requires an argument -- '%c'", optopt);
			argp_error(&state, "option '%s' requires an argument", argv[optind - 1]);
		} else {
			err = argp->parser ? argp->parser(key, optarg, &state) : ARGP_ERR_UNKNOWN;
			if (err == ARGP_ERR_UNKNOWN)
				argp_error(&state, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	/* getopt_long moved the positional arguments to the end. */
	for (state.next = optind; !err && state.next < argc; state.arg_num++) {
		char *arg = argv[state.next++];
		err = argp->parser ? argp->parser(ARGP_KEY_ARG, arg, &state) : ARGP_ERR_UNKNOWN;
		if (err == ARGP_ERR_UNKNOWN)
			argp_error(&state, "too many arguments");
	}
	if (!err && state.arg_num == 0)
		err = notify(argp, ARGP_KEY_NO_ARGS, &state);
	if (!err)
		err = notify(argp, ARGP_KEY_END, &state);
	if (!err)
		err = notify(argp, ARGP_KEY_SUCCESS, &state);
	else
		notify(argp, ARGP_KEY_ERROR, &state);
	notify(argp, ARGP_KEY_FINI, &state);
	if (arg_index)
		*arg_index = state.next;
	free(shorts);
	free(longs);
	return err;
}
