/*
 * explain.c - one member-year, field by field and formula by formula (see
 * explain.h).
 *
 * The stored fields are read back from the release's file rather than from
 * the loaded series: the series keeps what the calculator needs (the
 * figure, its decimals, flags, pool ids), while a reader asking "where does
 * this come from" wants every cell as written, the dollar and GDP sources
 * and any column the loader does not know.  The file is read with the same
 * strict reader as everything else and was already checked by the loader.
 *
 * The derived figures come from the calculator on the very series the
 * other commands answer from, so an explanation can never disagree with a
 * table; only the words around the numbers are made here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/csvread.h"
#include "defspend/explain.h"
#include "defspend/load.h"
#include "defspend/money.h"
#include "defspend/num.h"
#include "defspend/provenance.h"
#include "defspend/util.h"

/* The raw row of one member-year: header names and cells, owned. */
struct raw_row {
	const char *iso3;
	int year;
	char **names, **cells;
	size_t n;
	int found;
	int col_iso3, col_year;
};

static void raw_release(struct raw_row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->names[i]);
		if (r->cells != NULL)
			free(r->cells[i]);
	}
	free(r->names);
	free(r->cells);
	r->names = r->cells = NULL;
	r->n = 0;
}

static int on_record(void *ctx, const struct ds_csv_record *rec)
{
	struct raw_row *r = ctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0) {
		r->names = calloc(rec->nfields, sizeof *r->names);
		if (r->names == NULL)
			return DS_ENOMEM;
		r->n = rec->nfields;
		r->col_iso3 = r->col_year = -1;
		for (size_t i = 0; i < rec->nfields; i++) {
			if ((r->names[i] = ds_strdup(rec->fields[i].s)) == NULL)
				return DS_ENOMEM;
			if (strcmp(rec->fields[i].s, "iso3") == 0)
				r->col_iso3 = (int)i;
			if (strcmp(rec->fields[i].s, "year") == 0)
				r->col_year = (int)i;
		}
		return 0;
	}
	if (r->found || r->col_iso3 < 0 || r->col_year < 0 || rec->nfields != r->n ||
	    strcmp(rec->fields[r->col_iso3].s, r->iso3) != 0 ||
	    atoi(rec->fields[r->col_year].s) != r->year)
		return 0;
	r->cells = calloc(r->n, sizeof *r->cells);
	if (r->cells == NULL)
		return DS_ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		if ((r->cells[i] = ds_strdup(rec->fields[i].s)) == NULL)
			return DS_ENOMEM;
	r->found = 1;
	return 0;
}

/* The file of release id: its releases.csv entry in a data directory, else the series' path. */
static char *release_path(const struct ds_dataset *ds, const struct ds_series *s, const char *id)
{
	int r = ds->dir != NULL && id != NULL ? ds_dataset_find_release(ds, id) : -1;
	if (r >= 0)
		return ds_path_join(ds->dir, ds->releases[r].file);
	return ds_strdup(s->path != NULL ? s->path : "");
}

/* Reads the row of iso3 and year from path into *r (r->found says whether there is one). */
static int read_row(const char *path, const char *iso3, int year, struct raw_row *r,
		    struct ds_errors *err)
{
	memset(r, 0, sizeof *r);
	r->iso3 = iso3;
	r->year = year;
	int rc = ds_csv_read_path(path, NULL, on_record, r, err);
	if (rc == DS_ENOMEM)
		return ds_errors_nomem(err, path);
	return rc;
}

/* Appends a row section,field,value,detail; NULL value or detail: a NULL cell. */
static int add(struct ds_table *t, const char *section, const char *field, const char *value,
	       const char *detail)
{
	return ds_table_add_row(t) || ds_table_set_text(t, 0, section) ||
	       ds_table_set_text(t, 1, field) ||
	       (value != NULL && ds_table_set_text(t, 2, value)) ||
	       (detail != NULL && ds_table_set_text(t, 3, detail));
}

/* A percentage as published: fixed point with its own decimals. */
static void pct_text(char *buf, size_t size, int64_t v, int dec)
{
	ds_num_format_fixed(buf, size, v, DS_PCT_DECIMALS, dec);
}

