/*
 * calc.c - the calculator (see calc.h for the decisions it makes).
 *
 * All comparisons are on integer millionths of a point, so a threshold test
 * is exact at any published precision.  Products that could leave 32 bits
 * (a gap times a number of years) are done in int64_t; the largest is
 * 100 points * 10^6 * 151 years, far inside 63 bits.  Only the dollar
 * amounts, which come from doubles anyway, use floating point.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/calc.h"

int64_t ds_calc_div_round(int64_t a, int64_t b)
{
	if (a >= 0)
		return (a + b / 2) / b;
	return -((-a + b / 2) / b);
}

/* a / b rounded towards +infinity, for b > 0. */
static int64_t div_ceil(int64_t a, int64_t b)
{
	if (a >= 0)
		return (a + b - 1) / b;
	return -(-a / b);
}

int ds_calc_init(struct ds_calc *c, const struct ds_dataset *ds, const struct ds_series *s,
		 const struct ds_threshold *th, size_t nth, int base_year, int target_year)
{
	memset(c, 0, sizeof *c);
	if (nth > DS_MAX_THRESHOLDS)
		return DS_EUSAGE;
	c->ds = ds;
	c->s = s;
	if (nth > 0)
		memcpy(c->th, th, nth * sizeof *th);
	c->nth = nth;
	c->base_year = base_year ? base_year : DS_CALC_BASE_YEAR;
	c->target_year = target_year ? target_year : DS_CALC_TARGET_YEAR;
	return DS_OK;
}

int ds_calc_latest_year(const struct ds_calc *c)
{
	return c->s ? c->s->pct_year_max : 0;
}

int ds_calc_first_year(const struct ds_calc *c)
{
	for (int y = c->s ? c->s->year_min : 0; y != 0 && y <= c->s->year_max; y++)
		if (ds_series_covers(c->s, y))
			return y;
	return 0;
}

int ds_calc_pct(const struct ds_calc *c, size_t m, int year, int32_t *pct, int *dec)
{
	const struct ds_obs *o = ds_series_get(c->s, m, year);
	if (o == NULL || !(o->flags & DS_OBS_PCT))
		return 0;
	*pct = o->pct;
	if (dec != NULL)
		*dec = o->pct_dec;
	return 1;
}

