/* The native program the tailcall example's test traces: waits for a
 * line on stdin, then makes a known set of syscalls and exits, so that
 * every syscall it makes from then on is known: 2 openat, 3 reads of 100
 * bytes, 5 writes of 50 bytes, and exit_group.
 *
 * Usage: tailcall-target */
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	char buf[100] = { 0 };
	/* One read, already made when the tracer attaches: its line ends it. */
	if (read(0, buf, sizeof(buf)) <= 0)
		return 1;
	int zero = open("/dev/zero", O_RDONLY);
	int null = open("/dev/null", O_WRONLY);
	if (zero < 0 || null < 0)
		_exit(2);
	for (int i = 0; i < 3; i++)
		if (read(zero, buf, 100) != 100)
			_exit(3);
	for (int i = 0; i < 5; i++)
		if (write(null, buf, 50) != 50)
			_exit(4);
	_exit(0);
}
