/*
 * revisions.c - comparing two releases figure by figure, and counting each
 * release against the thresholds (see revisions.h).
 *
 * Both series are indexed by the dataset's members (ds_series_get), so a
 * comparison is a walk over members x years that keeps the cells where
 * both releases published a percentage.  Figures are fixed-point millionths
 * carrying their own decimals, so the change is an exact integer difference
 * and needs no rounding when printed with the larger precision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/basis.h"
#include "defspend/calc.h"
#include "defspend/load.h"
#include "defspend/revisions.h"
#include "defspend/util.h"

static const struct ds_obs *pct_obs(const struct ds_series *s, size_t m, int year)
{
	const struct ds_obs *o = ds_series_get(s, m, year);
	return o != NULL && (o->flags & DS_OBS_PCT) ? o : NULL;
}

static int wanted(const struct ds_revisions_query *q, size_t m)
{
	if (q == NULL || q->members == NULL)
		return 1;
	for (size_t i = 0; i < q->nmembers; i++)
		if (q->members[i] == m)
			return 1;
	return 0;
}

int ds_revisions_compare(const struct ds_dataset *ds, const struct ds_series *from,
			 const struct ds_series *to, const struct ds_revisions_query *q,
			 struct ds_revision **out, size_t *n, struct ds_errors *err)
{
	*out = NULL;
	*n = 0;
	if (from->year_min == 0 || to->year_min == 0)
		return DS_OK;
	int lo = from->year_min > to->year_min ? from->year_min : to->year_min;
	int hi = from->year_max < to->year_max ? from->year_max : to->year_max;
	if (q != NULL && q->year != 0) {
		if (q->year < lo || q->year > hi)
			return DS_OK;
		lo = hi = q->year;
	}
	struct ds_revision *v = NULL;
	size_t len = 0, cap = 0;
	for (size_t m = 0; m < ds->nmembers; m++) {
		if (!wanted(q, m))
			continue;
		for (int y = lo; y <= hi; y++) {
			const struct ds_obs *a = pct_obs(from, m, y), *b = pct_obs(to, m, y);
			if (a == NULL || b == NULL)
				continue;
			if (ds_grow(&v, &cap, len + 1, sizeof *v) != 0) {
				free(v);
				return ds_errors_nomem(err, NULL);
			}
			struct ds_revision *r = &v[len++];
			r->member = m;
			r->year = y;
			r->from_pct = a->pct;
			r->to_pct = b->pct;
			r->from_dec = a->pct_dec;
			r->to_dec = b->pct_dec;
			r->change = (int64_t)b->pct - (int64_t)a->pct;
			r->change_dec = a->pct_dec > b->pct_dec ? a->pct_dec : b->pct_dec;
		}
	}
	*out = v;
	*n = len;
	return DS_OK;
}

int ds_revisions_series(struct ds_dataset *ds, const char *id, struct ds_series **out, int *owned,
			struct ds_errors *err)
{
	*owned = 0;
	/* A series filled from other releases (fill.h) is not the release itself. */
	if (ds->spending != NULL && ds->spending->id != NULL && strcmp(ds->spending->id, id) == 0 &&
	    ds->spending->nfilled == 0 &&
	    (ds->dir == NULL || ds_dataset_find_release(ds, id) >= 0)) {
		*out = ds->spending;
		return DS_OK;
	}
	int rc = ds_dataset_load_release(ds, id, out, err);
	if (rc == DS_OK)
		*owned = 1;
	return rc;
}

const char *ds_revisions_current_id(const struct ds_dataset *ds)
{
	if (ds->current_release >= 0)
		return ds->releases[ds->current_release].id;
	return ds->spending != NULL ? ds->spending->id : "";
}

const char *ds_revisions_basis_note(const struct ds_dataset *ds, const char *a, const char *b,
				    char *note, size_t size)
{
	int i = ds_dataset_find_release(ds, a), j = ds_dataset_find_release(ds, b);
	if (i < 0 || j < 0)
		return NULL;
	const char *ba = ds->releases[i].basis, *bb = ds->releases[j].basis;
	if (ds_basis_same(ba, bb))
		return NULL;
	snprintf(note, size,
		 "'%s' (%s) and '%s' (%s) measure different things: the change is not a revision",
		 a, *ba ? ba : "basis not given", b, *bb ? bb : "basis not given");
	return note;
}

/* Does release series a share a % figure (member and year) with b? */
static int shares(const struct ds_dataset *ds, const struct ds_series *a, const struct ds_series *b,
		  int year)
{
	if (a->year_min == 0 || b->year_min == 0)
		return 0;
	for (size_t m = 0; m < ds->nmembers; m++)
		for (int y = a->year_min; y <= a->year_max; y++)
			if ((year == 0 || y == year) && pct_obs(a, m, y) && pct_obs(b, m, y))
				return 1;
	return 0;
}

int ds_revisions_default_from(struct ds_dataset *ds, const char *to_id, int year, int *from,
			      struct ds_errors *err)
{
	*from = -1;
	struct ds_series *to, *s;
	int to_owned, owned;
	int rc = ds_revisions_series(ds, to_id, &to, &to_owned, err);
	if (rc != DS_OK)
		return rc;
	size_t *order = malloc((ds->nreleases ? ds->nreleases : 1) * sizeof *order);
	if (order == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	ds_dataset_release_order(ds, order);
	for (size_t i = 0; i < ds->nreleases && *from < 0; i++) {
		const char *id = ds->releases[order[i]].id;
		if (strcmp(id, to_id) == 0)
			continue;
		if ((rc = ds_revisions_series(ds, id, &s, &owned, err)) != DS_OK)
			goto out;
		if (shares(ds, s, to, year))
			*from = (int)order[i];
		if (owned)
			ds_series_free(s);
	}
out:
	free(order);
	if (to_owned)
		ds_series_free(to);
	return rc;
}

int ds_revisions_counts(struct ds_dataset *ds, int year, const struct ds_threshold *th, size_t nth,
			struct ds_release_count **out, size_t *n, struct ds_errors *err)
{
	*out = NULL;
	*n = 0;
	if (nth > DS_MAX_THRESHOLDS)
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "too many thresholds");
	size_t nrel = ds->nreleases ? ds->nreleases : 1;
	size_t *order = malloc(nrel * sizeof *order);
	struct ds_release_count *v = calloc(nrel, sizeof *v);
	int rc = DS_OK;
	if (order == NULL || v == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	ds_dataset_release_order(ds, order);
	size_t len = 0;
	for (size_t i = 0; i < ds->nreleases; i++) {
		struct ds_series *s;
		int owned;
		if ((rc = ds_revisions_series(ds, ds->releases[order[i]].id, &s, &owned, err)) !=
		    DS_OK)
			goto out;
		/* The calculator's own yearly count, so that `list` and this agree. */
		struct ds_calc calc;
		struct ds_calc_year sum;
		rc = ds_calc_init(&calc, ds, s, th, nth, 0, 0);
		if (rc == DS_OK)
			ds_calc_year_summary(&calc, year, &sum);
		if (rc == DS_OK && sum.reporting > 0) {
			struct ds_release_count *c = &v[len++];
			c->release = order[i];
			c->figures = sum.reporting;
			memcpy(c->at, sum.meeting, nth * sizeof c->at[0]);
		}
		if (owned)
			ds_series_free(s);
		if (rc != DS_OK) {
			rc = ds_errors_add(err, rc, NULL, 0, 0, "too many thresholds");
			goto out;
		}
	}
	*n = len;
	if (len > 0) {
		*out = v;
		v = NULL;
	}
out:
	free(order);
	free(v);
	return rc;
}