/* "5,013.574": an amount in millionths with its trailing zeros dropped and thousands marked. */
static void amount_text(char *buf, size_t size, int64_t v)
{
	char plain[64];
	ds_num_format_fixed(plain, sizeof plain, v, DS_AMOUNT_DECIMALS, DS_AMOUNT_DECIMALS);
	char *dot = strchr(plain, '.');
	if (dot != NULL) {
		char *end = plain + strlen(plain);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	size_t intlen = dot != NULL && *dot == '.' ? (size_t)(dot - plain) : strlen(plain);
	size_t lead = plain[0] == '-', o = 0;
	for (size_t i = 0; plain[i] != '\0' && o + 2 < size; i++) {
		if (i > lead && i < intlen && (intlen - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = plain[i];
	}
	buf[o] = '\0';
}

/* What a stored field means, where it needs saying; NULL otherwise. */
static const char *field_detail(const struct ds_dataset *ds, const struct ds_obs *o,
				const char *name, const char *value, char *buf, size_t size)
{
	if (strcmp(name, "pct_gdp") == 0) {
		if (*value == '\0')
			return ds_provenance_missing_text(ds_provenance_missing(ds, o));
		const char *dot = strchr(value, '.');
		int dec = dot ? (int)strlen(dot + 1) : 0;
		snprintf(buf, size, "%% of GDP, published with %d decimal%s", dec,
			 dec == 1 ? "" : "s");
		return buf;
	}
	if (strcmp(name, "estimate") == 0)
		return strcmp(value, "1") == 0 ? "NATO marks the figure as an estimate"
					       : "NATO does not mark it as an estimate";
	if (strcmp(name, "spend_usd_m") == 0)
		return *value ? "NATO's figure in millions of current US dollars"
			      : "no dollar figure in this release's data";
	if (strcmp(name, "gdp_usd_bn") == 0)
		return *value ? "IMF GDP in billions of current US dollars, not NATO's GDP"
			      : "no IMF GDP in the data";
	return NULL;
}

static int section_figure(struct ds_table *t, const struct ds_dataset *ds, const struct ds_obs *o,
			  const struct raw_row *r, const char *path, const char *chosen)
{
	char buf[128];
	int bad = 0;
	const char *rel = o != NULL ? ds_dataset_str(ds, o->release) : chosen;
	if (o != NULL && (o->flags & DS_OBS_FILLED)) {
		snprintf(buf, sizeof buf, "release %s has no figure; --fill took this release's",
			 chosen);
		bad |= add(t, "figure", "filled_from", rel, buf);
	}
	if (!r->found) {
		snprintf(buf, sizeof buf, "no row in release %s", rel ? rel : "");
		return bad | add(t, "figure", "row", NULL, buf);
	}
	bad |= add(t, "figure", "file", path, NULL);
	for (size_t i = 0; i < r->n && !bad; i++)
		bad |= add(t, "figure", r->names[i], r->cells[i],
			   field_detail(ds, o, r->names[i], r->cells[i], buf, sizeof buf));
	return bad;
}

static int section_release(struct ds_table *t, const struct ds_dataset *ds, const char *id)
{
	int i = id != NULL ? ds_dataset_find_release(ds, id) : -1;
	if (i < 0)
		return add(t, "release", "id", id, "not in releases.csv");
	const struct ds_release *r = &ds->releases[i];
	int current = i == ds->current_release;
	return add(t, "release", "id", r->id, current ? "the current release" : NULL) ||
	       add(t, "release", "title", r->title, NULL) ||
	       add(t, "release", "published", r->published, NULL) ||
	       add(t, "release", "cutoff", *r->cutoff ? r->cutoff : NULL,
		   *r->cutoff ? "data cut-off" : "not given") ||
	       add(t, "release", "basis", r->basis, NULL) ||
	       add(t, "release", "source", *r->source ? r->source : NULL, NULL);
}

/* The member-year in every release but `skip`, oldest first. */
static int section_releases(struct ds_table *t, struct ds_dataset *ds, size_t m, int year,
			    const char *skip, struct ds_errors *err)
{
	if (ds->dir == NULL || ds->nreleases == 0)
		return DS_OK;
	size_t *order = malloc(ds->nreleases * sizeof *order);
	if (order == NULL)
		return ds_errors_nomem(err, NULL);
	ds_dataset_release_order(ds, order);
	int rc = DS_OK;
	for (size_t k = 0; k < ds->nreleases && rc == DS_OK; k++) {
		const struct ds_release *rel = &ds->releases[order[k]];
		if (skip != NULL && strcmp(rel->id, skip) == 0)
			continue;
		struct ds_series *s;
		if ((rc = ds_dataset_load_release(ds, rel->id, &s, err)) != DS_OK)
			break;
		const struct ds_obs *o = ds_series_get(s, m, year);
		char pct[48] = "", detail[1024];
		int has = o != NULL && (o->flags & DS_OBS_PCT);
		if (has)
			pct_text(pct, sizeof pct, o->pct, o->pct_dec);
		if (has)
			snprintf(detail, sizeof detail, "published %s, %s basis; source %s",
				 rel->published, *rel->basis ? rel->basis : "basis not given",
				 ds_dataset_str(ds, o->source));
		else
			snprintf(detail, sizeof detail, "%s; published %s, %s basis",
				 ds_provenance_missing_text(ds_provenance_missing(ds, o)),
				 rel->published, *rel->basis ? rel->basis : "basis not given");
		if (add(t, "releases", rel->id, has ? pct : NULL, detail) != 0)
			rc = ds_errors_nomem(err, NULL);
		ds_series_free(s);
	}
	free(order);
	return rc;
}

/* rank, meets_T, gap_T_pp, gap_T_usd_m and the change since the base year. */
static int section_derived(struct ds_table *t, const struct ds_calc *c, size_t m, int year)
{
	struct ds_calc_member r;
	struct ds_calc_year y;
	ds_calc_member_year(c, m, year, &r);
	ds_calc_year_summary(c, year, &y);
	char v[64], d[512], pct[48], th[48], gap[48], gdp[64], exact[64];
	int bad = 0;
	pct_text(pct, sizeof pct, r.pct, r.pct_dec);
	int rank = ds_calc_rank(c, m, year);
	snprintf(v, sizeof v, "%d", rank);
	snprintf(d, sizeof d, "of %zu members reporting a %d figure; %d ha%s a higher one%s",
		 y.reporting, year, rank - 1, rank - 1 == 1 ? "s" : "ve",
		 ds_calc_thin(&y) ? " (thinly covered: fewer than half the members report)" : "");
	bad |= add(t, "derived", "rank", v, d);
	for (size_t i = 0; i < c->nth && !bad; i++) {
		const struct ds_calc_gap *g = &r.gap[i];
		const char *label = c->th[i].label;
		int tdec = ds_calc_threshold_decimals(&c->th[i]);
		int dec = r.pct_dec > tdec ? r.pct_dec : tdec;
		pct_text(th, sizeof th, c->th[i].pct, tdec);
		pct_text(gap, sizeof gap, g->gap_pp, dec);
		char name[48];
		snprintf(name, sizeof name, "meets_%s", label);
		snprintf(d, sizeof d, "%s %s %s, compared exactly", pct, g->meets ? ">=" : "<", th);
		bad |= add(t, "derived", name, g->meets ? "yes" : "no", d);
		snprintf(name, sizeof name, "gap_%s_pp", label);
		if (g->meets)
			snprintf(d, sizeof d, "met, %s >= %s", pct, th);
		else
			snprintf(d, sizeof d, "%s - %s = %s", th, pct, gap);
		bad |= add(t, "derived", name, gap, d);
		snprintf(name, sizeof name, "gap_%s_usd_m", label);
		if (g->meets) {
			bad |= add(t, "derived", name, "0", "met, no gap");
		} else if (!g->has_usd) {
			bad |= add(t, "derived", name, NULL,
				   "no IMF GDP for this year in the data");
		} else {
			amount_text(gdp, sizeof gdp, r.obs->gdp_usd_bn);
			ds_money_format_musd(v, sizeof v, g->gap_usd, 0);
			ds_money_format_musd(exact, sizeof exact, g->gap_usd, 12);
			char *e = exact + strlen(exact);
			while (e > exact && e[-1] == '0')
				*--e = '\0';
			if (e > exact && e[-1] == '.')
				*--e = '\0';
			snprintf(d, sizeof d,
				 "(%s - %s) / 100 x %s bn IMF GDP = %s m, rounded once to %s", th,
				 pct, gdp, exact, v);
			bad |= add(t, "derived", name, v, d);
		}
	}
	if (!bad && r.has_change) {
		int32_t base;
		int bdec;
		ds_calc_pct(c, m, c->base_year, &base, &bdec);
		char b[48];
		pct_text(b, sizeof b, base, bdec);
		pct_text(v, sizeof v, r.change, r.change_dec);
		snprintf(d, sizeof d, "%s - %s (%d) = %s points", pct, b, c->base_year, v);
		char name[48];
		snprintf(name, sizeof name, "change_since_%d", c->base_year);
		bad |= add(t, "derived", name, v, d);
	}
	return bad;
}

int ds_explain(struct ds_dataset *ds, const struct ds_calc *c, size_t m, int year,
	       struct ds_table **out, struct ds_errors *err)
{
	static const char *const cols[] = { "section", "field", "value", "detail" };
	*out = NULL;
	const struct ds_series *s = c->s;
	const struct ds_obs *o = ds_series_get(s, m, year);
	const char *rel = o != NULL ? ds_dataset_str(ds, o->release) : s->id;
	if (rel != NULL && *rel == '\0')
		rel = s->id;
	struct ds_table *t = ds_table_new();
	struct raw_row r;
	memset(&r, 0, sizeof r);
	char *path = release_path(ds, s, rel);
	int rc = DS_OK;
	if (t == NULL || path == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	for (size_t i = 0; i < 4; i++)
		if (ds_table_add_column(t, cols[i]) != 0) {
			rc = ds_errors_nomem(err, NULL);
			goto out;
		}
	if ((rc = read_row(path, ds->members[m].iso3, year, &r, err)) != DS_OK)
		goto out;
	int bad = section_figure(t, ds, o, &r, path, s->id) || section_release(t, ds, rel);
	if (!bad && (rc = section_releases(t, ds, m, year, rel, err)) != DS_OK)
		goto out;
	if (!bad && o != NULL && (o->flags & DS_OBS_PCT))
		bad = section_derived(t, c, m, year);
	if (bad) {
		rc = errno == ENOMEM
			     ? ds_errors_nomem(err, NULL)
			     : ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0,
					     "building the explanation: %s", strerror(errno));
		goto out;
	}
	*out = t;
	t = NULL;
out:
	raw_release(&r);
	free(path);
	ds_table_free(t);
	return rc;
}
