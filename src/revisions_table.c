/*
 * revisions_table.c - the result tables of `revisions` and `releases` (see
 * revisions.h), for the front end and the report alike.
 *
 * Every percentage is written with the decimals it was published with, so
 * the table says which precision each release used: a one-decimal release
 * shows "2.1", never "2.10".  Missing values are NULL cells, never zero.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/num.h"
#include "defspend/revisions.h"

/* Maps a failed table call (errno set) to a status with a diagnostic. */
static int table_error(struct ds_errors *err)
{
	if (errno == ENOMEM)
		return ds_errors_nomem(err, NULL);
	return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "building a table: %s",
			     strerror(errno));
}

static int add_columns(struct ds_table *t, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ds_table_add_column(t, names[i]) != 0)
			return -1;
	return 0;
}

static int set_pct(struct ds_table *t, size_t col, int64_t v, int dec)
{
	char buf[32];
	ds_num_format_fixed(buf, sizeof buf, v, DS_PCT_DECIMALS, dec);
	return ds_table_set_number(t, col, buf);
}

static int set_size(struct ds_table *t, size_t col, size_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%zu", v);
	return ds_table_set_number(t, col, buf);
}

static int set_int(struct ds_table *t, size_t col, int v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%d", v);
	return ds_table_set_number(t, col, buf);
}

/* Sets text, or NULL for an empty string (an unknown value, never ""). */
static int set_opt_text(struct ds_table *t, size_t col, const char *s)
{
	return s != NULL && *s != '\0' ? ds_table_set_text(t, col, s) : ds_table_set_null(t, col);
}

static int finish(struct ds_table *t, int failed, struct ds_table **out, struct ds_errors *err)
{
	if (!failed) {
		*out = t;
		return DS_OK;
	}
	int rc = table_error(err);
	ds_table_free(t);
	return rc;
}

int ds_revisions_table(const struct ds_dataset *ds, const char *from_id, const char *to_id,
		       const struct ds_revision *v, size_t n, struct ds_table **out,
		       struct ds_errors *err)
{
	static const char *const cols[] = { "iso3",     "country",    "year",   "from_release",
					    "from_pct", "to_release", "to_pct", "change_pp" };
	*out = NULL;
	struct ds_table *t = ds_table_new();
	if (t == NULL)
		return finish(NULL, 1, out, err);
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },       { "country", DS_COL_KEY, NULL, 8 },
		{ "year", DS_COL_KEY, NULL, 0 },       { "from_release", DS_COL_NORMAL, "from", 0 },
		{ "from_pct", DS_COL_MAIN, "pct", 0 }, { "to_release", DS_COL_NORMAL, "to", 0 },
		{ "to_pct", DS_COL_MAIN, "pct", 0 },   { "change_pp", DS_COL_MAIN, "change", 0 },
	};
	int bad = add_columns(t, cols, sizeof cols / sizeof cols[0]) ||
		  ds_table_describe(t, desc, sizeof desc / sizeof desc[0]);
	for (size_t i = 0; i < n && !bad; i++) {
		const struct ds_revision *r = &v[i];
		const struct ds_member *m = &ds->members[r->member];
		bad = ds_table_add_row(t) || ds_table_set_text(t, 0, m->iso3) ||
		      ds_table_set_text(t, 1, m->name) || set_int(t, 2, r->year) ||
		      ds_table_set_text(t, 3, from_id) || set_pct(t, 4, r->from_pct, r->from_dec) ||
		      ds_table_set_text(t, 5, to_id) || set_pct(t, 6, r->to_pct, r->to_dec) ||
		      set_pct(t, 7, r->change, r->change_dec);
	}
	return finish(t, bad, out, err);
}

int ds_revisions_counts_table(const struct ds_dataset *ds, int year, const struct ds_threshold *th,
			      size_t nth, const struct ds_release_count *v, size_t n,
			      struct ds_table **out, struct ds_errors *err)
{
	static const char *const cols[] = { "release", "published", "basis", "year", "figures" };
	const size_t ncols = sizeof cols / sizeof cols[0];
	*out = NULL;
	struct ds_table *t = ds_table_new();
	if (t == NULL)
		return finish(NULL, 1, out, err);
	static const struct ds_col_desc desc[] = {
		{ "release", DS_COL_KEY, NULL, 0 },   { "published", DS_COL_NORMAL, NULL, 0 },
		{ "basis", DS_COL_NORMAL, NULL, 10 }, { "year", DS_COL_DETAIL, NULL, 0 },
		{ "figures", DS_COL_MAIN, NULL, 0 },
	};
	int bad = add_columns(t, cols, ncols) ||
		  ds_table_describe(t, desc, sizeof desc / sizeof desc[0]);
	for (size_t i = 0; i < nth && !bad; i++) {
		char name[32];
		snprintf(name, sizeof name, "at_%s", th[i].label);
		bad = ds_table_add_column(t, name) ||
		      ds_table_column_set_priority(t, ncols + i, DS_COL_MAIN);
	}
	for (size_t i = 0; i < n && !bad; i++) {
		const struct ds_release *r = &ds->releases[v[i].release];
		bad = ds_table_add_row(t) || ds_table_set_text(t, 0, r->id) ||
		      set_opt_text(t, 1, r->published) || set_opt_text(t, 2, r->basis) ||
		      set_int(t, 3, year) || set_size(t, 4, v[i].figures);
		for (size_t k = 0; k < nth && !bad; k++)
			bad = set_size(t, ncols + k, v[i].at[k]);
	}
	return finish(t, bad, out, err);
}

