/*
 * test_calc_money.c - cmocka tests of the money view of the calculator
 * (calc_money.h) on a small data directory where every figure is worked
 * out by hand below.
 *
 *   spending (release r)          macro.csv: population m, GDP bn in national
 *                                 currency, at constant prices, in US$, gov. exp. %
 *   AAA 2014 2.00, GDP 100       4    200 EUR  250  100  40
 *   AAA 2015 2.50, GDP 80,       4.2  210      240   80  50
 *            NATO 2100.5 m
 *   AAA 2016 2.25, no GDP        4.1  230      256  120  45   (IMF estimate from 2016)
 *   BBB 2014 1.50, GDP 50        none
 *   BBB 2015 1.00, GDP 60        none
 *   BBB 2016 empty               none
 *   USA 2014 3.00, GDP 1000      300  1000 USD 1100 1000 35
 *   USA 2015 3.50, GDP 1000      310  1000     1150 1000 37
 *   USA 2016 3.00, GDP 1200      320  1200     1200 1200 36
 *   ZZZ 2014 empty (no figure in any year: outside the alliance totals)
 *
 * Units: ds_money in micro-dollars; the real level pct x real GDP in
 * millionths x millionths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/calc_money.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "helpers.h"

static const char members_csv[] = "iso3,iso2,name\nAAA,AA,Alpha\nBBB,BB,Beta\nUSA,US,United "
				  "States\nZZZ,ZZ,Zeta\n";

static const char spending_csv[] = "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,"
				   "release,source\n"
				   "AAA,Alpha,2014,2.00,,100,0,r,s\n"
				   "AAA,Alpha,2015,2.50,2100.5,80,0,r,s\n"
				   "AAA,Alpha,2016,2.25,,,1,r,s\n"
				   "BBB,Beta,2014,1.50,,50,0,r,s\n"
				   "BBB,Beta,2015,1.00,,60,0,r,s\n"
				   "BBB,Beta,2016,,,,0,r,s\n"
				   "USA,United States,2014,3.00,,1000,0,r,s\n"
				   "USA,United States,2015,3.50,,1000,0,r,s\n"
				   "USA,United States,2016,3.00,,1200,0,r,s\n"
				   "ZZZ,Zeta,2014,,,,0,r,s\n";

static const char macro_csv[] = "iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_usd_bn,"
				"gov_expenditure_pct_gdp,currency,estimate_from,source\n"
				"AAA,2014,4,200,250,100,40,EUR,2016,imf\n"
				"AAA,2015,4.2,210,240,80,50,EUR,2016,imf\n"
				"AAA,2016,4.1,230,256,120,45,EUR,2016,imf\n"
				"USA,2014,300,1000,1100,1000,35,USD,2017,imf\n"
				"USA,2015,310,1000,1150,1000,37,USD,2017,imf\n"
				"USA,2016,320,1200,1200,1200,36,USD,2017,imf\n";

struct fixture {
	char *dir;
	struct ds_dataset *ds;
	struct ds_calc c;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = ds_test_join(dir, name);
	assert_non_null(path);
	assert_int_equal(ds_test_write(path, text, (size_t)-1), 0);
	free(path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = ds_test_tmpdir();
	assert_non_null(f->dir);
	write_file(f->dir, "members.csv", members_csv);
	write_file(f->dir, "spending.csv", spending_csv);
	write_file(f->dir, "macro.csv", macro_csv);
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(f->dir, NULL, &f->ds, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	assert_int_equal(ds_calc_init(&f->c, f->ds, f->ds->spending, NULL, 0, 0, 0), DS_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_dataset_free(f->ds);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static size_t member(const struct fixture *f, const char *iso3)
{
	size_t m;
	assert_int_equal(ds_lookup_member(f->ds, iso3, &m), 0);
	return m;
}

/* A ratio printed as the spending table prints it. */
static const char *shown(const struct ds_ratio *r, int pow10, int dec)
{
	static char buf[64];
	assert_true(r->has);
	ds_wide_format_ratio(buf, sizeof buf, r->num, r->den, pow10, dec);
	return buf;
}

static const char *millions(ds_wide v)
{
	static char buf[64];
	ds_wide_format(buf, sizeof buf, v, 12, 1);
	return buf;
}

static void test_basis_names(void **state)
{
	(void)state;
	assert_string_equal(ds_usd_basis_name(DS_USD_NATO), "nato");
	assert_string_equal(ds_usd_basis_name(DS_USD_DERIVED), "derived");
	assert_null(ds_usd_basis_name(DS_USD_NONE));
}

