/*
 * test_query.c - cmocka tests of the query builders (query.h) called
 * directly, on a small data directory written for the test, where every
 * cell can be worked out by hand (thresholds 2 and 3.5, release "t"):
 *
 *          2022   2023   2024                       aid (EUR bn): mil fin hum total
 *   AAA    1.50   1.90   2.10 est, 2100 m, 100 bn       2.500 0.500 0.100 3.100
 *   BBB    2.20   2.05   1.96                           not tracked
 *   CCC    3.6    3.4    3.50 (one decimal, then two)   0.300 0.000 0.600 0.900
 *   DDD    1.00   -      empty cell
 *   EEE    -      -      -     (no row at all)
 *   USA    -      -      3.40, 884000 m, 26000 bn       2.000 3.000 0.400 5.400
 *   EUI, JPN: aid donors outside the alliance           1.000 2.000 0.000 3.000
 *                                                       0.000 1.000 0.500 1.500
 *
 * NATO's aggregates for 2024: total 2.71, Europe and Canada 2.02.
 *
 * IMF figures (macro.csv), population m, GDP bn (national currency,
 * constant prices, US dollars), government expenditure % of GDP:
 *   AAA 2023   10    200 EUR  180  90     40
 *   AAA 2024   10.5  220 EUR  190  100    42
 *   BBB 2024   5     -        -    -      -
 *   USA 2024   340   26000    22000 26000 38
 *   CCC, DDD, EEE: none.
 *
 * Each table is flattened to CSV-like text ("-" for a NULL cell) so that a
 * failure shows both sides whole.  tests/test_query_e2e.c checks the same
 * builders through the binary and its formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/load.h"
#include "defspend/load_spending.h"
#include "defspend/lookup.h"
#include "defspend/query.h"
#include "defspend/threshold.h"
#include "helpers.h"

static const char members_csv[] = "iso3,iso2,name,aliases,joined\n"
				  "AAA,AA,Alpha,,1949\n"
				  "BBB,BB,Beta,,1949\n"
				  "CCC,CC,Gamma,,1999\n"
				  "DDD,DD,Delta,,2004\n"
				  "EEE,EE,Epsilon,,2009\n"
				  "USA,US,United States,,1949\n";

static const char spending_csv[] =
	"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"
	"AAA,Alpha,2022,1.50,,,0,t,s\n"
	"AAA,Alpha,2023,1.90,,,0,t,s\n"
	"AAA,Alpha,2024,2.10,2100,100,1,t,s\n"
	"BBB,Beta,2022,2.20,,,0,t,s\n"
	"BBB,Beta,2023,2.05,,,0,t,s\n"
	"BBB,Beta,2024,1.96,,,0,t,s\n"
	"CCC,Gamma,2022,3.6,,,0,t,s\n"
	"CCC,Gamma,2023,3.4,,,0,t,s\n"
	"CCC,Gamma,2024,3.50,,,0,t,s\n"
	"DDD,Delta,2022,1.00,,,0,t,s\n"
	"DDD,Delta,2024,,,,0,t,s\n"
	"USA,United States,2024,3.40,884000,26000,0,t,s\n";

static const char aid_csv[] =
	"iso3,donor,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,total_eur_bn,total_pct_gdp,"
	"eu_share_eur_bn,total_incl_eu_eur_bn,committed_eur_bn,cutoff,source,note\n"
	"AAA,Alpha,2.500,0.500,0.100,3.100,0.25,1.0,4.100,4.000,2026-06-30,s,\n"
	"BBB,Beta,,,,,,,,,2026-06-30,s,not tracked\n"
	"CCC,Gamma,0.300,0.000,0.600,0.900,1.5,,,0.9,2026-06-30,s,\n"
	"USA,United States,2.000,3.000,0.400,5.400,0.020,0.0,5.400,6.000,2026-06-30,s,\n"
	"EUI,EU institutions,1.000,2.000,0.000,3.000,0.100,,,8.000,2026-06-30,s,\n"
	"JPN,Japan,0.000,1.000,0.500,1.500,0.050,,,2.000,2026-06-30,s,\n";

static const char macro_csv[] =
	"iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_deflator,gdp_usd_bn,"
	"gov_expenditure_pct_gdp,currency,estimate_from,source\n"
	"AAA,2023,10,200,180,,90,40,EUR,2024,imf\n"
	"AAA,2024,10.5,220,190,,100,42,EUR,2024,imf\n"
	"BBB,2024,5,,,,,,,2024,imf\n"
	"USA,2024,340,26000,22000,,26000,38,USD,2025,imf\n";

static const char aggregates_csv[] = "aggregate,year,pct_gdp,estimate,release,source\n"
				     "NATO Total,2024,2.71,1,t,s\n"
				     "NATO Europe and Canada,2024,2.02,1,t,s\n";

struct fixture {
	char *dir;
	struct ds_dataset *ds;
	struct ds_calc c;
	struct ds_errors err;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = ds_test_join(dir, name);
	assert_non_null(path);
	assert_int_equal(ds_test_write(path, text, (size_t)-1), 0);
	free(path);
}

/* Prepares f->c over f->ds with thresholds 2 and 3.5. */
static void calc(struct fixture *f, int base_year, int target_year)
{
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t n;
	char msg[128];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5", th, DS_MAX_THRESHOLDS, &n, msg, sizeof msg), 0);
	assert_int_equal(ds_calc_init(&f->c, f->ds, f->ds->spending, th, n, base_year, target_year),
			 DS_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = ds_test_tmpdir();
	assert_non_null(f->dir);
	write_file(f->dir, "members.csv", members_csv);
	write_file(f->dir, "spending.csv", spending_csv);
	write_file(f->dir, "aid.csv", aid_csv);
	write_file(f->dir, "aggregates.csv", aggregates_csv);
	write_file(f->dir, "macro.csv", macro_csv);
	ds_errors_init(&f->err);
	assert_int_equal(ds_dataset_load(f->dir, NULL, &f->ds, &f->err), DS_OK);
	assert_int_equal(ds_errors_count(&f->err), 0);
	calc(f, 0, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_errors_release(&f->err);
	ds_dataset_free(f->ds);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static size_t member(const struct fixture *f, const char *iso3)
{
	size_t m = (size_t)-1;
	assert_int_equal(ds_lookup_member(f->ds, iso3, &m), 0);
	return m;
}

/* The table as "a,b,c\n" lines, header first, "-" for a NULL cell; freed by the caller. */
static char *flat(const struct ds_table *t)
{
	size_t cap = 4096, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	s[0] = '\0';
	size_t cols = ds_table_columns(t), rows = ds_table_rows(t);
	for (size_t r = 0; r <= rows; r++) {
		for (size_t c = 0; c < cols; c++) {
			const char *v = r == 0 ? ds_table_column_name(t, c)
					       : ds_table_cell_text(t, r - 1, c);
			if (r > 0 && ds_table_cell_type(t, r - 1, c) == DS_CELL_NULL)
				v = "-";
			assert_non_null(v);
			size_t need = len + strlen(v) + 2;
			if (need >= cap) {
				cap = need * 2;
				s = realloc(s, cap);
				assert_non_null(s);
			}
			len += (size_t)sprintf(s + len, "%s%s", v, c + 1 < cols ? "," : "\n");
		}
	}
	return s;
}

/* Checks a builder's table against the expected text, then frees it. */
static void expect_table(struct ds_table *t, const char *want)
{
	assert_non_null(t);
	char *got = flat(t);
	assert_string_equal(got, want);
	free(got);
	ds_table_free(t);
}

/* Checks that a builder failed with status and the one message msg. */
static void expect_error(struct fixture *f, int rc, struct ds_table *t, int status, const char *msg)
{
	assert_int_equal(rc, status);
	assert_null(t);
	assert_int_equal(ds_errors_count(&f->err), 1);
	assert_string_equal(f->err.v[0].msg, msg);
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
}

#define LIST_HEAD                                                                                  \
	"rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp,gap_2_usd_m,meets_3.5,"          \
	"gap_3.5_pp,gap_3.5_usd_m,release,source\n"
#define ROW_AAA_2024 "3,AAA,Alpha,2024,2.10,true,true,0.00,0,false,1.40,1400,t,s\n"
#define ROW_BBB_2024 "4,BBB,Beta,2024,1.96,false,false,0.04,-,false,1.54,-,t,s\n"
#define ROW_CCC_2024 "1,CCC,Gamma,2024,3.50,false,true,0.00,0,true,0.00,0,t,s\n"
/* A row without a figure still says where it is from; no row at all has no provenance. */
#define ROW_DDD_2024 "-,DDD,Delta,2024,-,-,-,-,-,-,-,-,t,s\n"
#define ROW_EEE_2024 "-,EEE,Epsilon,2024,-,-,-,-,-,-,-,-,-,-\n"
#define ROW_USA_2024 "2,USA,United States,2024,3.40,false,true,0.00,0,false,0.10,26000,t,s\n"

static void test_sort_parse(void **state)
{
	(void)state;
	enum ds_list_sort ls = DS_SORT_PCT;
	assert_int_equal(ds_list_sort_parse("gap", &ls), 0);
	assert_int_equal(ls, DS_SORT_GAP);
	assert_int_equal(ds_list_sort_parse("name", &ls), 0);
	assert_int_equal(ls, DS_SORT_NAME);
	assert_int_equal(ds_list_sort_parse("Name", &ls), -1);
	assert_int_equal(ds_list_sort_parse("", &ls), -1);
	assert_int_equal(ls, DS_SORT_NAME); /* untouched when refused */
	enum ds_aid_sort as = DS_AID_SORT_TOTAL;
	assert_int_equal(ds_aid_sort_parse("humanitarian", &as), 0);
	assert_int_equal(as, DS_AID_SORT_HUMANITARIAN);
	assert_int_equal(ds_aid_sort_parse("military", &as), 0);
	assert_int_equal(as, DS_AID_SORT_MILITARY);
	assert_int_equal(ds_aid_sort_parse("pct", &as), -1);
	assert_int_equal(ds_aid_sort_parse("pct_gdp", &as), 0);
	assert_int_equal(as, DS_AID_SORT_PCT_GDP);
	assert_int_equal(ds_aid_sort_parse("committed", &as), 0);
	assert_int_equal(as, DS_AID_SORT_COMMITTED);
	assert_int_equal(ds_list_sort_parse("per_capita", &ls), 0);
	assert_int_equal(ls, DS_SORT_PER_CAPITA);
	assert_int_equal(ds_list_sort_parse("usd", &ls), 0);
	assert_int_equal(ls, DS_SORT_USD);
	assert_int_equal(ds_list_sort_parse("real_change", &ls), 0);
	assert_int_equal(ls, DS_SORT_REAL_CHANGE);
}

static void test_list(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	/* Year 0 is the latest year with figures; missing members last, by name. */
	assert_int_equal(ds_query_list(&f->c, 0, DS_SORT_PCT, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_CCC_2024 ROW_USA_2024 ROW_AAA_2024 ROW_BBB_2024 ROW_DDD_2024
				ROW_EEE_2024);
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_NAME, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_AAA_2024 ROW_BBB_2024 ROW_CCC_2024 ROW_USA_2024 ROW_DDD_2024
				ROW_EEE_2024);
	/* Largest shortfall to the first threshold first, then by %. */
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_GAP, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_BBB_2024 ROW_CCC_2024 ROW_USA_2024 ROW_AAA_2024 ROW_DDD_2024
				ROW_EEE_2024);
	/* A one-decimal year keeps one decimal, gaps included; ranks are the year's. */
	assert_int_equal(ds_query_list(&f->c, 2022, DS_SORT_PCT, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD "1,CCC,Gamma,2022,3.6,false,true,0.0,0,true,0.0,0,t,s\n"
				  "2,BBB,Beta,2022,2.20,false,true,0.00,0,false,1.30,-,t,s\n"
				  "3,AAA,Alpha,2022,1.50,false,false,0.50,-,false,2.00,-,t,s\n"
				  "4,DDD,Delta,2022,1.00,false,false,1.00,-,false,2.50,-,t,s\n"
				  "-,EEE,Epsilon,2022,-,-,-,-,-,-,-,-,-,-\n"
				  "-,USA,United States,2022,-,-,-,-,-,-,-,-,-,-\n");
	assert_int_equal(ds_errors_count(&f->err), 0);
}

static void test_list_no_thresholds(void **state)
{
	struct fixture *f = *state;
	struct ds_calc c;
	assert_int_equal(ds_calc_init(&c, f->ds, f->ds->spending, NULL, 0, 0, 0), DS_OK);
	struct ds_table *t;
	/* Without a threshold there is no gap to sort by: the % order. */
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_GAP, &t, &f->err), DS_OK);
	expect_table(t, "rank,iso3,country,year,pct_gdp,estimate,release,source\n"
			"1,CCC,Gamma,2024,3.50,false,t,s\n"
			"2,USA,United States,2024,3.40,false,t,s\n"
			"3,AAA,Alpha,2024,2.10,true,t,s\n"
			"4,BBB,Beta,2024,1.96,false,t,s\n"
			"-,DDD,Delta,2024,-,-,t,s\n"
			"-,EEE,Epsilon,2024,-,-,-,-\n");
}

static void test_list_bad_year(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t = (struct ds_table *)f; /* must be reset to NULL */
	int rc = ds_query_list(&f->c, 2021, DS_SORT_PCT, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "no figures for 2021 in release 't' (years 2022-2024)");
	t = (struct ds_table *)f;
	rc = ds_query_list(&f->c, 2025, DS_SORT_PCT, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "no figures for 2025 in release 't' (years 2022-2024)");
}

static void test_show(void **state)
{
	struct fixture *f = *state;
	size_t m[2] = { member(f, "CCC"), member(f, "DDD") };
	struct ds_table *t;
	assert_int_equal(ds_query_show(&f->c, m, 2, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD
		     "1,CCC,Gamma,2022,3.6,false,true,0.0,0,true,0.0,0,t,s\n"
		     "1,CCC,Gamma,2023,3.4,false,true,0.0,0,false,0.1,-,t,s\n" ROW_CCC_2024
		     "4,DDD,Delta,2022,1.00,false,false,1.00,-,false,2.50,-,t,s\n"
		     "-,DDD,Delta,2023,-,-,-,-,-,-,-,-,-,-\n" ROW_DDD_2024);
	/* No member: the columns alone. */
	assert_int_equal(ds_query_show(&f->c, m, 0, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD);
}

#define PATH_HEAD                                                                                  \
	"threshold,latest_year,pct_gdp,gap_pp,gap_usd_m,target_year,needed_pp_per_year,"           \
	"base_year,avg_change_pp,on_track,reach_year\n"

static void test_path(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	/* No figure in the base year (2014): no trend, so only a met target is on track. */
	assert_int_equal(ds_query_path(&f->c, member(f, "AAA"), &t, &f->err), DS_OK);
	expect_table(t, PATH_HEAD "2,2024,2.10,0.00,0,2035,0.0000,2014,-,true,2024\n"
				  "3.5,2024,2.10,1.40,1400,2035,0.1273,2014,-,false,-\n");
	/* From 2022 (1.50) AAA gains 0.30 a year: 3.5 in 2029, well before 2035. */
	calc(f, 2022, 0);
	assert_int_equal(ds_query_path(&f->c, member(f, "AAA"), &t, &f->err), DS_OK);
	expect_table(t, PATH_HEAD "2,2024,2.10,0.00,0,2035,0.0000,2022,0.3000,true,2024\n"
				  "3.5,2024,2.10,1.40,1400,2035,0.1273,2022,0.3000,true,2029\n");
	/*
	 * BBB falls 0.12 a year from 2022: never back at 2 at that pace.  It
	 * needs 0.04 / 11 = 0.003636... a year: rounded up at the 4 decimals
	 * shown, 0.0037 (0.0036 for 11 years would fall short of 0.04).
	 */
	assert_int_equal(ds_query_path(&f->c, member(f, "BBB"), &t, &f->err), DS_OK);
	expect_table(t, PATH_HEAD "2,2024,1.96,0.04,-,2035,0.0037,2022,-0.1200,false,-\n"
				  "3.5,2024,1.96,1.54,-,2035,0.1400,2022,-0.1200,false,-\n");
	/* A member without any figure has no path: the columns alone. */
	assert_int_equal(ds_query_path(&f->c, member(f, "EEE"), &t, &f->err), DS_OK);
	expect_table(t, PATH_HEAD);
	assert_int_equal(ds_errors_count(&f->err), 0);
}

static void test_compare(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	assert_int_equal(ds_query_compare(&f->c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,threshold,meeting,reporting,missing\n"
			"2022,2,2,4,2\n"
			"2022,3.5,1,4,2\n"
			"2023,2,2,3,3\n"
			"2023,3.5,0,3,3\n"
			"2024,2,3,4,2\n"
			"2024,3.5,1,4,2\n");
	assert_int_equal(ds_query_compare(&f->c, 2023, 2023, &t, &f->err), DS_OK);
	expect_table(t, "year,threshold,meeting,reporting,missing\n"
			"2023,2,2,3,3\n"
			"2023,3.5,0,3,3\n");
	t = (struct ds_table *)f;
	int rc = ds_query_compare(&f->c, 2024, 2023, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "the span 2024-2023 ends before it starts");
	rc = ds_query_compare(&f->c, 2020, 0, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "no figures for 2020 in release 't' (years 2022-2024)");
}

static void test_crossings(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	/* By year, then threshold, then member; members without both figures are left out. */
	assert_int_equal(ds_query_crossings(&f->c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,threshold,iso3,country,previous_pct,pct_gdp,direction\n"
			"2023,3.5,CCC,Gamma,3.6,3.4,down\n"
			"2024,2,AAA,Alpha,1.90,2.10,up\n"
			"2024,2,BBB,Beta,2.05,1.96,down\n"
			"2024,3.5,CCC,Gamma,3.4,3.50,up\n");
	/* A one-year span has no year before it to cross from. */
	assert_int_equal(ds_query_crossings(&f->c, 2024, 2024, &t, &f->err), DS_OK);
	expect_table(t, "year,threshold,iso3,country,previous_pct,pct_gdp,direction\n");
}

static void test_dollars(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	/*
	 * Only 2024 has dollar figures or aggregates; 2022 and 2023 get no row.
	 * BBB and CCC have a 2024 figure but no dollars: the sums over members
	 * (AAA and USA: 3.40% of their GDP; AAA's 2100 for Europe) would be
	 * partial, so they stay empty beside NATO's own aggregates.
	 */
	assert_int_equal(ds_query_dollars(&f->c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,nato_total_pct,europe_canada_pct,usd_members,alliance_pct,"
			"europe_canada_usd_m,europe_canada_members,usa_usd_m,usd_reporting\n"
			"2024,2.71,2.02,2,-,-,1,884000,2\n");
	assert_int_equal(ds_query_dollars(&f->c, 2022, 2023, &t, &f->err), DS_OK);
	assert_int_equal(ds_table_rows(t), 0);
	ds_table_free(t);
}

/*
 * Sums over members only when complete: a lone file where every member with
 * a figure has dollars and GDP.  alliance: (2100 + 884000) / (100 + 26000)
 * bn = 886100 / 26100000 = 3.3950...% -> 3.40; Europe and Canada: 2100.
 */
static void test_dollars_complete(void **state)
{
	struct fixture *f = *state;
	char *path = ds_test_join(f->dir, "complete.csv");
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,"
				       "release,source,spend_source\n"
				       "AAA,Alpha,2024,2.10,2100,100,1,t,s,u\n"
				       "DDD,Delta,2024,,,,0,t,s,\n"
				       "USA,United States,2024,3.40,884000,26000,0,t,s,u\n",
				       (size_t)-1),
			 0);
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &f->err), DS_OK);
	struct ds_calc c;
	assert_int_equal(ds_calc_init(&c, ds, ds->spending, NULL, 0, 0, 0), DS_OK);
	struct ds_table *t;
	assert_int_equal(ds_query_dollars(&c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,nato_total_pct,europe_canada_pct,usd_members,alliance_pct,"
			"europe_canada_usd_m,europe_canada_members,usa_usd_m,usd_reporting\n"
			"2024,-,-,2,3.40,2100,1,884000,2\n");
	ds_dataset_free(ds);
	free(path);
}

/*
 * Totals of 2024 (thresholds 2 and 3.5): AAA, BBB, CCC and USA have figures;
 * BBB has no IMF GDP, so its dollar gaps (0.04 and 1.54 points) are unknown
 * and neither sum is complete: the --total row leaves both empty and says
 * the coverage.
 */
static void test_list_total(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_totals tot;
	ds_calc_gap_totals(&f->c, 2024, &tot);
	assert_int_equal(tot.members, 6);
	assert_int_equal(tot.reporting, 4);
	assert_false(tot.complete[0]);
	assert_int_equal(tot.without_usd[0], 1);
	assert_true(tot.gap_usd[0] == 0); /* AAA, CCC, USA meet 2: 0 each */
	assert_int_equal(tot.without_usd[1], 1);
	struct ds_table *t;
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_PCT, &t, &f->err), DS_OK);
	assert_int_equal(ds_query_list_total(&f->c, 2024, t, &f->err), DS_OK);
	char *got = flat(t);
	assert_non_null(strstr(got, "\n-,-,total: 4 of 6 members,2024,-,-,-,-,-,-,-,-,t,-\n"));
	free(got);
	ds_table_free(t);

	/* Without BBB every gap is known: AAA 1.40 x 100 bn = 1400, USA 0.10 x
	 * 26000 bn = 26000, CCC 0: 27400 to 3.5, 0 to 2. */
	char *path = ds_test_join(f->dir, "known.csv");
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,"
				       "release,source\n"
				       "AAA,Alpha,2024,2.10,,100,1,t,s\n"
				       "CCC,Gamma,2024,3.50,,,0,t,s\n"
				       "DDD,Delta,2024,,,,0,t,s\n"
				       "USA,United States,2024,3.40,,26000,0,t,s\n",
				       (size_t)-1),
			 0);
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &f->err), DS_OK);
	struct ds_calc c;
	struct ds_threshold th[2];
	size_t n;
	char msg[64];
	assert_int_equal(ds_threshold_parse_list("2,3.5", th, 2, &n, msg, sizeof msg), 0);
	assert_int_equal(ds_calc_init(&c, ds, ds->spending, th, n, 0, 0), DS_OK);
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_GAP_USD, &t, &f->err), DS_OK);
	assert_int_equal(ds_query_list_total(&c, 0, t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD
		     "1,CCC,Gamma,2024,3.50,false,true,0.00,0,true,0.00,0,t,s\n"
		     "2,USA,United States,2024,3.40,false,true,0.00,0,false,0.10,26000,t,s\n"
		     "3,AAA,Alpha,2024,2.10,true,true,0.00,0,false,1.40,1400,t,s\n"
		     "-,DDD,Delta,2024,-,-,-,-,-,-,-,-,t,s\n"
		     "-,-,total: 3 of 4 members,2024,-,-,-,-,0,-,-,27400,t,-\n");
	/* By dollar gap to the first threshold: 3.5 first here. */
	assert_int_equal(ds_calc_init(&c, ds, ds->spending, th + 1, 1, 0, 0), DS_OK);
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_GAP_USD, &t, &f->err), DS_OK);
	got = flat(t);
	assert_true(strstr(got, "USA") < strstr(got, "AAA"));
	assert_true(strstr(got, "AAA") < strstr(got, "CCC"));
	free(got);
	ds_table_free(t);
	ds_dataset_free(ds);
	free(path);
}

