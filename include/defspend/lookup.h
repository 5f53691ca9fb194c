/*
 * lookup.h - finding a member by what a user types.
 *
 * A member is matched by ISO 3166 alpha-3 or alpha-2 code, name or alias,
 * ignoring case, accents, spaces and punctuation: "TUR", "tr", "Türkiye",
 * "turkiye" and "Turkey" all name Türkiye.
 */
#ifndef DEFSPEND_LOOKUP_H
#define DEFSPEND_LOOKUP_H

#include <stddef.h>

#include "defspend/dataset.h"

/*
 * Builds the matching index of ds (done by the loader).  Two members that
 * share a name, code or alias are an error in members.csv: the first clash
 * is reported through *clash_a, *clash_b and *clash_key (the folded key they
 * share, e.g. "holland", held by ds until the next build), and -1
 * returned; -2 on out of memory; 0 when fine.  After a clash the index is
 * still complete: codes are added before names and aliases, and a clashing
 * key stays with the member that had it first (what a lone spending file,
 * where a clash is not an error, relies on).
 */
int ds_lookup_build(struct ds_dataset *ds, size_t *clash_a, size_t *clash_b,
		    const char **clash_key);

/* Sets *member and returns 0 when query names a member; -1 when none does. */
int ds_lookup_member(const struct ds_dataset *ds, const char *query, size_t *member);

/*
 * Fills out[0..max) with the members whose names, codes or aliases come
 * closest to query, best first, for a "did you mean" hint.  Returns how many.
 */
size_t ds_lookup_suggest(const struct ds_dataset *ds, const char *query, size_t *out, size_t max);

#endif