int ds_calc_threshold_decimals(const struct ds_threshold *t)
{
	const char *dot = strchr(t->label, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

static void fill_gap(const struct ds_calc *c, const struct ds_obs *o, size_t ti,
		     struct ds_calc_gap *g)
{
	int32_t t = c->th[ti].pct;
	g->margin = o->pct - t;
	g->meets = o->pct >= t;
	g->gap_pp = g->meets ? 0 : t - o->pct;
	g->gap_usd = 0;
	if (g->meets) {
		g->has_usd = 1;
	} else if (o->flags & DS_OBS_GDP) {
		g->has_usd = 1;
		g->gap_usd = ds_money_pct_of_bn(g->gap_pp, o->gdp_usd_bn);
	} else {
		g->has_usd = 0;
	}
}

void ds_calc_member_year(const struct ds_calc *c, size_t m, int year, struct ds_calc_member *out)
{
	/* Everything but the thresholds not asked for (a query of a year
	 * fills this for every member: most of it would be zeroed for
	 * nothing). */
	memset(out, 0, offsetof(struct ds_calc_member, gap));
	memset(out->gap, 0, c->nth * sizeof *out->gap);
	out->has_change = 0;
	out->change = 0;
	out->change_dec = 0;
	out->member = m;
	out->year = year;
	const struct ds_obs *o = ds_series_get(c->s, m, year);
	out->obs = o;
	if (o == NULL || !(o->flags & DS_OBS_PCT))
		return;
	out->has_pct = 1;
	out->pct = o->pct;
	out->pct_dec = o->pct_dec;
	out->estimate = (o->flags & DS_OBS_ESTIMATE) != 0;
	for (size_t i = 0; i < c->nth; i++)
		fill_gap(c, o, i, &out->gap[i]);
	int32_t base;
	int bdec;
	if (ds_calc_pct(c, m, c->base_year, &base, &bdec)) {
		out->has_change = 1;
		out->change = o->pct - base;
		out->change_dec = bdec > o->pct_dec ? bdec : o->pct_dec;
	}
}

struct rank_key {
	int32_t pct;
	size_t member;
};

static int cmp_rank_key(const void *a, const void *b)
{
	const struct rank_key *x = a, *y = b;
	if (x->pct != y->pct)
		return x->pct > y->pct ? -1 : 1;
	return x->member < y->member ? -1 : x->member > y->member;
}

int ds_calc_year_ranks(const struct ds_calc *c, int year, int *rank)
{
	size_t n = c->ds->nmembers;
	struct rank_key *keys = malloc((n ? n : 1) * sizeof *keys);
	if (keys == NULL)
		return DS_ENOMEM;
	size_t k = 0;
	for (size_t m = 0; m < n; m++) {
		int32_t pct;
		rank[m] = 0;
		if (ds_calc_pct(c, m, year, &pct, NULL))
			keys[k++] = (struct rank_key){ pct, m };
	}
	qsort(keys, k, sizeof *keys, cmp_rank_key);
	/* Competition ranking: a tie takes the rank of its first member. */
	for (size_t i = 0; i < k; i++)
		rank[keys[i].member] = i > 0 && keys[i].pct == keys[i - 1].pct
					       ? rank[keys[i - 1].member]
					       : (int)i + 1;
	free(keys);
	return DS_OK;
}

int ds_calc_year_members(const struct ds_calc *c, int year, struct ds_calc_member *out)
{
	size_t n = c->ds->nmembers;
	int *rank = malloc((n ? n : 1) * sizeof *rank);
	if (rank == NULL || ds_calc_year_ranks(c, year, rank) != DS_OK) {
		free(rank);
		return DS_ENOMEM;
	}
	for (size_t m = 0; m < n; m++) {
		ds_calc_member_year(c, m, year, &out[m]);
		out[m].rank = rank[m];
	}
	free(rank);
	return DS_OK;
}

int ds_calc_rank(const struct ds_calc *c, size_t m, int year)
{
	int32_t pct, other;
	if (!ds_calc_pct(c, m, year, &pct, NULL))
		return 0;
	int rank = 1;
	for (size_t i = 0; i < c->ds->nmembers; i++)
		if (ds_calc_pct(c, i, year, &other, NULL) && other > pct)
			rank++;
	return rank;
}

void ds_calc_year_summary(const struct ds_calc *c, int year, struct ds_calc_year *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->members = c->ds->nmembers;
	size_t pct_no_share = 0, pct_no_usd_europe = 0;
	for (size_t m = 0; m < c->ds->nmembers; m++) {
		const struct ds_obs *o = ds_series_get(c->s, m, year);
		if (o == NULL)
			continue;
		int usa = strcmp(c->ds->members[m].iso3, "USA") == 0;
		if (o->flags & DS_OBS_PCT) {
			out->reporting++;
			for (size_t i = 0; i < c->nth; i++)
				if (o->pct >= c->th[i].pct)
					out->meeting[i]++;
			if ((o->flags & (DS_OBS_SPEND | DS_OBS_GDP)) != (DS_OBS_SPEND | DS_OBS_GDP))
				pct_no_share++;
			if (!usa && !(o->flags & DS_OBS_SPEND))
				pct_no_usd_europe++;
		}
		if (!(o->flags & DS_OBS_SPEND))
			continue;
		out->usd_reporting++;
		if (o->flags & DS_OBS_GDP) {
			out->share_members++;
			out->share_spend_usd += ds_money_from_musd(o->spend_usd_m);
			out->share_gdp_usd += ds_money_from_bn(o->gdp_usd_bn);
		}
		if (usa) {
			out->has_usa = 1;
			out->usa_usd = ds_money_from_musd(o->spend_usd_m);
		} else {
			out->europe_members++;
			out->europe_usd += ds_money_from_musd(o->spend_usd_m);
		}
	}
	out->missing = out->members - out->reporting;
	out->has_share = out->share_members > 0 && out->share_gdp_usd > 0;
	out->share_complete = out->has_share && out->reporting > 0 && pct_no_share == 0;
	out->europe_complete =
		out->europe_members > 0 && out->reporting > 0 && pct_no_usd_europe == 0;
}

void ds_calc_gap_totals(const struct ds_calc *c, int year, struct ds_calc_totals *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->members = c->ds->nmembers;
	for (size_t m = 0; m < c->ds->nmembers; m++) {
		struct ds_calc_member r;
		ds_calc_member_year(c, m, year, &r);
		if (!r.has_pct)
			continue;
		out->reporting++;
		for (size_t i = 0; i < c->nth; i++) {
			if (r.gap[i].has_usd)
				out->gap_usd[i] += r.gap[i].gap_usd;
			else
				out->without_usd[i]++;
		}
	}
	for (size_t i = 0; i < c->nth; i++)
		out->complete[i] = out->reporting > 0 && out->without_usd[i] == 0;
}

int ds_calc_thin(const struct ds_calc_year *y)
{
	return y->reporting > 0 && 2 * y->reporting < y->members;
}

/* The latest year of member m with a figure, 0 when none. */
static int latest_year(const struct ds_calc *c, size_t m)
{
	int32_t pct;
	if (c->s == NULL || c->s->year_min == 0)
		return 0;
	for (int y = c->s->year_max; y >= c->s->year_min; y--)
		if (ds_calc_pct(c, m, y, &pct, NULL))
			return y;
	return 0;
}

void ds_calc_path(const struct ds_calc *c, size_t m, size_t ti, struct ds_calc_path *out)
{
	memset(out, 0, sizeof *out);
	int from = latest_year(c, m);
	if (from == 0 || ti >= c->nth)
		return;
	int32_t t = c->th[ti].pct;
	out->has = 1;
	out->from_year = from;
	ds_calc_pct(c, m, from, &out->from_pct, &out->from_dec);
	int64_t short_by = (int64_t)t - out->from_pct;
	out->met = short_by <= 0;
	if (out->met) {
		out->can_reach = 1;
		out->on_track = 1;
		out->reach_year = from;
	} else if (from < c->target_year) {
		out->can_reach = 1;
		/* Rounded up, so that the figure shown is always enough. */
		out->needed = (int32_t)div_ceil(short_by, c->target_year - from);
	}
	int32_t base;
	if (c->base_year >= from || !ds_calc_pct(c, m, c->base_year, &base, NULL))
		return;
	int64_t span = from - c->base_year;
	int64_t gained = (int64_t)out->from_pct - base;
	out->has_trend = 1;
	out->avg = (int32_t)ds_calc_div_round(gained, span);
	if (out->met || gained <= 0)
		return;
	/* Exactly: from_pct + gained/span * k >= t  <=>  gained * k >= short_by * span. */
	int64_t k = div_ceil(short_by * span, gained);
	if (from < c->target_year && k <= c->target_year - from)
		out->on_track = 1;
	if (k <= DS_YEAR_MAX - from)
		out->reach_year = from + (int)k;
}

void ds_calc_trend(const struct ds_calc *c, size_t m, int from, int to, struct ds_calc_trend *out)
{
	memset(out, 0, sizeof *out);
	out->target_year = c->target_year;
	if (c->s == NULL || c->s->year_min == 0)
		return;
	if (from == 0 || from < c->s->year_min)
		from = c->s->year_min;
	if (to == 0 || to > c->s->year_max)
		to = c->s->year_max;
	int dec_a = 0, dec_b = 0;
	while (from <= to && !ds_calc_pct(c, m, from, &out->from_pct, &dec_a))
		from++;
	while (to > from && !ds_calc_pct(c, m, to, &out->to_pct, &dec_b))
		to--;
	if (from >= to)
		return;
	out->has = 1;
	out->from_year = from;
	out->to_year = to;
	out->from_dec = dec_a;
	out->to_dec = dec_b;
	out->dec = dec_a > dec_b ? dec_a : dec_b;
	out->change = out->to_pct - out->from_pct;
	out->avg = (int32_t)ds_calc_div_round(out->change, to - from);
	int64_t ahead = (int64_t)c->target_year - to;
	out->projected = (out->to_pct + ds_calc_div_round((int64_t)out->change * ahead, to - from));
}
