/*
 * strmap.h - a string-keyed open-addressing hash map and a string pool.
 *
 * The map stores borrowed keys (the caller keeps them alive, usually in the
 * pool) and uint32_t values.  The pool interns strings: each distinct string
 * is stored once and named by a small id, which keeps a million rows that
 * all cite the same source from holding a million copies of it.
 */
#ifndef DEFSPEND_STRMAP_H
#define DEFSPEND_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct ds_strmap {
	const char **keys;
	size_t *lens;
	uint32_t *vals;
	size_t cap, n;
};

void ds_strmap_init(struct ds_strmap *m);
void ds_strmap_release(struct ds_strmap *m);
/* Looks up key[0..len); returns 1 and sets *val when found, 0 when not. */
int ds_strmap_get(const struct ds_strmap *m, const char *key, size_t len, uint32_t *val);
/* Makes room for n keys in all, so that adding them rehashes nothing.  0, or -1 (memory). */
int ds_strmap_reserve(struct ds_strmap *m, size_t n);

/* Adds or replaces; the key bytes are borrowed.  Returns 0, or -1 out of memory. */
int ds_strmap_put(struct ds_strmap *m, const char *key, size_t len, uint32_t val);

struct ds_pool {
	char **s;
	size_t n, cap;
	struct ds_strmap map;
};

/* Id 0 is always the empty string. */
int ds_pool_init(struct ds_pool *p);
void ds_pool_release(struct ds_pool *p);
/* Interns s[0..len) and stores its id in *id.  Returns 0, or -1 out of memory. */
int ds_pool_intern(struct ds_pool *p, const char *s, size_t len, uint32_t *id);
/* The string with that id (valid until the pool is released). */
const char *ds_pool_str(const struct ds_pool *p, uint32_t id);

#endif
