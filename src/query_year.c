/*
 * query_year.c - the tables that look across years: compare (counts per
 * year and threshold), the crossings since the year before, the dollar view
 * of each year, and trend (change over a span and its projection).
 *
 * NATO's published aggregates are only used when they come from the same
 * release as the figures being compared: releases revise each other, and a
 * table must never mix them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"

/* Resolves 0 to the release's ends and checks the span. */
static int span(const struct ds_calc *c, int *from, int *to, struct ds_errors *err)
{
	if (*from == 0)
		*from = ds_calc_first_year(c) ? ds_calc_first_year(c) : c->s->year_min;
	if (*to == 0)
		*to = ds_calc_latest_year(c) ? ds_calc_latest_year(c) : c->s->year_max;
	int rc = dsq_check_year(c, *from, err);
	if (rc == DS_OK)
		rc = dsq_check_year(c, *to, err);
	if (rc == DS_OK && *from > *to)
		rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				   "the span %d-%d ends before it starts", *from, *to);
	return rc;
}

int ds_query_compare(const struct ds_calc *c, int from, int to, struct ds_table **out,
		     struct ds_errors *err)
{
	static const char *const names[] = { "year",      "threshold", "meeting",
					     "reporting", "missing",   NULL };
	*out = NULL;
	int rc = span(c, &from, &to, err);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "year", DS_COL_KEY, NULL, 0 },       { "threshold", DS_COL_KEY, "thr", 0 },
		{ "meeting", DS_COL_MAIN, NULL, 0 },   { "reporting", DS_COL_NORMAL, NULL, 0 },
		{ "missing", DS_COL_NORMAL, NULL, 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (int y = from; y <= to; y++) {
		struct ds_calc_year sum;
		ds_calc_year_summary(c, y, &sum);
		/* A year the release has no figure for is not a year of 0 out of 32. */
		if (sum.reporting == 0)
			continue;
		for (size_t i = 0; i < c->nth; i++) {
			int bad = ds_table_add_row(t);
			if (bad)
				return dsq_fail(&t, err);
			bad |= dsq_long(t, 0, y);
			bad |= dsq_fixed(t, 1, c->th[i].pct, ds_calc_threshold_decimals(&c->th[i]));
			bad |= dsq_long(t, 2, (long)sum.meeting[i]);
			bad |= dsq_long(t, 3, (long)sum.reporting);
			bad |= dsq_long(t, 4, (long)sum.missing);
			if (bad)
				return dsq_fail(&t, err);
		}
	}
	*out = t;
	return DS_OK;
}

int ds_query_crossings(const struct ds_calc *c, int from, int to, struct ds_table **out,
		       struct ds_errors *err)
{
	static const char *const names[] = { "year",         "threshold", "iso3",      "country",
					     "previous_pct", "pct_gdp",   "direction", NULL };
	*out = NULL;
	int rc = span(c, &from, &to, err);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "year", DS_COL_KEY, NULL, 0 },
		{ "threshold", DS_COL_KEY, "thr", 0 },
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "previous_pct", DS_COL_NORMAL, "prev", 0 },
		{ "pct_gdp", DS_COL_MAIN, "pct", 0 },
		{ "direction", DS_COL_MAIN, "dir", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (int y = from + 1; y <= to; y++) {
		for (size_t i = 0; i < c->nth; i++) {
			int32_t th = c->th[i].pct;
			for (size_t m = 0; m < c->ds->nmembers; m++) {
				int32_t a, b;
				int da, db;
				if (!ds_calc_pct(c, m, y - 1, &a, &da) ||
				    !ds_calc_pct(c, m, y, &b, &db))
					continue;
				if ((a >= th) == (b >= th))
					continue;
				const struct ds_member *mem = &c->ds->members[m];
				int bad = ds_table_add_row(t);
				if (bad)
					return dsq_fail(&t, err);
				bad |= dsq_long(t, 0, y);
				bad |= dsq_fixed(t, 1, th, ds_calc_threshold_decimals(&c->th[i]));
				bad |= dsq_iso3(t, 2, mem);
				bad |= ds_table_set_text(t, 3, mem->name);
				bad |= dsq_fixed(t, 4, a, da);
				bad |= dsq_fill_mark(t, 4, ds_series_get(c->s, m, y - 1));
				bad |= dsq_fixed(t, 5, b, db);
				bad |= dsq_fill_mark(t, 5, ds_series_get(c->s, m, y));
				bad |= ds_table_set_text(t, 6, b >= th ? "up" : "down");
				if (bad)
					return dsq_fail(&t, err);
			}
		}
	}
	*out = t;
	return DS_OK;
}