/*
 * First-time crossings on the fixture (2 and 3.5): AAA reaches 2 in 2024
 * (1.50, 1.90 before); CCC was at 3.6 in its first year, so its 3.50 in
 * 2024 is a return, not a first; BBB was above 2 from the start.
 */
static void test_first_crossings(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	assert_int_equal(ds_query_first_crossings(&f->c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,threshold,iso3,country,pct_gdp,highest_before,highest_before_year,"
			"first_year,years_without\n"
			"2024,2,AAA,Alpha,2.10,1.90,2023,2022,0\n");
	/* The span starts later, but the earlier years still count. */
	assert_int_equal(ds_query_first_crossings(&f->c, 2024, 2024, &t, &f->err), DS_OK);
	assert_int_equal(ds_table_rows(t), 1);
	ds_table_free(t);
	assert_int_equal(ds_query_first_crossings(&f->c, 2023, 2023, &t, &f->err), DS_OK);
	assert_int_equal(ds_table_rows(t), 0);
	ds_table_free(t);
}

#define TREND_HEAD                                                                                 \
	"iso3,country,from_year,from_pct,to_year,to_pct,change_pp,avg_change_pp,target_year,"      \
	"projected_pct,on_track_2,on_track_3.5,release,source\n"

static void test_trend(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	/* Every member; fewer than two figures in the span gives NULL cells. */
	assert_int_equal(ds_query_trend(&f->c, NULL, 0, 0, 0, &t, &f->err), DS_OK);
	/* Each figure keeps its own decimals (3.6, then 3.50); the change the larger.
	 * on_track is show's path test: no 2014 figure, so only a met target. */
	expect_table(t, TREND_HEAD
		     "AAA,Alpha,2022,1.50,2024,2.10,0.60,0.3000,2035,5.40,true,false,t,s\n"
		     "BBB,Beta,2022,2.20,2024,1.96,-0.24,-0.1200,2035,0.64,false,false,t,s\n"
		     "CCC,Gamma,2022,3.6,2024,3.50,-0.10,-0.0500,2035,2.95,true,true,t,s\n"
		     "DDD,Delta,-,-,-,-,-,-,2035,-,false,false,-,-\n"
		     "EEE,Epsilon,-,-,-,-,-,-,2035,-,-,-,-,-\n"
		     "USA,United States,-,-,-,-,-,-,2035,-,true,false,-,-\n");
	/* The members asked for, in the order asked, over a shorter span and target. */
	calc(f, 0, 2030);
	size_t m[2] = { member(f, "USA"), member(f, "AAA") };
	assert_int_equal(ds_query_trend(&f->c, m, 2, 2023, 2024, &t, &f->err), DS_OK);
	expect_table(t, TREND_HEAD
		     "USA,United States,-,-,-,-,-,-,2030,-,true,false,-,-\n"
		     "AAA,Alpha,2023,1.90,2024,2.10,0.20,0.2000,2030,3.30,true,false,t,s\n");
	t = (struct ds_table *)f;
	int rc = ds_query_trend(&f->c, NULL, 0, 2023, 2022, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "the span 2023-2022 ends before it starts");
}

#define AID_HEAD                                                                                   \
	"iso3,country,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,total_eur_bn,"          \
	"share_pct,total_pct_gdp,committed_eur_bn,eu_share_eur_bn,total_incl_eu_eur_bn\n"
#define AID_AAA "AAA,Alpha,2.500,0.500,0.100,3.100,32.98,0.250,4.000,1.000,4.100\n"
#define AID_BBB "BBB,Beta,-,-,-,-,-,-,-,-,-\n"
#define AID_CCC "CCC,Gamma,0.300,0.000,0.600,0.900,9.57,1.500,0.900,-,-\n"
#define AID_USA "USA,United States,2.000,3.000,0.400,5.400,57.45,0.020,6.000,0.000,5.400\n"
/* Allies: 4.8 + 3.5 + 1.1 = 9.4, the base of their shares; commitments 4 + 0.9 + 6. */
#define AID_TOTAL "-,total,4.800,3.500,1.100,9.400,100.00,-,10.900,1.000,9.500\n"

static void test_aid(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	/* Largest first by the kind chosen, an unknown amount last; allies only. */
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_USA AID_AAA AID_CCC AID_BBB);
	o.sort = DS_AID_SORT_MILITARY;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_AAA AID_USA AID_CCC AID_BBB);
	o.sort = DS_AID_SORT_HUMANITARIAN;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_CCC AID_USA AID_AAA AID_BBB);
	/* Kiel's % of donor GDP, and commitments. */
	o.sort = DS_AID_SORT_PCT_GDP;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_CCC AID_AAA AID_USA AID_BBB);
	o.sort = DS_AID_SORT_COMMITTED;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_USA AID_AAA AID_CCC AID_BBB);
	/* The total row sums the rows shown. */
	o.sort = DS_AID_SORT_TOTAL;
	o.total = 1;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_USA AID_AAA AID_CCC AID_BBB AID_TOTAL);
	/* One donor keeps its share of all allies; its total is its own row. */
	o.only_member = member(f, "AAA");
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD AID_AAA
		     "-,total,2.500,0.500,0.100,3.100,32.98,-,4.000,1.000,4.100\n");
	/* A member the tracker does not list has no row. */
	o.total = 0;
	o.only_member = member(f, "EEE");
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(t, AID_HEAD);
	assert_string_equal(ds_query_aid_cutoff(f->ds), "2026-06-30");
}

