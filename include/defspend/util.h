/*
 * util.h - the helpers every module needs: string copies, path joins and
 * array growth.  Each exists once here so that its checks (NULL, overflow)
 * exist once too.
 */
#ifndef DEFSPEND_UTIL_H
#define DEFSPEND_UTIL_H

#include <stddef.h>

/* A malloc'd copy of s, or NULL when memory runs out.  Caller frees. */
char *ds_strdup(const char *s);

/*
 * "DIR/NAME" in malloc'd memory (no second slash when dir ends in one), or
 * NULL when memory runs out.  Caller frees.
 */
char *ds_path_join(const char *dir, const char *name);

/*
 * Makes room for at least `need` elements of `size` bytes in the array *pp
 * whose capacity is *cap elements, growing geometrically (to 16 at least,
 * then doubling).  pp is the address of the array pointer (any object
 * pointer type: `ds_grow(&v, &cap, n + 1, sizeof *v)`).  Returns 0 with *pp
 * and *cap updated, or -1 when the size would overflow or memory runs out,
 * leaving both as they were.
 */
int ds_grow(void *pp, size_t *cap, size_t need, size_t size);

/*
 * A hint: the pages of p[0..n), memory of this process about to be written,
 * are mapped now, in one call, rather than by a page fault each at their
 * first write.  Does nothing where the system cannot; never fails.
 */
void ds_prefault(void *p, size_t n);

/*
 * A hint: p[0..n), a large array just allocated, is better held in huge
 * pages (where the system has them) than in small ones.  Never fails.
 */
void ds_advise_huge(void *p, size_t n);

/*
 * malloc(n) for an array about to be written whole: from 512 KiB on, in
 * whole huge pages of its own (2 MiB aligned, advised as ds_advise_huge()),
 * where one fault maps 2 MiB instead of 4 KiB.  Freed with free(); may be
 * grown by realloc() like any block (which may split its huge pages).
 */
void *ds_malloc_huge(size_t n);

/*
 * How many processors other work leaves idle: by the threads runnable now
 * (/proc/loadavg) or by the load average of the last minute, whichever
 * finds more; at least 1, at most the processors online.
 */
size_t ds_idle_cpus(void);

#endif
