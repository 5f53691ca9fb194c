/*
 * lookup.c - members by code, name or alias (see lookup.h).
 *
 * Every code, name and alias is folded once (text.h) into a key of the
 * dataset's matching index, so a lookup is one fold and one hash probe.
 * Suggestions for a name that matches nothing rank the keys by edit
 * distance, then prefer a key that starts with what was typed.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/lookup.h"
#include "defspend/text.h"

#define KEY_MAX 256

/* Adds key -> m; a key naming another member is a clash, whose folded key
 * (held by the dataset) goes to *clash_key. */
static int add_key(struct ds_dataset *ds, const char *text, size_t m, size_t *clash,
		   const char **clash_key)
{
	char key[KEY_MAX];
	size_t len = ds_text_fold(text, key, sizeof key);
	if (len == 0)
		return 0;
	uint32_t id, prev;
	if (ds_pool_intern(&ds->keys, key, len, &id) != 0)
		return -2;
	const char *stored = ds_pool_str(&ds->keys, id);
	if (ds_strmap_get(&ds->by_key, stored, len, &prev)) {
		if (prev != m) {
			*clash = prev;
			*clash_key = stored;
			return -1;
		}
		return 0;
	}
	return ds_strmap_put(&ds->by_key, stored, len, (uint32_t)m) == 0 ? 0 : -2;
}

/* Adds key -> m, remembering the first clash; -2 on no memory, else 0. */
static int add_checked(struct ds_dataset *ds, const char *text, size_t m, int *clashed,
		       size_t *clash_a, size_t *clash_b, const char **clash_key)
{
	size_t a;
	const char *key;
	int rc = add_key(ds, text, m, &a, &key);
	if (rc == -1 && !*clashed) {
		*clashed = 1;
		*clash_a = a;
		*clash_b = m;
		*clash_key = key;
	}
	return rc == -2 ? -2 : 0;
}

int ds_lookup_build(struct ds_dataset *ds, size_t *clash_a, size_t *clash_b, const char **clash_key)
{
	ds->keys_ready = 0;
	ds_strmap_release(&ds->by_key);
	ds_pool_release(&ds->keys);
	if (ds_pool_init(&ds->keys) != 0)
		return -2;
	ds_strmap_init(&ds->by_key);
	int clashed = 0;
	/* Codes first, so that in a lone spending file (where a clash is not an
	 * error) a code always finds its own member, whatever names say. */
	for (size_t m = 0; m < ds->nmembers; m++) {
		const struct ds_member *mb = &ds->members[m];
		if (add_checked(ds, mb->iso3, m, &clashed, clash_a, clash_b, clash_key) != 0 ||
		    add_checked(ds, mb->iso2, m, &clashed, clash_a, clash_b, clash_key) != 0)
			return -2;
	}
	for (size_t m = 0; m < ds->nmembers; m++) {
		const struct ds_member *mb = &ds->members[m];
		if (add_checked(ds, mb->name, m, &clashed, clash_a, clash_b, clash_key) != 0)
			return -2;
		const char *a = mb->aliases;
		while (*a) {
			const char *end = strchr(a, ';');
			size_t len = end ? (size_t)(end - a) : strlen(a);
			char alias[KEY_MAX];
			if (len >= sizeof alias)
				len = sizeof alias - 1;
			memcpy(alias, a, len);
			alias[len] = '\0';
			/* The key, not the whole alias list, names the clash. */
			if (add_checked(ds, alias, m, &clashed, clash_a, clash_b, clash_key) != 0)
				return -2;
			a = end ? end + 1 : a + strlen(a);
		}
	}
	ds->keys_ready = 1;
	return clashed ? -1 : 0;
}

/*
 * Builds the index of a lone spending file on first use.  The index is a
 * cache: the dataset means the same with or without it, so the const of
 * the lookups is cast away for it (the dataset itself was never const).
 * Out of memory here reads as "no match".
 */
static int ready(const struct ds_dataset *ds)
{
	if (ds->keys_ready)
		return 1;
	size_t a, b;
	const char *key;
	return ds_lookup_build((struct ds_dataset *)ds, &a, &b, &key) != -2;
}

int ds_lookup_member(const struct ds_dataset *ds, const char *query, size_t *member)
{
	if (!ready(ds))
		return -1;
	char key[KEY_MAX];
	size_t len = ds_text_fold(query, key, sizeof key);
	uint32_t m;
	if (len == 0 || !ds_strmap_get(&ds->by_key, key, len, &m))
		return -1;
	*member = m;
	return 0;
}

struct candidate {
	size_t member;
	size_t score;
};

static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->member < y->member ? -1 : x->member > y->member;
}

size_t ds_lookup_suggest(const struct ds_dataset *ds, const char *query, size_t *out, size_t max)
{
	if (!ready(ds))
		return 0;
	char q[KEY_MAX];
	size_t qlen = ds_text_fold(query, q, sizeof q);
	if (qlen == 0 || max == 0 || ds->nmembers == 0)
		return 0;
	struct candidate *best = malloc(ds->nmembers * sizeof *best);
	if (best == NULL)
		return 0;
	for (size_t m = 0; m < ds->nmembers; m++)
		best[m] = (struct candidate){ m, (size_t)-1 };
	/* A key is close when its distance is at most a third of its length
	 * (and at least 2), or when it starts with the query. */
	for (size_t i = 0; i < ds->by_key.cap; i++) {
		const char *k = ds->by_key.keys[i];
		if (k == NULL)
			continue;
		size_t m = ds->by_key.vals[i];
		size_t klen = ds->by_key.lens[i];
		size_t cap = klen / 3 > 2 ? klen / 3 : 2;
		size_t d = ds_text_distance(q, k, cap + 1);
		size_t score = (size_t)-1;
		if (d <= cap)
			score = d * 2 + 1;
		if (qlen >= 3 && klen > qlen && strncmp(k, q, qlen) == 0)
			score = score < 1 ? score : 1;
		if (score < best[m].score)
			best[m].score = score;
	}
	qsort(best, ds->nmembers, sizeof *best, by_score);
	size_t n = 0;
	for (size_t i = 0; i < ds->nmembers && n < max && best[i].score != (size_t)-1; i++)
		out[n++] = best[i].member;
	free(best);
	return n;
}