/*
 * Every donor: shares of 13.9 (9.4 + 3 + 1.5), a nato column, and no total
 * including EU aid beside the EU institutions' own row.
 */
static void test_aid_all_donors(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	o.all_donors = 1;
	o.total = 1;
	assert_int_equal(ds_query_aid(f->ds, &o, &t, &f->err), DS_OK);
	expect_table(
		t, "iso3,country,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,total_eur_bn,"
		   "share_pct,total_pct_gdp,committed_eur_bn,eu_share_eur_bn,total_incl_eu_eur_bn,"
		   "nato\n"
		   "USA,United States,2.000,3.000,0.400,5.400,38.85,0.020,6.000,0.000,5.400,true\n"
		   "AAA,Alpha,2.500,0.500,0.100,3.100,22.30,0.250,4.000,1.000,4.100,true\n"
		   "EUI,EU institutions,1.000,2.000,0.000,3.000,21.58,0.100,8.000,-,-,false\n"
		   "JPN,Japan,0.000,1.000,0.500,1.500,10.79,0.050,2.000,-,-,false\n"
		   "CCC,Gamma,0.300,0.000,0.600,0.900,6.47,1.500,0.900,-,-,true\n"
		   "BBB,Beta,-,-,-,-,-,-,-,-,-,true\n"
		   "-,total,5.800,6.500,1.600,13.900,100.00,-,20.900,1.000,-,-\n");
}

