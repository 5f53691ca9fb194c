/*
 * util.c - string, path and growth helpers shared by the modules (util.h).
 */
#define _DEFAULT_SOURCE /* madvise */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "defspend/util.h"

char *ds_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *ds_path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	size_t o = a;
	if (a > 0 && dir[a - 1] != '/')
		p[o++] = '/';
	memcpy(p + o, name, b + 1);
	return p;
}

int ds_grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	if (need <= *cap)
		return 0;
	size_t c = *cap < 16 ? 16 : *cap;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -1;
		c *= 2;
	}
	if (size != 0 && c > SIZE_MAX / size)
		return -1;
	void *q = realloc(*p, c * size);
	if (q == NULL)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/*
 * Every first write to a page of fresh memory is a page fault, and on the
 * virtual machines this runs on a fault costs microseconds: the 60 MB of
 * rows and grid of a million-line file took 14,000 of them, a fifth of
 * loading it.  MADV_POPULATE_WRITE (Linux 5.14) maps a whole range in one
 * call instead; where it is missing, or fails, the pages fault in one by
 * one as before.  Only whole pages inside the range are touched.
 */
void ds_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	long sz = sysconf(_SC_PAGESIZE);
	size_t page = sz > 0 ? (size_t)sz : 4096;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * Fresh memory is dear on a virtual machine, page by page: on the
 * benchmark's machine the first write to 42 MB of 4 KiB pages took 150-200
 * ms of CPU, and 4-6 ms in 2 MiB pages.  Transparent huge pages are given
 * only where a program asks (Debian's default), so the few large arrays of
 * a big file ask, once each, right after they are allocated (not on every
 * growth: moving a block of huge pages by realloc splits them).  Only the
 * 2 MiB-aligned inside of the block is advised; nothing is touched.
 */
void ds_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(huge - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *ds_malloc_huge(size_t n)
{
	const size_t huge = (size_t)2 << 20;
	if (n < huge / 4)
		return malloc(n ? n : 1);
	if (n > SIZE_MAX - huge)
		return NULL;
	size_t whole = (n + huge - 1) & ~(huge - 1);
	void *p = aligned_alloc(huge, whole);
	if (p != NULL)
		ds_advise_huge(p, whole);
	return p;
}

/*
 * The threads runnable at this instant, this one included, from the
 * fourth field of /proc/loadavg ("running/total"); 0 when unknown.
 */
static long running_once(void)
{
	char buf[128];
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	const char *p = buf;
	for (int field = 0; field < 3 && p != NULL; field++)
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	if (p == NULL || *p < '1' || *p > '9')
		return 0;
	return strtol(p, NULL, 10);
}

/*
 * The fewest of three looks a tenth of a millisecond apart: a process that
 * keeps a core busy is runnable in all of them, one that only passes (the
 * shell that started this one, a kernel worker) seldom is.
 */
static long running_now(void)
{
	long least = 0;
	for (int i = 0; i < 3; i++) {
		long n = running_once();
		if (n > 0 && (least == 0 || n < least))
			least = n;
		if (least == 1)
			break; /* nothing but this one: no need to look again */
		struct timespec ts = { 0, 100000 };
		nanosleep(&ts, NULL);
	}
	return least;
}

/*
 * Work spread over processes or threads costs CPU time of its own (a
 * merge, a second copy of memory, more processes to start), which pays
 * where a core would otherwise wait and is a loss where every core is
 * busy.  Two measures, the more hopeful one taken: the threads runnable
 * at this instant (the load average of a minute still counts work that
 * has ended, such as the commands run just before this one), and that
 * average (an instant may catch another process's brief turn).  A core
 * both call busy is left alone.
 */
size_t ds_idle_cpus(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double load[1];
	if (cpus < 1)
		return 1;
	long now = running_now(), idle_now = 0, idle_avg = cpus;
	if (now > 0)
		idle_now = now - 1 >= cpus ? 1 : cpus - (now - 1);
	if (getloadavg(load, 1) == 1 && load[0] >= 0) {
		double idle = (double)cpus - load[0] + 0.5;
		idle_avg = idle < 1 ? 1 : (long)idle;
	}
	long idle = idle_now > idle_avg ? idle_now : idle_avg;
	return idle < 1 ? 1 : (size_t)idle;
}