/*
 * Member m's figures before year: the highest (its latest year when tied)
 * and the first year; 0 when there is none.
 */
static int earlier(const struct ds_calc *c, size_t m, int year, int32_t *hi, int *hi_dec,
		   int *hi_year, int *first)
{
	int n = 0;
	for (int y = c->s->year_min; y < year; y++) {
		int32_t p;
		int d;
		if (!ds_calc_pct(c, m, y, &p, &d))
			continue;
		if (n == 0)
			*first = y;
		if (n == 0 || p >= *hi) {
			*hi = p;
			*hi_dec = d;
			*hi_year = y;
		}
		n++;
	}
	return n;
}

int ds_query_first_crossings(const struct ds_calc *c, int from, int to, struct ds_table **out,
			     struct ds_errors *err)
{
	static const char *const names[] = {
		"year",           "threshold",           "iso3",       "country",       "pct_gdp",
		"highest_before", "highest_before_year", "first_year", "years_without", NULL
	};
	*out = NULL;
	int rc = span(c, &from, &to, err);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "year", DS_COL_KEY, NULL, 0 },
		{ "threshold", DS_COL_KEY, "thr", 0 },
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "pct_gdp", DS_COL_MAIN, "pct", 0 },
		{ "highest_before", DS_COL_NORMAL, "before", 0 },
		{ "highest_before_year", DS_COL_DETAIL, "in", 0 },
		{ "first_year", DS_COL_DETAIL, "since", 0 },
		{ "years_without", DS_COL_DETAIL, "gaps", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (int y = from; y <= to; y++) {
		for (size_t i = 0; i < c->nth; i++) {
			int32_t th = c->th[i].pct;
			for (size_t m = 0; m < c->ds->nmembers; m++) {
				int32_t b, hi = 0;
				int db, hi_dec = 0, hi_year = 0, first = 0, n;
				if (!ds_calc_pct(c, m, y, &b, &db) || b < th ||
				    (n = earlier(c, m, y, &hi, &hi_dec, &hi_year, &first)) == 0 ||
				    hi >= th)
					continue;
				const struct ds_member *mem = &c->ds->members[m];
				int bad = ds_table_add_row(t);
				if (bad)
					return dsq_fail(&t, err);
				bad |= dsq_long(t, 0, y);
				bad |= dsq_fixed(t, 1, th, ds_calc_threshold_decimals(&c->th[i]));
				bad |= ds_table_set_text(t, 2, mem->iso3);
				bad |= ds_table_set_text(t, 3, mem->name);
				bad |= dsq_fixed(t, 4, b, db);
				bad |= dsq_fill_mark(t, 4, ds_series_get(c->s, m, y));
				bad |= dsq_fixed(t, 5, hi, hi_dec);
				bad |= dsq_fill_mark(t, 5, ds_series_get(c->s, m, hi_year));
				bad |= dsq_long(t, 6, hi_year);
				bad |= dsq_long(t, 7, first);
				/* The years after the first without a figure: the member may
				 * have reached the threshold in one of them. */
				bad |= dsq_long(t, 8, y - first - n);
				if (bad)
					return dsq_fail(&t, err);
			}
		}
	}
	*out = t;
	return DS_OK;
}

/* NATO's published aggregate `name` for year from the release in use, or NULL. */
static const struct ds_aggregate *aggregate(const struct ds_calc *c, const char *name, int year)
{
	const struct ds_dataset *ds = c->ds;
	for (size_t i = 0; i < ds->nagg; i++) {
		const struct ds_aggregate *a = &ds->agg[i];
		if (a->year == year && strcmp(ds_dataset_str(ds, a->name), name) == 0 &&
		    strcmp(ds_dataset_str(ds, a->release), c->s->id) == 0)
			return a;
	}
	return NULL;
}

enum {
	DC_YEAR,
	DC_TOTAL,
	DC_EUCA,
	DC_USD_MEMBERS,
	DC_ALLIANCE,
	DC_EUCA_USD,
	DC_EUCA_MEMBERS,
	DC_USA_USD,
	DC_USD_REPORTING
};