static void test_aid_missing(void **state)
{
	struct fixture *f = *state;
	/* A lone spending file has no aid.csv beside it. */
	char *path = ds_test_join(f->dir, "spending.csv");
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &f->err), DS_OK);
	free(path);
	assert_null(ds_query_aid_cutoff(ds));
	struct ds_table *t = (struct ds_table *)f;
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	int rc = ds_query_aid(ds, &o, &t, &f->err);
	expect_error(f, rc, t, DS_ENOINPUT, "no aid data: 'aid.csv' is not in the data directory");
	ds_dataset_free(ds);
}

#define SPENDING_HEAD                                                                              \
	"iso3,country,year,pct_gdp,spend_usd_m,usd_basis,spend_lcu_m,currency,per_capita_usd,"     \
	"real_change_pct,real_index_2014,share_gov_exp_pct,release\n"

/*
 * AAA 2023: no dollars of NATO's: 1.90% of IMF's 90 bn = 1710 m, per person
 * 1710 / 10 = 171; 1.90% of 200 bn EUR = 3800 m; 1.90 / 40 = 4.75%.
 * AAA 2024: NATO's 2100 m over 10.5 m people = 200; 2.10% of 220 bn EUR =
 * 4620 m; real 2.10 x 190 / (1.90 x 180) = 399 / 342 = +16.67%; 2.10 / 42 =
 * 5.00%.  USA 2024: 3.40 / 38 = 8.947 -> 8.95%.  No 2014: no index.
 */
