/*
 * timeit.c - runs one command once and prints what it cost, for bench/run.
 *
 *   timeit OUT CMD [ARG...]
 *
 * Runs CMD with its standard output going to the file OUT (/dev/null to
 * drop it) and its standard error to /dev/null, and prints one line:
 *
 *   WALL_MS CPU_MS PEAK_KIB STATUS
 *
 * the wall-clock time from fork to exit (CLOCK_MONOTONIC), the user plus
 * system CPU time of the command and everything it waited for, its peak
 * resident set (wait4's ru_maxrss, the largest of the process and its
 * children), and its exit status (128 + signal when killed).
 *
 * A helper of its own rather than hyperfine or GNU time: bench/run
 * interleaves the tools round by round (A B C A B C ...), which hyperfine
 * cannot do, and GNU time gives wall time to 10 ms only.
 *
 *   cc -O2 -o timeit bench/timeit.c
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: timeit OUT CMD [ARG...]\n");
		return 64;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 71;
	}
	if (pid == 0) {
		int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDWR);
		if (out < 0 || null < 0 || dup2(out, 1) < 0 || dup2(null, 2) < 0 ||
		    dup2(null, 0) < 0) {
			perror("timeit: redirect");
			_exit(126);
		}
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("timeit: wait4");
		return 71;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall =
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.2f %.2f %ld %d\n", wall, ms(&ru.ru_utime) + ms(&ru.ru_stime), ru.ru_maxrss, code);
	return 0;
}