int ds_query_dollars(const struct ds_calc *c, int from, int to, struct ds_table **out,
		     struct ds_errors *err)
{
	static const char *const names[] = { "year",
					     "nato_total_pct",
					     "europe_canada_pct",
					     "usd_members",
					     "alliance_pct",
					     "europe_canada_usd_m",
					     "europe_canada_members",
					     "usa_usd_m",
					     "usd_reporting",
					     NULL };
	*out = NULL;
	int rc = span(c, &from, &to, err);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "year", DS_COL_KEY, NULL, 0 },
		{ "nato_total_pct", DS_COL_MAIN, "nato_pct", 0 },
		{ "europe_canada_pct", DS_COL_NORMAL, "eu_ca_pct", 0 },
		{ "usd_members", DS_COL_NORMAL, "usd_n", 0 },
		{ "alliance_pct", DS_COL_NORMAL, "alliance", 0 },
		{ "europe_canada_usd_m", DS_COL_EXTRA, "eu_ca_usd_m", 0 },
		{ "europe_canada_members", DS_COL_EXTRA, "eu_ca_n", 0 },
		{ "usa_usd_m", DS_COL_EXTRA, "usa_usd_m", 0 },
		{ "usd_reporting", DS_COL_NORMAL, "usd_rep", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (int y = from; y <= to; y++) {
		struct ds_calc_year sum;
		ds_calc_year_summary(c, y, &sum);
		const struct ds_aggregate *total = aggregate(c, "NATO Total", y);
		const struct ds_aggregate *euca = aggregate(c, "NATO Europe and Canada", y);
		if (total == NULL && euca == NULL && sum.share_members == 0 &&
		    sum.europe_members == 0 && !sum.has_usa)
			continue;
		int bad = ds_table_add_row(t);
		if (bad)
			return dsq_fail(&t, err);
		bad |= dsq_long(t, DC_YEAR, y);
		if (total != NULL)
			bad |= dsq_fixed(t, DC_TOTAL, total->pct, total->pct_dec);
		if (euca != NULL)
			bad |= dsq_fixed(t, DC_EUCA, euca->pct, euca->pct_dec);
		bad |= dsq_long(t, DC_USD_MEMBERS, (long)sum.share_members);
		/* A sum over members only when it covers every member with a figure:
		 * a partial sum beside NATO's aggregates would read as a total. */
		if (sum.share_complete)
			bad |= dsq_ratio(t, DC_ALLIANCE, sum.share_spend_usd, sum.share_gdp_usd, 2,
					 2);
		if (sum.europe_complete)
			bad |= dsq_money(t, DC_EUCA_USD, sum.europe_usd);
		bad |= dsq_long(t, DC_EUCA_MEMBERS, (long)sum.europe_members);
		if (sum.has_usa)
			bad |= dsq_money(t, DC_USA_USD, sum.usa_usd);
		bad |= dsq_long(t, DC_USD_REPORTING, (long)sum.usd_reporting);
		if (bad)
			return dsq_fail(&t, err);
	}
	*out = t;
	return DS_OK;
}

enum {
	TC_ISO3,
	TC_COUNTRY,
	TC_FROM,
	TC_FROM_PCT,
	TC_TO,
	TC_TO_PCT,
	TC_CHANGE,
	TC_AVG,
	TC_TARGET,
	TC_PROJECTED,
	TC_ON_TRACK /* one per threshold, then release and source */
};

/*
 * The release and source of the two figures a trend rests on: one text when
 * both come from the same place, else both joined with " ; " (the way a
 * source cell lists several sources), from first.
 */
static int trend_provenance(const struct ds_calc *c, struct ds_table *t, size_t col,
			    const struct ds_obs *a, const struct ds_obs *b)
{
	const uint32_t ids[2][2] = { { a->release, b->release }, { a->source, b->source } };
	int bad = 0;
	for (size_t k = 0; k < 2; k++) {
		const char *x = ds_dataset_str(c->ds, ids[k][0]);
		const char *y = ds_dataset_str(c->ds, ids[k][1]);
		if (ids[k][0] == ids[k][1]) {
			bad |= ds_table_set_text(t, col + k, x);
			continue;
		}
		size_t n = strlen(x) + strlen(y) + 4;
		char *both = malloc(n);
		if (both == NULL)
			return -1;
		snprintf(both, n, "%s ; %s", x, y);
		bad |= ds_table_set_text(t, col + k, both);
		free(both);
	}
	return bad;
}