static void test_spending(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	assert_int_equal(ds_query_spending(&f->c, NULL, 0, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, SPENDING_HEAD "AAA,Alpha,2024,2.10,2100,nato,4620,EUR,200,16.67,-,5.00,t\n"
				      "BBB,Beta,2024,1.96,-,-,-,-,-,-,-,-,t\n"
				      "CCC,Gamma,2024,3.50,-,-,-,-,-,-,-,-,t\n"
				      "DDD,Delta,2024,-,-,-,-,-,-,-,-,-,t\n"
				      "EEE,Epsilon,2024,-,-,-,-,-,-,-,-,-,-\n"
				      "USA,United States,2024,3.40,884000,nato,884000,USD,2600,-,-,"
				      "8.95,t\n");
	size_t m[1] = { member(f, "AAA") };
	assert_int_equal(ds_query_spending(&f->c, m, 1, 2023, 2024, &t, &f->err), DS_OK);
	expect_table(t,
		     SPENDING_HEAD "AAA,Alpha,2023,1.90,1710,derived,3800,EUR,171,-,-,4.75,t\n"
				   "AAA,Alpha,2024,2.10,2100,nato,4620,EUR,200,16.67,-,5.00,t\n");
	/* A figure filled from another release (--fill) is marked 'f' in table and md. */
	struct ds_obs *o = (struct ds_obs *)ds_series_get(f->ds->spending, member(f, "AAA"), 2024);
	o->flags |= DS_OBS_FILLED;
	assert_int_equal(ds_query_spending(&f->c, m, 1, 2023, 2024, &t, &f->err), DS_OK);
	assert_int_equal(ds_table_cell_mark(t, 0, 3), '\0');
	assert_int_equal(ds_table_cell_mark(t, 1, 3), 'f');
	ds_table_free(t);
	t = (struct ds_table *)f;
	int rc = ds_query_spending(&f->c, NULL, 0, 2024, 2023, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "the span 2024-2023 ends before it starts");
	t = (struct ds_table *)f;
	rc = ds_query_spending(&f->c, NULL, 0, 2019, 2019, &t, &f->err);
	expect_error(f, rc, t, DS_EUSAGE, "no figures for 2019 in release 't' (years 2022-2024)");
}

/*
 * Five members have a figure in some year (EEE has none, so it is outside
 * the totals); no year has dollars for all five, so no total is given.
 */
static void test_alliance(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	assert_int_equal(ds_query_alliance(&f->c, 0, 0, &t, &f->err), DS_OK);
	expect_table(t, "year,nato_usd_m,europe_canada_usd_m,usa_usd_m,usa_share_pct,members,"
			"nato_usd,derived_usd,needed\n"
			"2022,-,-,-,-,5,0,0,5\n"
			"2023,-,-,-,-,5,0,1,4\n"
			"2024,-,-,884000,-,5,2,0,3\n");
}

/* The money sorts of list: a member without the figure after those with it, then by %. */
static void test_list_money_sorts(void **state)
{
	struct fixture *f = *state;
	struct ds_table *t;
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_PER_CAPITA, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_USA_2024 ROW_AAA_2024 ROW_CCC_2024 ROW_BBB_2024 ROW_DDD_2024
				ROW_EEE_2024);
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_USD, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_USA_2024 ROW_AAA_2024 ROW_CCC_2024 ROW_BBB_2024 ROW_DDD_2024
				ROW_EEE_2024);
	assert_int_equal(ds_query_list(&f->c, 2024, DS_SORT_REAL_CHANGE, &t, &f->err), DS_OK);
	expect_table(t, LIST_HEAD ROW_AAA_2024 ROW_CCC_2024 ROW_USA_2024 ROW_BBB_2024 ROW_DDD_2024
				ROW_EEE_2024);
}

