/* usdt-target N: a small native program with two USDT probes
 * (<sys/sdt.h>): app:start, fired once with the number of requests to
 * come, and app:request, fired N times as a server would for each
 * request it answers, with the request's number, its status and its
 * path. Prints its pid first. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

static const char *const paths[] = { "/index.html", "/missing", "/api/items" };
static const int statuses[] = { 200, 404, 500 };

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	printf("%d\n", getpid());
	fflush(stdout);
	DTRACE_PROBE1(app, start, n);
	for (int i = 1; i <= n; i++) {
		int status = statuses[(i - 1) % 3];
		const char *path = paths[(i - 1) % 3];
		DTRACE_PROBE3(app, request, i, status, path);
	}
	return 0;
}
