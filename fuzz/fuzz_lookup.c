/*
 * fuzz_lookup.c - libFuzzer harness for finding a member by what a user
 * types: ds_lookup_member() and ds_lookup_suggest() on the shipped dataset,
 * and the text helpers under them (ds_text_fold, ds_text_distance,
 * ds_utf8_check).
 *
 * The input is a query as it would come from argv: bytes up to the first
 * NUL, anything else allowed.  The first byte also sizes the fold buffer,
 * which is allocated to exactly that size so that a write past it is caught.
 * Folding is checked to be idempotent (a key folds to itself, when it was
 * not cut) and a query must find the same member as its own key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "defspend/text.h"
#include "defspend/utf8.h"
#include "fuzz_util.h"

static struct ds_dataset *ds;

static void setup(void)
{
	struct ds_errors err;
	ds_errors_init(&err);
	if (ds_dataset_load(fz_data_dir(), NULL, &ds, &err) != 0)
		abort(); /* the shipped data must load */
	ds_errors_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ds == NULL)
		setup();
	if (size == 0)
		return 0;
	size_t foldsize = data[0];
	char *q = malloc(size);
	if (q == NULL)
		return 0;
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';
	size_t qlen = strlen(q);

	/* Folding into a buffer of exactly foldsize bytes. */
	char *small = foldsize ? malloc(foldsize) : NULL;
	size_t n = ds_text_fold(q, small, foldsize);
	if (foldsize > 0 && (n >= foldsize || strlen(small) != n))
		abort();
	free(small);

	/* The key of valid UTF-8 folds to itself: matching is stable.  (Bytes
	 * that are not UTF-8 are kept one by one and may pair up into a
	 * character once what stood between them is dropped; no member's
	 * key can hold them, since the loader rejects such files.) */
	char key[512], again[512];
	size_t klen = ds_text_fold(q, key, sizeof key);
	int valid = ds_utf8_check(q, qlen) == qlen;
	if (valid && klen + 1 < sizeof key) {
		size_t alen = ds_text_fold(key, again, sizeof again);
		if (alen != klen || memcmp(key, again, klen) != 0)
			abort();
	}

	size_t m1, m2;
	int r1 = ds_lookup_member(ds, q, &m1);
	int r2 = ds_lookup_member(ds, key, &m2);
	if (valid && klen + 1 < sizeof key && (r1 != r2 || (r1 == 0 && m1 != m2)))
		abort();
	if (r1 == 0 && m1 >= ds->nmembers)
		abort();

	size_t sug[8];
	size_t ns = ds_lookup_suggest(ds, q, sug, 8);
	if (ns > 8)
		abort();
	for (size_t i = 0; i < ns; i++)
		if (sug[i] >= ds->nmembers)
			abort();

	/* Edit distance of the two halves, against its own bounds. */
	char *a = malloc(qlen / 2 + 1);
	if (a != NULL) {
		memcpy(a, q, qlen / 2);
		a[qlen / 2] = '\0';
		const char *b = q + qlen / 2;
		size_t d = ds_text_distance(a, b, 70);
		size_t la = strlen(a), lb = strlen(b);
		size_t longer = la > lb ? la : lb;
		if (d > 70 || (la <= 64 && lb <= 64 && d > longer))
			abort();
		if (ds_text_distance(q, q, 5) != (qlen > 64 ? 5 : 0))
			abort();
		free(a);
	}
	size_t bad = ds_utf8_check((const char *)data, size);
	if (bad > size)
		abort();
	free(q);
	return 0;
}
