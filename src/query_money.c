/*
 * query_money.c - the money tables: spending (each member's share of GDP
 * in dollars, national currency, per person, real terms and as a share of
 * government spending) and the alliance's dollar totals.
 *
 * The figures are calc_money.h's exact fractions; this file only chooses
 * the precision each column is printed at, and rounds there once:
 *   spend_usd_m, spend_lcu_m    whole millions
 *   per_capita_usd              whole dollars
 *   real_change_pct             two decimals
 *   real_index_2014             one decimal
 *   share_gov_exp_pct           two decimals
 *   usa_share_pct               two decimals
 * pct_gdp keeps the decimals it was published with.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/calc_money.h"
#include "query_priv.h"

enum {
	SC_ISO3,
	SC_COUNTRY,
	SC_YEAR,
	SC_PCT,
	SC_USD,
	SC_BASIS,
	SC_LCU,
	SC_CURRENCY,
	SC_PER_CAPITA,
	SC_REAL_CHANGE,
	SC_REAL_INDEX,
	SC_GOV_SHARE,
	SC_RELEASE
};

/* An amount in millionths of a unit, in millions of that unit, with no decimals. */
static int millions(struct ds_table *t, size_t col, ds_wide v)
{
	char buf[64];
	ds_wide_format(buf, sizeof buf, v, 12, 0);
	return ds_table_set_number(t, col, buf);
}

static int ratio_cell(struct ds_table *t, size_t col, const struct ds_ratio *r, int pow10, int dec)
{
	return r->has ? dsq_ratio(t, col, r->num, r->den, pow10, dec) : 0;
}

static int spending_row(const struct ds_calc *c, struct ds_table *t, size_t m, int year)
{
	const struct ds_member *mem = &c->ds->members[m];
	struct ds_calc_money r;
	ds_calc_money(c, m, year, &r);
	if (ds_table_add_row(t) != 0)
		return -1;
	int bad = ds_table_set_text(t, SC_ISO3, mem->iso3);
	bad |= ds_table_set_text(t, SC_COUNTRY, mem->name);
	bad |= dsq_long(t, SC_YEAR, year);
	if (r.has_pct) {
		bad |= dsq_fixed(t, SC_PCT, r.pct, r.pct_dec);
		bad |= dsq_fill_mark(t, SC_PCT, ds_series_get(c->s, m, year));
	}
	if (r.usd_basis != DS_USD_NONE) {
		bad |= dsq_money(t, SC_USD, r.usd);
		bad |= ds_table_set_text(t, SC_BASIS, ds_usd_basis_name(r.usd_basis));
	}
	if (r.has_lcu)
		bad |= millions(t, SC_LCU, r.lcu);
	if (*r.currency != '\0')
		bad |= ds_table_set_text(t, SC_CURRENCY, r.currency);
	bad |= ratio_cell(t, SC_PER_CAPITA, &r.per_capita, 0, 0);
	bad |= ratio_cell(t, SC_REAL_CHANGE, &r.real_change, 2, 2);
	bad |= ratio_cell(t, SC_REAL_INDEX, &r.real_index, 2, 1);
	bad |= ratio_cell(t, SC_GOV_SHARE, &r.gov_share, 2, 2);
	if (*r.release != '\0')
		bad |= ds_table_set_text(t, SC_RELEASE, r.release);
	return bad;
}