/*
 * The precision a release's figures were published with, in words: "2
 * decimals", or "2 decimals, 2 cells at 1" when some were published with
 * other precisions (NATO's table at two decimals, press reports at one).
 * The leading precision is releases.csv's decimals, or when it gives none
 * the most common one; "" when there are no figures.
 */
static void precision_text(const size_t *at, int stated, char *buf, size_t size)
{
	int main = stated;
	size_t total = 0;
	for (int d = 0; d <= DS_PCT_DECIMALS; d++) {
		total += at[d];
		if (stated < 0 && (main < 0 || at[d] > at[main]))
			main = d;
	}
	buf[0] = '\0';
	if (total == 0 || main < 0)
		return;
	size_t o = 0;
	int w = snprintf(buf, size, "%d decimal%s", main, main == 1 ? "" : "s");
	for (int d = 0; d <= DS_PCT_DECIMALS && w >= 0 && (size_t)w < size - o; d++) {
		o += (size_t)w;
		w = 0;
		if (d != main && at[d] > 0)
			w = snprintf(buf + o, size - o, ", %zu cell%s at %d", at[d],
				     at[d] == 1 ? "" : "s", d);
	}
}

/* One releases row: coverage of % figures in series s. */
static int release_row(struct ds_table *t, const struct ds_dataset *ds, const struct ds_release *r,
		       const struct ds_series *s, int current)
{
	size_t members = 0, figures = 0, at[DS_PCT_DECIMALS + 1] = { 0 };
	int lo = 0, hi = 0;
	for (size_t m = 0; m < ds->nmembers; m++) {
		size_t before = figures;
		for (int y = s->year_min; s->year_min != 0 && y <= s->year_max; y++) {
			const struct ds_obs *o = ds_series_get(s, m, y);
			if (o == NULL || !(o->flags & DS_OBS_PCT))
				continue;
			figures++;
			at[o->pct_dec <= DS_PCT_DECIMALS ? o->pct_dec : DS_PCT_DECIMALS]++;
			lo = lo == 0 || y < lo ? y : lo;
			hi = y > hi ? y : hi;
		}
		members += figures > before;
	}
	char years[256], precision[160];
	ds_series_year_ranges(s, years, sizeof years);
	precision_text(at, r != NULL ? r->decimals : -1, precision, sizeof precision);
	if (ds_table_add_row(t) || ds_table_set_text(t, 0, r ? r->id : s->id) ||
	    set_opt_text(t, 1, r ? r->title : NULL) ||
	    set_opt_text(t, 2, r ? r->published : NULL) ||
	    set_opt_text(t, 3, r ? r->cutoff : NULL) || set_opt_text(t, 4, r ? r->basis : NULL))
		return -1;
	if ((r != NULL && r->decimals >= 0 ? set_int(t, 5, r->decimals)
					   : ds_table_set_null(t, 5)) ||
	    set_opt_text(t, 6, years) || (lo ? set_int(t, 7, lo) : ds_table_set_null(t, 7)) ||
	    (hi ? set_int(t, 8, hi) : ds_table_set_null(t, 8)) || set_size(t, 9, members) ||
	    set_size(t, 10, figures) || ds_table_set_bool(t, 11, current) ||
	    set_opt_text(t, 12, precision))
		return -1;
	return 0;
}

int ds_releases_table(struct ds_dataset *ds, struct ds_table **out, struct ds_errors *err)
{
	static const char *const cols[] = { "id",       "title",    "published", "cutoff",
					    "basis",    "decimals", "years",     "year_min",
					    "year_max", "members",  "figures",   "current",
					    "precision" };
	*out = NULL;
	size_t *order = malloc((ds->nreleases ? ds->nreleases : 1) * sizeof *order);
	struct ds_table *t = ds_table_new();
	int rc = DS_OK;
	if (order == NULL || t == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	static const struct ds_col_desc desc[] = {
		{ "id", DS_COL_KEY, NULL, 0 },           { "title", DS_COL_EXTRA, NULL, 16 },
		{ "published", DS_COL_NORMAL, NULL, 0 }, { "cutoff", DS_COL_DETAIL, NULL, 0 },
		{ "basis", DS_COL_MAIN, NULL, 10 },      { "decimals", DS_COL_NORMAL, "dec", 0 },
		{ "years", DS_COL_MAIN, NULL, 0 },       { "year_min", DS_COL_DETAIL, "from", 0 },
		{ "year_max", DS_COL_DETAIL, "to", 0 },  { "members", DS_COL_NORMAL, "mem", 0 },
		{ "figures", DS_COL_NORMAL, "figs", 0 }, { "current", DS_COL_MAIN, "cur", 0 },
	};
	if (add_columns(t, cols, sizeof cols / sizeof cols[0]) != 0 ||
	    ds_table_describe(t, desc, sizeof desc / sizeof desc[0]) != 0) {
		rc = table_error(err);
		goto out;
	}
	/* A lone spending file has no releases.csv: describe the file's own release. */
	if (ds->nreleases == 0 && ds->spending != NULL &&
	    release_row(t, ds, NULL, ds->spending, 1)) {
		rc = table_error(err);
		goto out;
	}
	ds_dataset_release_order(ds, order);
	for (size_t i = 0; i < ds->nreleases; i++) {
		const struct ds_release *r = &ds->releases[order[i]];
		struct ds_series *s;
		int owned;
		if ((rc = ds_revisions_series(ds, r->id, &s, &owned, err)) != DS_OK)
			goto out;
		int bad = release_row(t, ds, r, s, (int)order[i] == ds->current_release);
		if (owned)
			ds_series_free(s);
		if (bad) {
			rc = table_error(err);
			goto out;
		}
	}
	*out = t;
	t = NULL;
out:
	free(order);
	ds_table_free(t);
	return rc;
}
