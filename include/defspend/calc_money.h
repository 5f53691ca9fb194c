/*
 * calc_money.h - the calculator's money view: what a member's share of GDP
 * is in US dollars, in its own currency, per person, in real terms and as a
 * share of what its government spends; and the alliance's totals in
 * dollars.
 *
 * It answers from the calculator's series (calc.h), so a figure comes from
 * the release in use (and with it whatever that series holds: a figure
 * filled from another release brings its own release id along), and from
 * the IMF figures of macro.csv (dataset.h).  Nothing prints; query.h turns
 * these records into tables.
 *
 * Every figure is exact: products and quotients of the published decimals
 * (fixed point, num.h) are held in 128 bits (money.h) and each is kept as a
 * fraction num/den, which the caller rounds once, at the precision it
 * prints.  Decisions where the issue leaves room:
 *
 * - Dollars: NATO's published spend_usd_m where the row has one (basis
 *   "nato"), else pct_gdp x IMF dollar GDP (basis "derived"): the row's
 *   gdp_usd_bn, else macro.csv's (the two are checked equal on load).
 *   IMF GDP is not NATO's GDP, so a derived figure is an approximation.
 * - National currency: pct_gdp x IMF GDP in national currency (macro.csv),
 *   whichever dollar basis applies.
 * - Per person: the dollar figure over IMF population of the same year.
 * - Real terms: the real level of a year is pct_gdp x IMF GDP at constant
 *   prices (the GDP-deflator method of NATO's constant-price tables, here
 *   with IMF figures).  The real change compares it with the year before;
 *   the index with DS_CALC_BASE_YEAR (2014 = 100).  Each needs both years.
 * - Share of government spending: pct_gdp / general government expenditure
 *   (% of GDP), both shares of the same GDP.
 * - Anything whose inputs are missing is unknown (has_* = 0), never 0.
 *   Inputs of 0 (refused by the loader, possible in a hand-built dataset)
 *   make a quotient unknown too.
 * - Alliance totals count every member that has a % figure in some year of
 *   the release (a member with none at all, such as Iceland, which has no
 *   armed forces, is outside them, as in NATO's own totals); a year's total
 *   is given only when every one of them has a dollar figure that year.
 */
#ifndef DEFSPEND_CALC_MONEY_H
#define DEFSPEND_CALC_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/calc.h"
#include "defspend/money.h"

/* Where a dollar figure comes from. */
enum ds_usd_basis {
	DS_USD_NONE,   /* no dollar figure */
	DS_USD_NATO,   /* NATO's published spend_usd_m */
	DS_USD_DERIVED /* pct_gdp x IMF dollar GDP */
};

/* "nato", "derived", or NULL for DS_USD_NONE. */
const char *ds_usd_basis_name(enum ds_usd_basis b);

/* An exact quotient num/den (den > 0 when has). */
struct ds_ratio {
	int has;
	ds_wide num, den;
};

/* One member in one year, in money. */
struct ds_calc_money {
	size_t member;
	int year;
	const struct ds_obs *obs;     /* the series' row, NULL when none */
	const struct ds_macro *macro; /* macro.csv's row, NULL when none */
	int has_pct;
	int32_t pct;
	int pct_dec;
	enum ds_usd_basis usd_basis;
	ds_money usd;                /* micro-dollars, when usd_basis is not DS_USD_NONE */
	int has_lcu;                 /* national currency known */
	ds_wide lcu;                 /* millionths of a unit of the national currency */
	const char *currency;        /* ISO 4217 code, "" when unknown */
	struct ds_ratio per_capita;  /* US dollars per person */
	int has_real;                /* the real level is known */
	ds_wide real;                /* pct x GDP at constant prices, 10^-12 point-billions */
	struct ds_ratio real_change; /* (this year's real level / the year before's) - 1 */
	struct ds_ratio real_index;  /* this year's real level / DS_CALC_BASE_YEAR's */
	struct ds_ratio gov_share;   /* pct_gdp / government expenditure (% of GDP), a fraction */
	int imf_estimate;            /* the macro figures of this year are IMF estimates */
	const char *release;         /* the figure's own release, "" when no row */
};

/* Fills *out for member m in year, from c's series and the dataset's macro figures. */
void ds_calc_money(const struct ds_calc *c, size_t m, int year, struct ds_calc_money *out);

/*
 * r x 10^pow10, rounded half away from zero to an integer, for ordering
 * rows (pow10 in 0..18); r must have a value.  Two figures that print alike
 * at pow10 decimals fewer can still be told apart.
 */
ds_wide ds_ratio_key(const struct ds_ratio *r, int pow10);

/* The alliance in one year, in US dollars. */
struct ds_calc_alliance {
	int year;
	size_t counted;  /* members in the totals: with a % figure in some year of the release */
	size_t with_usd; /* of those, with a dollar figure this year */
	size_t derived;  /* of those, with a derived dollar figure */
	size_t missing;  /* counted - with_usd: the members a total still needs */
	int complete;    /* counted > 0 and missing == 0: the sums below are totals */
	ds_money nato;   /* every member counted with a dollar figure */
	ds_money europe; /* the same without the United States (iso3 USA) */
	int has_usa;     /* the United States is counted and has a dollar figure */
	ds_money usa;
};

/* Whether member m counts in the alliance totals: a % figure in some year of c's series. */
int ds_calc_alliance_member(const struct ds_calc *c, size_t m);

/* Fills *out for year.  The sums are set whether or not they are complete. */
void ds_calc_alliance_year(const struct ds_calc *c, int year, struct ds_calc_alliance *out);

#endif