/* AAA, three years: each formula once, with the inputs of the comment above. */
static void test_member_years(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_money r;
	size_t a = member(f, "AAA");

	/* 2014: 2.00% of 100 bn = 2000 m, derived; / 4 m people = 500 $; 2% of
	 * 200 bn EUR = 4000 m; 2.00 / 40 = 5.00%; the base of the index. */
	ds_calc_money(&f->c, a, 2014, &r);
	assert_true(r.has_pct);
	assert_int_equal(r.usd_basis, DS_USD_DERIVED);
	assert_true(r.usd == (ds_money)2000 * 1000000 * 1000000); /* exactly 2000 m$ */
	assert_string_equal(millions(r.usd), "2000.0");
	assert_true(r.has_lcu);
	assert_string_equal(millions(r.lcu), "4000.0");
	assert_string_equal(r.currency, "EUR");
	assert_string_equal(shown(&r.per_capita, 0, 2), "500.00");
	assert_false(r.real_change.has); /* no 2013 */
	assert_string_equal(shown(&r.real_index, 2, 1), "100.0");
	assert_string_equal(shown(&r.gov_share, 2, 2), "5.00");
	assert_true(r.has_real);
	assert_true(r.real == (ds_wide)2000000 * 250000000); /* 2.00 x 250 */
	assert_false(r.imf_estimate);
	assert_string_equal(r.release, "r");

	/* 2015: NATO's 2100.5 m, which rounds to 2101; per person 2100.5 / 4.2 =
	 * 500.119; 2.5% of 210 = 5250 m; real 2.50 x 240 / (2.00 x 250) = 600 /
	 * 500: +20.00%, index 120.0; 2.50 / 50 = 5.00%. */
	ds_calc_money(&f->c, a, 2015, &r);
	assert_int_equal(r.usd_basis, DS_USD_NATO);
	assert_string_equal(millions(r.usd), "2100.5");
	char buf[64];
	ds_money_format_musd(buf, sizeof buf, r.usd, 0);
	assert_string_equal(buf, "2101"); /* half away from zero */
	assert_string_equal(millions(r.lcu), "5250.0");
	assert_string_equal(shown(&r.per_capita, 0, 3), "500.119");
	assert_string_equal(shown(&r.real_change, 2, 2), "20.00");
	assert_string_equal(shown(&r.real_index, 2, 1), "120.0");
	assert_string_equal(shown(&r.gov_share, 2, 2), "5.00");

	/* 2016: no GDP in the spending row, so IMF's 120 bn of macro.csv: 2.25% =
	 * 2700 m, derived; / 4.1 m = 658.537 -> 659; 2.25 x 256 = 576 against 600:
	 * -4.00%, index 576 / 500 = 115.2; 2.25 / 45 = 5.00%; an IMF estimate. */
	ds_calc_money(&f->c, a, 2016, &r);
	assert_int_equal(r.usd_basis, DS_USD_DERIVED);
	assert_string_equal(millions(r.usd), "2700.0");
	assert_string_equal(millions(r.lcu), "5175.0");
	assert_string_equal(shown(&r.per_capita, 0, 0), "659");
	assert_string_equal(shown(&r.real_change, 2, 2), "-4.00");
	assert_string_equal(shown(&r.real_index, 2, 1), "115.2");
	assert_string_equal(shown(&r.gov_share, 2, 2), "5.00");
	assert_true(r.imf_estimate);
}

/* The United States: the rounding of each column at its printed precision. */
static void test_rounding(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_money r;
	size_t u = member(f, "USA");
	/* 3.00 / 35 = 8.5714 -> 8.57; 30000 m / 300 m = 100. */
	ds_calc_money(&f->c, u, 2014, &r);
	assert_string_equal(shown(&r.gov_share, 2, 2), "8.57");
	assert_string_equal(shown(&r.per_capita, 0, 0), "100");
	/* 35000 / 310 = 112.903 -> 113; real 4025 / 3300 - 1 = 21.9697% -> 21.97,
	 * index 121.97 -> 122.0; 3.50 / 37 = 9.4595 -> 9.46. */
	ds_calc_money(&f->c, u, 2015, &r);
	assert_string_equal(shown(&r.per_capita, 0, 0), "113");
	assert_string_equal(shown(&r.real_change, 2, 2), "21.97");
	assert_string_equal(shown(&r.real_index, 2, 1), "122.0");
	assert_string_equal(shown(&r.gov_share, 2, 2), "9.46");
	/* 36000 / 320 = 112.5 exactly -> 113 (half away from zero); 3600 / 4025 - 1
	 * = -10.559% -> -10.56; 3600 / 3300 = 109.09 -> 109.1; 3.00 / 36 -> 8.33. */
	ds_calc_money(&f->c, u, 2016, &r);
	assert_string_equal(shown(&r.per_capita, 0, 1), "112.5");
	assert_string_equal(shown(&r.per_capita, 0, 0), "113");
	assert_string_equal(shown(&r.real_change, 2, 2), "-10.56");
	assert_string_equal(shown(&r.real_index, 2, 1), "109.1");
	assert_string_equal(shown(&r.gov_share, 2, 2), "8.33");
	assert_false(r.imf_estimate); /* USA's estimates start in 2017 */
	/* The sort key of a ratio: 112.5 x 10^2. */
	assert_true(ds_ratio_key(&r.per_capita, 2) == 11250);
	assert_true(ds_ratio_key(&r.real_change, 6) == -105590); /* -0.10559006 */
}