static int trend_row(const struct ds_calc *c, struct ds_table *t, size_t m, int from, int to)
{
	const struct ds_member *mem = &c->ds->members[m];
	struct ds_calc_trend tr;
	ds_calc_trend(c, m, from, to, &tr);
	int bad = ds_table_add_row(t);
	if (bad)
		return -1;
	bad |= dsq_iso3(t, TC_ISO3, mem);
	bad |= ds_table_set_text(t, TC_COUNTRY, mem->name);
	bad |= dsq_long(t, TC_TARGET, c->target_year);
	/* On track: show's path test, from the latest figure whatever the span. */
	for (size_t i = 0; i < c->nth; i++) {
		struct ds_calc_path p;
		ds_calc_path(c, m, i, &p);
		if (p.has)
			bad |= ds_table_set_bool(t, TC_ON_TRACK + i, p.on_track);
	}
	if (!tr.has)
		return bad;
	const struct ds_obs *a = ds_series_get(c->s, m, tr.from_year);
	const struct ds_obs *b = ds_series_get(c->s, m, tr.to_year);
	int ydec = tr.dec + 2 > DS_PCT_DECIMALS ? DS_PCT_DECIMALS : tr.dec + 2;
	bad |= dsq_long(t, TC_FROM, tr.from_year);
	bad |= dsq_fixed(t, TC_FROM_PCT, tr.from_pct, tr.from_dec);
	bad |= dsq_fill_mark(t, TC_FROM_PCT, a);
	bad |= dsq_long(t, TC_TO, tr.to_year);
	bad |= dsq_fixed(t, TC_TO_PCT, tr.to_pct, tr.to_dec);
	bad |= dsq_fill_mark(t, TC_TO_PCT, b);
	bad |= dsq_fixed(t, TC_CHANGE, tr.change, tr.dec);
	bad |= dsq_fixed(t, TC_AVG, tr.avg, ydec);
	bad |= dsq_fixed(t, TC_PROJECTED, tr.projected, tr.dec);
	bad |= trend_provenance(c, t, TC_ON_TRACK + c->nth, a, b);
	return bad;
}

int ds_query_trend(const struct ds_calc *c, const size_t *members, size_t n, int from, int to,
		   struct ds_table **out, struct ds_errors *err)
{
	static const char *const names[] = {
		"iso3",      "country",       "from_year",   "from_pct",      "to_year", "to_pct",
		"change_pp", "avg_change_pp", "target_year", "projected_pct", NULL
	};
	*out = NULL;
	int rc = span(c, &from, &to, err);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "from_year", DS_COL_NORMAL, "from", 0 },
		{ "from_pct", DS_COL_NORMAL, "pct", 0 },
		{ "to_year", DS_COL_NORMAL, "to", 0 },
		{ "to_pct", DS_COL_NORMAL, "pct", 0 },
		{ "change_pp", DS_COL_MAIN, "change", 0 },
		{ "avg_change_pp", DS_COL_MAIN, "avg/yr", 0 },
		{ "target_year", DS_COL_DETAIL, "by", 0 },
		{ "projected_pct", DS_COL_MAIN, "proj", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (size_t i = 0; i < c->nth; i++) {
		char name[48], brief[48];
		size_t col = ds_table_columns(t);
		snprintf(name, sizeof name, "on_track_%s", c->th[i].label);
		snprintf(brief, sizeof brief, "on_%s", c->th[i].label);
		if (ds_table_add_column(t, name) != 0 ||
		    ds_table_column_set_priority(t, col, DS_COL_NORMAL) != 0 ||
		    ds_table_column_set_short(t, col, brief) != 0)
			return dsq_fail(&t, err);
	}
	if (dsq_provenance_columns(t) != 0)
		return dsq_fail(&t, err);
	size_t count = members ? n : c->ds->nmembers;
	for (size_t i = 0; i < count; i++)
		if (trend_row(c, t, members ? members[i] : i, from, to) != 0)
			return dsq_fail(&t, err);
	*out = t;
	return DS_OK;
}

/* Counts o in out[0..*k) by its release when it was filled. */
static void count_filled(const struct ds_obs *o, struct ds_fill_source *out, size_t cap, size_t *k,
			 size_t *total)
{
	if (o == NULL || !(o->flags & DS_OBS_FILLED))
		return;
	size_t j = 0;
	while (j < *k && out[j].release != o->release)
		j++;
	if (j == *k) {
		if (*k == cap)
			return;
		out[(*k)++] = (struct ds_fill_source){ o->release, 0 };
	}
	out[j].n++;
	(*total)++;
}

size_t ds_query_trend_filled(const struct ds_calc *c, const size_t *members, size_t n, int from,
			     int to, struct ds_fill_source *out, size_t cap, size_t *nout)
{
	size_t total = 0, k = 0;
	size_t count = members ? n : c->ds->nmembers;
	for (size_t i = 0; i < count; i++) {
		size_t m = members ? members[i] : i;
		struct ds_calc_trend tr;
		ds_calc_trend(c, m, from, to, &tr);
		if (!tr.has)
			continue;
		count_filled(ds_series_get(c->s, m, tr.from_year), out, cap, &k, &total);
		count_filled(ds_series_get(c->s, m, tr.to_year), out, cap, &k, &total);
	}
	*nout = k;
	return total;
}
