// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The process whose stacks the stacks test prints: main ->
 * stack_target_outer -> stack_target_inner -> getppid(), every 10 ms,
 * through an inline syscall, so that the user stack starts in
 * stack_target_inner (a libc wrapper without a frame pointer would hide
 * its caller). Built with -O0, which gives every function a frame pointer,
 * leaf ones too (gcc's -mno-omit-leaf-frame-pointer does not for a leaf
 * of inline assembly): the kernel walks them. */
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

__attribute__((noinline)) void stack_target_inner(void)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
}

__attribute__((noinline)) void stack_target_outer(void)
{
	stack_target_inner();
	__asm__ volatile("" ::: "memory");
}

/* `stack_target spin`: main -> stack_target_spin_outer ->
 * stack_target_spin, which never returns: the CPU sampler's target. */
__attribute__((noinline)) void stack_target_spin(void)
{
	volatile unsigned long spins = 0;
	for (;;)
		spins++;
}

__attribute__((noinline)) void stack_target_spin_outer(void)
{
	stack_target_spin();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "spin"))
		stack_target_spin_outer();
	const struct timespec pause = { .tv_nsec = 10 * 1000 * 1000 };
	for (;;) {
		stack_target_outer();
		nanosleep(&pause, NULL);
	}
}