/* A member without macro data: only what the spending file gives; the rest unknown, never 0. */
static void test_no_macro(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_money r;
	size_t b = member(f, "BBB");
	ds_calc_money(&f->c, b, 2014, &r);
	assert_null(r.macro);
	assert_int_equal(r.usd_basis, DS_USD_DERIVED); /* 1.50% of the row's 50 bn */
	assert_string_equal(millions(r.usd), "750.0");
	assert_false(r.has_lcu);
	assert_string_equal(r.currency, "");
	assert_false(r.per_capita.has);
	assert_false(r.has_real);
	assert_false(r.real_change.has);
	assert_false(r.real_index.has);
	assert_false(r.gov_share.has);
	/* A row without a figure: no dollars at all, but its release. */
	ds_calc_money(&f->c, b, 2016, &r);
	assert_false(r.has_pct);
	assert_int_equal(r.usd_basis, DS_USD_NONE);
	assert_string_equal(r.release, "r");
	/* No row: nothing, not even a release. */
	ds_calc_money(&f->c, b, 2013, &r);
	assert_null(r.obs);
	assert_string_equal(r.release, "");
	/* A year after a year without a figure has no real change (AAA 2014 has
	 * none before it; the same holds when the year before is empty). */
	ds_calc_money(&f->c, member(f, "ZZZ"), 2014, &r);
	assert_false(r.has_pct);
	assert_int_equal(r.usd_basis, DS_USD_NONE);
	assert_false(r.per_capita.has);
}

/*
 * The alliance: AAA, BBB and USA count (ZZZ has no figure at all).
 * 2014: 2000 + 750 + 30000 = 32750 m, all derived; Europe and Canada 2750;
 * US share 30000 / 32750 = 91.60%.  2015: 2100.5 (NATO's) + 600 + 35000 =
 * 37700.5; share 35000 / 37700.5 = 92.84%.  2016: BBB has no figure, so no
 * total; one member needed.
 */
static void test_alliance(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_alliance a;
	char buf[64];
	assert_false(ds_calc_alliance_member(&f->c, member(f, "ZZZ")));
	assert_true(ds_calc_alliance_member(&f->c, member(f, "BBB")));
	ds_calc_alliance_year(&f->c, 2014, &a);
	assert_int_equal(a.counted, 3);
	assert_int_equal(a.with_usd, 3);
	assert_int_equal(a.derived, 3);
	assert_int_equal(a.missing, 0);
	assert_true(a.complete);
	assert_string_equal(millions(a.nato), "32750.0");
	assert_string_equal(millions(a.europe), "2750.0");
	assert_true(a.has_usa);
	assert_string_equal(millions(a.usa), "30000.0");
	ds_wide_format_ratio(buf, sizeof buf, a.usa, a.nato, 2, 2);
	assert_string_equal(buf, "91.60");

	ds_calc_alliance_year(&f->c, 2015, &a);
	assert_true(a.complete);
	assert_int_equal(a.derived, 2);
	assert_string_equal(millions(a.nato), "37700.5");
	ds_money_format_musd(buf, sizeof buf, a.nato, 0);
	assert_string_equal(buf, "37701");
	ds_wide_format_ratio(buf, sizeof buf, a.usa, a.nato, 2, 2);
	assert_string_equal(buf, "92.84");

	ds_calc_alliance_year(&f->c, 2016, &a);
	assert_false(a.complete);
	assert_int_equal(a.counted, 3);
	assert_int_equal(a.with_usd, 2);
	assert_int_equal(a.missing, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basis_names),
		cmocka_unit_test_setup_teardown(test_member_years, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_macro, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alliance, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
