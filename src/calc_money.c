/*
 * calc_money.c - the money view of the calculator (see calc_money.h for
 * the decisions it makes).
 *
 * Units, so that every product below is exact in 128 bits:
 *   pct          millionths of a point            (DS_PCT_SCALE)
 *   amounts      millionths of their unit         (DS_AMOUNT_SCALE)
 *   ds_money     micro-dollars: pct x bn x 10     (money.h)
 *   population   millionths of a million = persons
 *   real level   pct x GDP at constant prices, in 10^-12 point-billions
 * Inputs are at most 2^63 millionths, so a product of two is below 2^127
 * and a quotient is only ever formed by the caller's rounding.
 */
#include <string.h>

#include "defspend/calc_money.h"

const char *ds_usd_basis_name(enum ds_usd_basis b)
{
	switch (b) {
	case DS_USD_NATO:
		return "nato";
	case DS_USD_DERIVED:
		return "derived";
	default:
		return NULL;
	}
}

static struct ds_ratio ratio(ds_wide num, ds_wide den)
{
	struct ds_ratio r = { 0, 0, 0 };
	if (den > 0) {
		r.has = 1;
		r.num = num;
		r.den = den;
	}
	return r;
}

ds_wide ds_ratio_key(const struct ds_ratio *r, int pow10)
{
	return ds_wide_div_round(r->num * ds_wide_pow10(pow10), r->den);
}

/* The real level of member m in year: 1 and *level, or 0 when a figure is missing. */
static int real_level(const struct ds_calc *c, size_t m, int year, ds_wide *level)
{
	int32_t pct;
	const struct ds_macro *x = ds_dataset_macro(c->ds, m, year);
	if (x == NULL || !(x->flags & DS_MACRO_GDP_REAL) || !ds_calc_pct(c, m, year, &pct, NULL))
		return 0;
	*level = (ds_wide)pct * (ds_wide)x->gdp_real_lcu_bn;
	return 1;
}

/* The dollar figure of a row: NATO's, else derived from IMF GDP. */
static void dollars(const struct ds_calc_money *r, struct ds_calc_money *out)
{
	const struct ds_obs *o = r->obs;
	if (o != NULL && (o->flags & DS_OBS_SPEND)) {
		out->usd_basis = DS_USD_NATO;
		out->usd = ds_money_from_musd(o->spend_usd_m);
		return;
	}
	if (!r->has_pct)
		return;
	if (o != NULL && (o->flags & DS_OBS_GDP)) {
		out->usd_basis = DS_USD_DERIVED;
		out->usd = ds_money_pct_of_bn(r->pct, o->gdp_usd_bn);
	} else if (r->macro != NULL && (r->macro->flags & DS_MACRO_GDP_USD)) {
		out->usd_basis = DS_USD_DERIVED;
		out->usd = ds_money_pct_of_bn(r->pct, r->macro->gdp_usd_bn);
	}
}

void ds_calc_money(const struct ds_calc *c, size_t m, int year, struct ds_calc_money *out)
{
	memset(out, 0, sizeof *out);
	out->member = m;
	out->year = year;
	out->obs = ds_series_get(c->s, m, year);
	out->macro = ds_dataset_macro(c->ds, m, year);
	out->currency = "";
	out->release = out->obs != NULL ? ds_dataset_str(c->ds, out->obs->release) : "";
	out->has_pct = ds_calc_pct(c, m, year, &out->pct, &out->pct_dec);
	dollars(out, out);
	const struct ds_macro *x = out->macro;
	if (x == NULL)
		return;
	out->currency = ds_dataset_str(c->ds, x->currency);
	out->imf_estimate = x->estimate_from != 0 && year >= x->estimate_from;
	if (out->usd_basis != DS_USD_NONE && (x->flags & DS_MACRO_POPULATION))
		out->per_capita = ratio(out->usd, (ds_wide)x->population_m * 1000000);
	if (!out->has_pct)
		return;
	if (x->flags & DS_MACRO_GDP_LCU) {
		/* The same exact product as a dollar amount, in the national currency. */
		out->has_lcu = 1;
		out->lcu = ds_money_pct_of_bn(out->pct, x->gdp_lcu_bn);
	}
	if (x->flags & DS_MACRO_GOV_EXP)
		out->gov_share = ratio(out->pct, x->gov_exp_pct);
	if (!real_level(c, m, year, &out->real))
		return;
	out->has_real = 1;
	ds_wide before, base;
	if (year > DS_YEAR_MIN && real_level(c, m, year - 1, &before))
		out->real_change = ratio(out->real - before, before);
	if (real_level(c, m, DS_CALC_BASE_YEAR, &base))
		out->real_index = ratio(out->real, base);
}

int ds_calc_alliance_member(const struct ds_calc *c, size_t m)
{
	const struct ds_series *s = c->s;
	int32_t pct;
	if (s == NULL || s->year_min == 0)
		return 0;
	for (int y = s->year_min; y <= s->year_max; y++)
		if (ds_calc_pct(c, m, y, &pct, NULL))
			return 1;
	return 0;
}

void ds_calc_alliance_year(const struct ds_calc *c, int year, struct ds_calc_alliance *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	for (size_t m = 0; m < c->ds->nmembers; m++) {
		if (!ds_calc_alliance_member(c, m))
			continue;
		out->counted++;
		struct ds_calc_money r;
		ds_calc_money(c, m, year, &r);
		if (r.usd_basis == DS_USD_NONE)
			continue;
		out->with_usd++;
		out->derived += r.usd_basis == DS_USD_DERIVED;
		out->nato += r.usd;
		if (strcmp(c->ds->members[m].iso3, "USA") == 0) {
			out->has_usa = 1;
			out->usa += r.usd;
		} else {
			out->europe += r.usd;
		}
	}
	out->missing = out->counted - out->with_usd;
	out->complete = out->counted > 0 && out->missing == 0;
}