/*
 * The order of list on many members, where the sort merges runs of many
 * sizes: a lone file of 2,999 members (an odd count) whose names run
 * against their codes, whose shares take few values (many ties, broken by
 * name), and some without a figure, who come last, by name.
 */
static void test_list_many(void **state)
{
	(void)state;
	enum { N = 2999 };
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = ds_test_join(dir, "many.csv");
	assert_non_null(path);
	size_t cap = (size_t)N * 64 + 64, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv, cap, "iso3,country,year,pct_gdp,release,source\n");
	uint32_t seed = 12345;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		int v = (int)((seed >> 16) % 40); /* 0.50 .. 4.40 in steps of 0.10; 0: none */
		char pct[16] = "";
		if (v > 0)
			snprintf(pct, sizeof pct, "%d.%02d", (40 + 10 * v) / 100,
				 (40 + 10 * v) % 100);
		len += (size_t)snprintf(csv + len, cap - len, "%c%c%c,Member %04d,2024,%s,t,%s\n",
					'A' + i / 676, 'A' + i / 26 % 26, 'A' + i % 26, N - i, pct,
					v > 0 ? "s" : "");
	}
	assert_int_equal(ds_test_write(path, csv, len), 0);
	free(csv);

	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	struct ds_series *s = NULL;
	assert_int_equal(ds_load_spending(ds, path, NULL, 1, &s, &err), DS_OK);
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[128];
	assert_int_equal(ds_threshold_parse_list("2", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
			 0);
	struct ds_calc c;
	assert_int_equal(ds_calc_init(&c, ds, s, th, nth, 0, 0), DS_OK);
	struct ds_table *t = NULL;
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_PCT, &t, &err), DS_OK);
	assert_int_equal(ds_table_rows(t), N);
	double last = 1e9;
	const char *prev = NULL;
	int figures = 1, rank = 0;
	for (size_t r = 0; r < N; r++) {
		const char *pct = ds_table_cell_text(t, r, 4);
		const char *name = ds_table_cell_text(t, r, 2);
		if (pct == NULL) {
			figures = 0; /* and none after it */
			assert_null(ds_table_cell_text(t, r, 0));
		} else {
			assert_true(figures);
			double v = strtod(pct, NULL);
			assert_true(v <= last);
			if (v < last)
				rank = (int)r + 1; /* competition ranking */
			else
				assert_true(strcmp(prev, name) < 0);
			assert_int_equal(atoi(ds_table_cell_text(t, r, 0)), rank);
			last = v;
		}
		if (pct == NULL && prev != NULL && r > 0 && ds_table_cell_text(t, r - 1, 4) == NULL)
			assert_true(strcmp(prev, name) < 0);
		prev = name;
	}
	assert_false(figures); /* some had none */
	/* Each member's rank, as ds_calc_rank() counts it, whatever the sort. */
	int *ranks = calloc(N, sizeof *ranks);
	assert_non_null(ranks);
	for (size_t r = 0; r < N; r++) {
		size_t m;
		assert_int_equal(ds_lookup_member(ds, ds_table_cell_text(t, r, 1), &m), 0);
		ranks[m] = ds_table_cell_text(t, r, 0) ? atoi(ds_table_cell_text(t, r, 0)) : 0;
		assert_int_equal(ranks[m], ds_calc_rank(&c, m, 2024));
	}
	ds_table_free(t);
	/* By name: every name in order, with the ranks of the figures. */
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_NAME, &t, &err), DS_OK);
	for (size_t r = 1; r < N; r++) {
		int a = ds_table_cell_text(t, r - 1, 4) != NULL,
		    b = ds_table_cell_text(t, r, 4) != NULL;
		size_t m;
		assert_int_equal(ds_lookup_member(ds, ds_table_cell_text(t, r, 1), &m), 0);
		assert_int_equal(ds_table_cell_text(t, r, 0) ? atoi(ds_table_cell_text(t, r, 0))
							     : 0,
				 ranks[m]);
		assert_true(a >= b);
		if (a == b)
			assert_true(strcmp(ds_table_cell_text(t, r - 1, 2),
					   ds_table_cell_text(t, r, 2)) < 0);
	}
	ds_table_free(t);
	free(ranks);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	ds_series_free(s);
	ds_dataset_free(ds);
	ds_test_rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_parse),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_no_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_bad_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crossings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dollars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dollars_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_crossings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid_all_donors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alliance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_money_sorts, setup, teardown),
		cmocka_unit_test(test_list_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
