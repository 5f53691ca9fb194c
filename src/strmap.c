/*
 * strmap.c - the hash map and string pool (see strmap.h).
 *
 * Linear probing over a power-of-two table kept at most half full.  Keys
 * are hashed eight bytes at a time (a multiply and a shift per word, the
 * last word mixed again so that the low bits, which pick the slot, depend
 * on every byte): the keys are often long (a source's URL on every row).
 * Keys are compared by length and bytes, so they need not be
 * NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/strmap.h"
#include "defspend/util.h"

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
	}
	w = 0;
	if (i < len)
		memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0x94D049BB133111EBULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 32);
}

void ds_strmap_init(struct ds_strmap *m)
{
	memset(m, 0, sizeof *m);
}

void ds_strmap_release(struct ds_strmap *m)
{
	free(m->keys);
	free(m->lens);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* Tables of this many slots and more are mapped when made (grow()). */
#define PREFAULT_SLOTS 4096

static size_t slot(const struct ds_strmap *m, const char *key, size_t len)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)hash(key, len) & mask;
	while (m->keys[i] != NULL && !(m->lens[i] == len && memcmp(m->keys[i], key, len) == 0))
		i = (i + 1) & mask;
	return i;
}

int ds_strmap_get(const struct ds_strmap *m, const char *key, size_t len, uint32_t *val)
{
	if (m->cap == 0)
		return 0;
	size_t i = slot(m, key, len);
	if (m->keys[i] == NULL)
		return 0;
	*val = m->vals[i];
	return 1;
}

/*
 * Rehashes into a table twice the size: not ds_grow()'s job, since every
 * key moves to a new slot, but with the same refusal of a size that would
 * overflow.
 */
static int grow(struct ds_strmap *m)
{
	if (m->cap > SIZE_MAX / 2 / sizeof(size_t))
		return -1;
	size_t cap = m->cap ? m->cap * 2 : 16;
	struct ds_strmap bigger = {
		.keys = calloc(cap, sizeof(char *)),
		.lens = malloc(cap * sizeof(size_t)),
		.vals = malloc(cap * sizeof(uint32_t)),
		.cap = cap,
		.n = m->n,
	};
	if (bigger.keys == NULL || bigger.lens == NULL || bigger.vals == NULL) {
		ds_strmap_release(&bigger);
		return -1;
	}
	/* Keys land all over the table: a large one is mapped at once rather
	 * than page by page as slots are first touched (ds_prefault()). */
	if (cap >= PREFAULT_SLOTS) {
		ds_prefault(bigger.keys, cap * sizeof *bigger.keys);
		ds_prefault(bigger.lens, cap * sizeof *bigger.lens);
		ds_prefault(bigger.vals, cap * sizeof *bigger.vals);
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		size_t j = slot(&bigger, m->keys[i], m->lens[i]);
		bigger.keys[j] = m->keys[i];
		bigger.lens[j] = m->lens[i];
		bigger.vals[j] = m->vals[i];
	}
	ds_strmap_release(m);
	*m = bigger;
	return 0;
}

int ds_strmap_reserve(struct ds_strmap *m, size_t n)
{
	while (n > m->cap / 2)
		if (grow(m) != 0)
			return -1;
	return 0;
}

int ds_strmap_put(struct ds_strmap *m, const char *key, size_t len, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
		return -1;
	size_t i = slot(m, key, len);
	if (m->keys[i] == NULL) {
		m->keys[i] = key;
		m->lens[i] = len;
		m->n++;
	}
	m->vals[i] = val;
	return 0;
}

int ds_pool_init(struct ds_pool *p)
{
	memset(p, 0, sizeof *p);
	ds_strmap_init(&p->map);
	uint32_t id;
	return ds_pool_intern(p, "", 0, &id);
}

void ds_pool_release(struct ds_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->s[i]);
	free(p->s);
	ds_strmap_release(&p->map);
	memset(p, 0, sizeof *p);
}

int ds_pool_intern(struct ds_pool *p, const char *s, size_t len, uint32_t *id)
{
	if (ds_strmap_get(&p->map, s, len, id))
		return 0;
	if (p->n == UINT32_MAX)
		return -1;
	if (p->n == p->cap && ds_grow(&p->s, &p->cap, p->n + 1, sizeof *p->s) != 0)
		return -1;
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return -1;
	if (len > 0)
		memcpy(copy, s, len);
	copy[len] = '\0';
	if (ds_strmap_put(&p->map, copy, len, (uint32_t)p->n) != 0) {
		free(copy);
		return -1;
	}
	p->s[p->n] = copy;
	*id = (uint32_t)p->n++;
	return 0;
}

const char *ds_pool_str(const struct ds_pool *p, uint32_t id)
{
	return id < p->n ? p->s[id] : "";
}
