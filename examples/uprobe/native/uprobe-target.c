/* The native program the uprobe example probes: calls uprobed_add(i, 2i)
 * and uprobed_sub(10i, i) for i = 1..N (default 3), a little apart.
 *
 * Usage: uprobe-target [N] */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* noinline and used: the calls must stay real calls to real symbols. */
__attribute__((noinline, used)) int uprobed_add(int a, int b)
{
	asm volatile("");
	return a + b;
}

__attribute__((noinline, used)) int uprobed_sub(int a, int b)
{
	asm volatile("");
	return a - b;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;

	for (int i = 1; i <= n; i++) {
		printf("uprobed_add(%d, %d) = %d, uprobed_sub(%d, %d) = %d\n", i, 2 * i, uprobed_add(i, 2 * i),
		       10 * i, i, uprobed_sub(10 * i, i));
		usleep(10000);
	}
	return 0;
}