int ds_query_spending(const struct ds_calc *c, const size_t *members, size_t n, int from, int to,
		      struct ds_table **out, struct ds_errors *err)
{
	static const char *const names[] = { "iso3",
					     "country",
					     "year",
					     "pct_gdp",
					     "spend_usd_m",
					     "usd_basis",
					     "spend_lcu_m",
					     "currency",
					     "per_capita_usd",
					     "real_change_pct",
					     "real_index_2014",
					     "share_gov_exp_pct",
					     "release",
					     NULL };
	*out = NULL;
	int latest = ds_calc_latest_year(c);
	if (from == 0)
		from = latest;
	if (to == 0)
		to = latest;
	int rc = dsq_check_year(c, from, err);
	if (rc == DS_OK)
		rc = dsq_check_year(c, to, err);
	if (rc == DS_OK && from > to)
		rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				   "the span %d-%d ends before it starts", from, to);
	if (rc != DS_OK)
		return rc;
	/* What gives way first on a narrow screen: the national currency, then the index. */
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "year", DS_COL_KEY, NULL, 0 },
		{ "pct_gdp", DS_COL_MAIN, "pct", 0 },
		{ "spend_usd_m", DS_COL_MAIN, "usd_m", 0 },
		{ "usd_basis", DS_COL_NORMAL, "basis", 0 },
		{ "spend_lcu_m", DS_COL_DETAIL, "lcu_m", 0 },
		{ "currency", DS_COL_DETAIL, "cur", 0 },
		{ "per_capita_usd", DS_COL_MAIN, "per_cap", 0 },
		{ "real_change_pct", DS_COL_MAIN, "real_chg", 0 },
		{ "real_index_2014", DS_COL_EXTRA, "index", 0 },
		{ "share_gov_exp_pct", DS_COL_NORMAL, "gov_share", 0 },
		{ "release", DS_COL_EXTRA, "rel", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	size_t count = members ? n : c->ds->nmembers;
	for (size_t i = 0; i < count; i++)
		for (int y = from; y <= to; y++)
			if (spending_row(c, t, members ? members[i] : i, y) != 0)
				return dsq_fail(&t, err);
	*out = t;
	return DS_OK;
}

enum {
	LC_YEAR,
	LC_NATO,
	LC_EUROPE,
	LC_USA,
	LC_USA_SHARE,
	LC_MEMBERS,
	LC_NATO_USD,
	LC_DERIVED,
	LC_NEEDED
};

int ds_query_alliance(const struct ds_calc *c, int from, int to, struct ds_table **out,
		      struct ds_errors *err)
{
	static const char *const names[] = { "year",      "nato_usd_m",    "europe_canada_usd_m",
					     "usa_usd_m", "usa_share_pct", "members",
					     "nato_usd",  "derived_usd",   "needed",
					     NULL };
	*out = NULL;
	const struct ds_series *s = c->s;
	if (from == 0)
		from = s->year_min;
	if (to == 0)
		to = ds_calc_latest_year(c) ? ds_calc_latest_year(c) : s->year_max;
	int rc = dsq_check_year(c, from, err);
	if (rc == DS_OK)
		rc = dsq_check_year(c, to, err);
	if (rc == DS_OK && from > to)
		rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				   "the span %d-%d ends before it starts", from, to);
	if (rc != DS_OK)
		return rc;
	static const struct ds_col_desc desc[] = {
		{ "year", DS_COL_KEY, NULL, 0 },
		{ "nato_usd_m", DS_COL_MAIN, "nato", 0 },
		{ "europe_canada_usd_m", DS_COL_MAIN, "eur_can", 0 },
		{ "usa_usd_m", DS_COL_NORMAL, "usa", 0 },
		{ "usa_share_pct", DS_COL_MAIN, "usa_pct", 0 },
		{ "members", DS_COL_EXTRA, "memb", 0 },
		{ "nato_usd", DS_COL_DETAIL, "n_nato", 0 },
		{ "derived_usd", DS_COL_EXTRA, "n_deriv", 0 },
		{ "needed", DS_COL_NORMAL, "need", 0 },
	};
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (int y = from; y <= to; y++) {
		struct ds_calc_alliance a;
		ds_calc_alliance_year(c, y, &a);
		if (ds_table_add_row(t) != 0)
			return dsq_fail(&t, err);
		int bad = dsq_long(t, LC_YEAR, y);
		if (a.complete) {
			bad |= dsq_money(t, LC_NATO, a.nato);
			bad |= dsq_money(t, LC_EUROPE, a.europe);
			if (a.has_usa && a.nato > 0)
				bad |= dsq_ratio(t, LC_USA_SHARE, a.usa, a.nato, 2, 2);
		}
		if (a.has_usa)
			bad |= dsq_money(t, LC_USA, a.usa);
		bad |= dsq_long(t, LC_MEMBERS, (long)a.counted);
		bad |= dsq_long(t, LC_NATO_USD, (long)(a.with_usd - a.derived));
		bad |= dsq_long(t, LC_DERIVED, (long)a.derived);
		bad |= dsq_long(t, LC_NEEDED, (long)a.missing);
		if (bad)
			return dsq_fail(&t, err);
	}
	*out = t;
	return DS_OK;
}
