/*
 * test_honest_e2e.c - every answer says what it rests on: the real binary
 * on the shipped data/ and on small files whose every line was worked out
 * by hand.
 *
 * The 2025 counts of the shipped data are NATO's as far as the sources
 * allow: in release 2025-08, 25 allies report a figure and all 25 are at
 * or above 2%, 7 are missing (Croatia, Finland, Iceland, Montenegro,
 * Slovakia, Slovenia, Sweden); filled from the March 2026 annual report
 * (--fill), 31 report and 31 meet 2%, Iceland alone is missing, and
 * Poland stays 4.48 from 2025-08.  The core-defence release 2026-07 never
 * fills a NATO-definition one, nor is it filled by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* Runs defspend with args (NULL-terminated) on the shipped data; 0 exit, empty stderr. */
static char *run_ok(const char *const *args)
{
	const char *full[32] = { "--data", ds_test_path("data") };
	size_t n = 2;
	for (size_t i = 0; args[i] != NULL && n < 31; i++)
		full[n++] = args[i];
	full[n] = NULL;
	struct ds_run r;
	assert_int_equal(ds_run(&r, full, NULL, NULL, NULL), 0);
	if (r.status != 0 || r.errlen != 0)
		fail_msg("defspend %s: exit %d, stderr '%s'", args[0], r.status, r.err);
	char *out = r.out;
	r.out = NULL;
	ds_run_free(&r);
	return out;
}

static void expect_has(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("expected '%s' in:\n%s", want, out);
}

static void expect_lacks(const char *out, const char *text)
{
	if (strstr(out, text) != NULL)
		fail_msg("did not expect '%s' in:\n%s", text, out);
}

static void test_2025_counts(void **state)
{
	(void)state;
	const char *const a[] = { "--format", "csv", "compare", "--year", "2025", NULL };
	char *out = run_ok(a);
	assert_string_equal(out, "year,threshold,meeting,reporting,missing\n"
				 "2025,2,25,25,7\n2025,3.5,3,25,7\n2025,5,0,25,7\n");
	free(out);
	const char *const b[] = { "--fill", "--format", "csv", "compare", "--year", "2025", NULL };
	out = run_ok(b);
	assert_string_equal(out, "year,threshold,meeting,reporting,missing\n"
				 "2025,2,31,31,1\n2025,3.5,3,31,1\n2025,5,0,31,1\n");
	free(out);

	/* Who is missing, and why, in the table format. */
	const char *const c[] = { "list", NULL };
	out = run_ok(c);
	expect_has(out, "\n2025: 25 of 32 members reporting, 7 missing; 25 at or above 2%, 3 at "
			"or above 3.5%, 0 at or above 5% (release 2025-08)\n");
	expect_has(out, "\nNo figure in this release's data: Finland, Croatia, Montenegro, "
			"Slovakia, Slovenia, Sweden.\nNATO published none: Iceland.\n");
	expect_has(out, "\n7 members have no 2025 figure in release 2025-08; 6 have one in "
			"release 2026-03: add --fill\n");
	free(out);

	/* Filled: each filled figure marked, where it came from said once. */
	const char *const d[] = { "--fill", "list", NULL };
	out = run_ok(d);
	expect_has(out, "\n2025: 31 of 32 members reporting, 1 missing; 31 at or above 2%");
	expect_has(out, "  SWE   Sweden           2025    2.5 f ");
	expect_has(out, "  POL   Poland           2025   4.48   ");
	expect_has(out, "\nNATO published none: Iceland.\n");
	expect_has(out, "\nf: 6 figures filled from release 2026-03\n");
	expect_lacks(out, "add --fill");
	free(out);

	/* The machine formats carry the release and source of each row instead of a mark. */
	const char *const e[] = { "--fill", "--format", "csv", "list", NULL };
	out = run_ok(e);
	expect_has(out, ",gap_5_usd_m,release,source\n");
	expect_has(out, "\n1,POL,Poland,2025,4.48,true,true,0.00,0,true,0.00,0,false,0.52,5406,"
			"2025-08,https://www.polskieradio.pl/");
	expect_has(out, ",SWE,Sweden,2025,2.5,false,true,0.0,0,false,1.0,6623,false,2.5,16558,"
			"2026-03,https://dailyguardian.eu/");
	expect_has(out, "\n,ISL,Iceland,2025,,,,,,,,,,,,2025-08,");
	expect_lacks(out, " f,");
	free(out);
}

/* The core-defence release never fills a NATO-definition one, and is not filled by one. */
static void test_fill_never_across_bases(void **state)
{
	(void)state;
	const char *const a[] = { "--release", "2026-07", "--fill", "--format", "csv",
				  "compare",   "--year",  "2025",   NULL };
	const char *full[16] = { "--data", ds_test_path("data") };
	for (size_t i = 0; a[i] != NULL; i++)
		full[2 + i] = a[i];
	struct ds_run r;
	assert_int_equal(ds_run(&r, full, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "year,threshold,meeting,reporting,missing\n"
				   "2025,2,2,2,30\n2025,3.5,1,2,30\n2025,5,0,2,30\n");
	expect_has(r.err, "release '2026-07' measures core defence");
	ds_run_free(&r);
	/* Germany 2025 is 2.00 in 2025-08: 2026-07's core-defence 2.22 never replaces it. */
	const char *const b[] = { "--fill", "--format", "csv", "show", "DEU", NULL };
	char *out = run_ok(b);
	expect_has(out, ",DEU,Germany,2025,2.00,true,");
	expect_lacks(out, "2026-07");
	free(out);
}

/* A year the release has no figure for is not a row; thin years are flagged. */
static void test_coverage(void **state)
{
	(void)state;
	const char *const a[] = { "--release", "2024-06", "--format", "csv",
				  "compare",   "-t",      "2",        NULL };
	char *out = run_ok(a);
	assert_string_equal(out, "year,threshold,meeting,reporting,missing\n"
				 "2014,2,3,31,1\n2023,2,1,1,31\n2024,2,23,31,1\n");
	free(out);
	const char *const b[] = { "--release", "2024-06", "compare", "-t", "2", NULL };
	out = run_ok(b);
	expect_has(out, "\nThinly covered, fewer than half the members reporting (counts say "
			"little about the alliance): 2023 (1 of 32).\n");
	expect_has(out, "\n289 member-years of 2014-2024 have no figure in release 2024-06; 278 "
			"have one in release 2025-08: add --fill\n");
	free(out);
	/* The charts over the years leave them out too (a blank line breaks the lines). */
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	const char *const e[] = { "--release", "2024-06",  "plot", "trend", "--out",
				  dir,         "--render", "none", NULL };
	free(run_ok(e));
	char *dat = ds_test_join(dir, "trend.dat");
	char *data = ds_test_read(dat, NULL);
	assert_non_null(data);
	expect_has(data, "\n2014\t3.71\t1.88\t");
	expect_has(data, "\n\n2023\tNaN\t3.26\t");
	expect_lacks(data, "\n2015\t");
	expect_lacks(data, "\n2022\t");
	free(data);
	free(dat);
	const char *const g[] = { "--release", "2024-06",  "plot", "count", "--out",
				  dir,         "--render", "none", NULL };
	free(run_ok(g));
	dat = ds_test_join(dir, "count.dat");
	data = ds_test_read(dat, NULL);
	assert_non_null(data);
	expect_has(data, "\n2023\t1\t1\t");
	expect_lacks(data, "\n2015\t");
	free(data);
	free(dat);
	ds_test_rmtree(dir);
	free(dir);
	const char *const c[] = {
		"--release", "2024-06", "--year", "2023", "show", "Poland", NULL
	};
	out = run_ok(c);
	expect_has(out, "\nRank in 2023: 1 of 1 reporting (3.26% of GDP, +1.38 points since "
			"2014); thinly covered: fewer than half the members report\n");
	expect_lacks(out, "2015");
	free(out);
	const char *const d[] = { "--release", "2024-06", "--format", "csv", "show", "POL", NULL };
	out = run_ok(d);
	expect_has(out, ",POL,Poland,2014,");
	expect_has(out, ",POL,Poland,2023,");
	expect_lacks(out, ",2016,");
	free(out);
}

/* Why a figure is missing comes from the note; only "NATO publishes no figure" says NATO. */
static void test_notes(void **state)
{
	(void)state;
	const char *const a[] = { "show", "Iceland", "Sweden", NULL };
	char *out = run_ok(a);
	expect_has(out, "\nNo figure for 2014-2025: NATO published none (Iceland has no armed "
			"forces; NATO publishes no figure).\n");
	expect_has(out, "\nNo figure for 2025: no figure in this release's data (no two-decimal "
			"figure found for this release).\n");
	free(out);

	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	const char *const b[] = { "plot", "ranking", "--out", dir, "--render", "none", NULL };
	free(run_ok(b));
	char *gp = ds_test_join(dir, "ranking.gp"), *dat = ds_test_join(dir, "ranking.dat");
	char *script = ds_test_read(gp, NULL), *data = ds_test_read(dat, NULL);
	assert_non_null(script);
	assert_non_null(data);
	/* In the script's single quotes a quote is doubled. */
	expect_has(script, "''no figure'': no figure in this release''s data.");
	expect_lacks(script, "NATO published none for this year");
	expect_has(data, "\tNaN\tNaN\tNATO published none\tNaN\n");
	expect_has(data, "\tNaN\tNaN\tno figure\tNaN\n");
	free(script);
	free(data);
	/* Filled: the marks and the source line say where the figures come from. */
	const char *const c[] = { "--fill", "plot",     "ranking", "--out",
				  dir,      "--render", "none",    NULL };
	free(run_ok(c));
	script = ds_test_read(gp, NULL);
	data = ds_test_read(dat, NULL);
	expect_has(script, "f: 6 figures filled from release 2026-03.");
	expect_lacks(script, "'no figure'");
	expect_has(data, "\t2.5 f\t");
	free(script);
	free(data);
	free(gp);
	free(dat);
	/* The other member charts mark a filled member's name; trend names the years. */
	const char *const e[] = { "--fill", "plot", "gap", "--out", dir, "--render", "none", NULL };
	free(run_ok(e));
	gp = ds_test_join(dir, "gap.gp");
	script = ds_test_read(gp, NULL);
	assert_non_null(script);
	expect_has(script, "'Sweden f' ");
	expect_lacks(script, "'Poland f'");
	free(script);
	free(gp);
	const char *const f[] = { "--fill", "plot", "trend",    "SWE",  "POL",
				  "--out",  dir,    "--render", "none", NULL };
	free(run_ok(f));
	gp = ds_test_join(dir, "trend.gp");
	script = ds_test_read(gp, NULL);
	assert_non_null(script);
	expect_has(script, "ds_end[1] = 'f: 2025 filled'\n");
	expect_has(script, "ds_end[2] = ''\n");
	free(script);
	free(gp);
	ds_test_rmtree(dir);
	free(dir);
}

/* Dollar sums over members are never partial sums presented as totals. */
static void test_partial_dollar_sums(void **state)
{
	(void)state;
	const char *const a[] = { "--format", "md", "compare", "--year", "2025", NULL };
	char *out = run_ok(a);
	/* 9 members have dollars, 25 have a % figure: no alliance_pct, no Europe sum. */
	expect_has(out, "| usa_usd_m | usd_reporting |");
	expect_has(out,
		   "| 2025 |           2.76 |                   |           9 |              "
		   "|                     |                     8 |    980000 |             9 |");
	free(out);
}

/* explain on a press-sourced cell: Germany 2025 of 2025-08. */
static void test_explain(void **state)
{
	(void)state;
	const char *const a[] = { "--format", "csv", "explain", "DEU", "2025", NULL };
	char *out = run_ok(a);
	expect_has(out, "section,field,value,detail\n");
	expect_has(out, "\nfigure,pct_gdp,2.00,\"% of GDP, published with 2 decimals\"\n");
	expect_has(out, "\nfigure,source,https://www.trend.sk/spravy/vydavkovy-ciel-tento-rok-"
			"splnia-vsetky-krajiny-nato-niektore-vobec-prvykrat,\n");
	expect_has(out, "\nfigure,note,\"Reuters/TASR on the 28 Aug 2025 release:");
	expect_has(out, "\nrelease,id,2025-08,the current release\n");
	expect_has(out, "\nreleases,2026-03,2.4,\"published 2026-03-26, NATO definition basis;");
	expect_has(out, "\nreleases,2026-07,2.22,\"published 2026-07, core defence basis;");
	expect_has(out, "\nderived,rank,19,of 25 members reporting a 2025 figure; 18 have a "
			"higher one\n");
	expect_has(out, "\nderived,gap_3.5_usd_m,75204,\"(3.5 - 2.00) / 100 x 5,013.574 bn IMF "
			"GDP = 75203.61 m, rounded once to 75204\"\n");
	expect_has(out, "\nderived,change_since_2014,0.84,2.00 - 1.16 (2014) = 0.84 points\n");
	free(out);
	/* The same figure the list prints. */
	const char *const b[] = { "--format", "csv", "list", NULL };
	out = run_ok(b);
	expect_has(out, ",DEU,Germany,2025,2.00,true,true,0.00,0,false,1.50,75204,false,3.00,"
			"150407,2025-08,https://www.trend.sk/");
	free(out);
	/* Filled: explained from the release it came from; `why` is the same command. */
	const char *const c[] = { "--fill", "why", "Sweden", "2025", NULL };
	out = run_ok(c);
	expect_has(out, "Sweden (SWE), 2025, release 2025-08 filled (--fill)\n");
	/* Fields are padded to the longest, change_since_2014. */
	expect_has(out, "\n  filled_from        2026-03: release 2025-08 has no figure; --fill "
			"took this release's\n");
	expect_has(out, "\n  file               ");
	expect_has(out, "releases/2026-03.csv\n");
	expect_has(out, "\n  pct_gdp            2.5: % of GDP, published with 1 decimal\n");
	free(out);
}

/*
 * First-time crossings on a hand-checked file (thresholds 2 and 3.5):
 *   AAA 1.90 2.10 1.95 2.05   first reaches 2 in 2015; 2017 is a return
 *   BBB 2.00 2.50             at 2 from its first year: never "crossing"
 *   CCC 1.00 -    3.60        first reaches 2 and 3.5 in 2016
 *   DDD -    1.5  1.90 2.0    first reaches 2 in 2017 (one decimal: 2.0 >= 2)
 */
static void test_first_crossings(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = ds_test_join(dir, "cross.csv");
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "AAA,Aland,2014,1.90,0,r,s\nAAA,Aland,2015,2.10,0,r,s\n"
				       "AAA,Aland,2016,1.95,0,r,s\nAAA,Aland,2017,2.05,0,r,s\n"
				       "BBB,Bland,2014,2.00,0,r,s\nBBB,Bland,2015,2.50,0,r,s\n"
				       "CCC,Cland,2014,1.00,0,r,s\nCCC,Cland,2016,3.60,0,r,s\n"
				       "DDD,Dland,2015,1.5,0,r,s\nDDD,Dland,2016,1.90,0,r,s\n"
				       "DDD,Dland,2017,2.0,0,r,s\n",
				       (size_t)-1),
			 0);
	const char *const a[] = { "--data", path, "-t", "2,3.5", "compare", NULL };
	struct ds_run r;
	assert_int_equal(ds_run(&r, a, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	expect_has(r.out, "\nCrossed a threshold since the year before:\n"
			  "year  threshold  iso3  country  previous_pct  pct_gdp  direction\n"
			  "----  ---------  ----  -------  ------------  -------  ---------\n"
			  "2015          2  AAA   Aland            1.90     2.10  up\n"
			  "2016          2  AAA   Aland            2.10     1.95  down\n"
			  "2017          2  AAA   Aland            1.95     2.05  up\n"
			  "2017          2  DDD   Dland            1.90      2.0  up\n");
	expect_has(r.out, "\nReached a threshold for the first time (below it in every earlier "
			  "year of the release):\n"
			  "year  threshold  iso3  country  pct_gdp  highest_before  "
			  "highest_before_year  first_year  years_without\n"
			  "----  ---------  ----  -------  -------  --------------  "
			  "-------------------  ----------  -------------\n"
			  "2015          2  AAA   Aland       2.10            1.90                 "
			  "2014        2014              0\n"
			  "2016          2  CCC   Cland       3.60            1.00                 "
			  "2014        2014              1\n"
			  "2016        3.5  CCC   Cland       3.60            1.00                 "
			  "2014        2014              1\n"
			  "2017          2  DDD   Dland        2.0            1.90                 "
			  "2016        2015              0\n");
	/* Cland has no 2015 figure: it may have reached 2 then, unseen. */
	expect_has(r.out, "\nyears_without: years after first_year with no figure for the "
			  "member in this\nrelease; in 2 rows the member may have reached the "
			  "threshold in one of\nthem: \"first time\" is then only the first time "
			  "in this release's data.\n");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
}

/* list's totals: coverage said, a --total row in the machine formats, --sort gap_usd. */
static void test_totals(void **state)
{
	(void)state;
	const char *const a[] = { "list", NULL };
	char *out = run_ok(a);
	expect_has(out, "\nTotal dollar gap of the 25 of 32 members with a 2025 figure (US$ m, "
			"IMF GDP): 0 to 2%, 423265 to 3.5%, 1273918 to 5%.\n");
	free(out);
	const char *const b[] = { "--format", "csv", "list", "--total", "--sort", "gap_usd", NULL };
	out = run_ok(b);
	/* The largest dollar gap to 2 is 0 for everyone: then by %, Poland first. */
	expect_has(out, "_usd_m,release,source\n1,POL,Poland,2025,");
	expect_has(out, "\n,,total: 25 of 32 members,2025,,,,,0,,,423265,,,1273918,2025-08,\n");
	free(out);
	const char *const c[] = {
		"-t", "3.5", "--format", "csv", "list", "--sort", "gap_usd", NULL
	};
	out = run_ok(c);
	expect_has(out,
		   "_usd_m,release,source\n6,USA,United States,2025,3.22,true,false,0.28,85724,"
		   "2025-08,");
	free(out);
	/* trend's on_track_T: the path test of show, for every member. */
	const char *const d[] = { "--format", "csv", "trend", "POL", "DEU", NULL };
	out = run_ok(d);
	expect_has(out, ",projected_pct,on_track_2,on_track_3.5,on_track_5,release,source\n");
	expect_has(out, "\nPOL,Poland,2014,1.86,2025,4.48,2.62,0.2382,2035,6.86,true,true,true,"
			"2025-08,");
	expect_has(out, "\nDEU,Germany,2014,1.16,2025,2.00,0.84,0.0764,2035,2.76,true,false,false,"
			"2025-08,");
	free(out);
}

/*
 * Points a year needed are rounded up wherever printed: Aland at 1.90 in
 * 2024 needs 0.10 / 11 = 0.009090... a year to reach 2 by 2035; the path
 * chart's 3 decimals show 0.010 (0.009 for 11 years would fall short).
 */
static void test_needed_rounded_up(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir(), *out = ds_test_tmpdir();
	assert_non_null(dir);
	assert_non_null(out);
	char *path = ds_test_join(dir, "path.csv");
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "AAA,Aland,2014,1.80,0,r,s\nAAA,Aland,2024,1.90,0,r,s\n",
				       (size_t)-1),
			 0);
	const char *const a[] = { "--data", path, "-t",       "2",    "plot", "path",
				  "--out",  out,  "--render", "none", NULL };
	struct ds_run r;
	assert_int_equal(ds_run(&r, a, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	char *dat = ds_test_join(out, "path.dat");
	char *data = ds_test_read(dat, NULL);
	assert_non_null(data);
	expect_has(data, "\n1\t0.010\t0.010\t");
	free(data);
	free(dat);
	/* show's path table at 4 decimals: 0.0091. */
	const char *const b[] = { "--data", path, "-t", "2", "show", "AAA", NULL };
	assert_int_equal(ds_run(&r, b, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	expect_has(r.out, "  2035              0.0091       2014         0.0100 ");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	ds_test_rmtree(out);
	free(path);
	free(dir);
	free(out);
}

/* The report's headline names the release, --fill when used, and the gaps --fill would fill. */
static void test_report_headline(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *md = ds_test_join(dir, "index.md");
	const char *const a[] = { "report", "--out", dir, "--render", "none", NULL };
	free(run_ok(a));
	char *text = ds_test_read(md, NULL);
	assert_non_null(text);
	expect_has(text, "\nIn 2025, 25 of 32 members have a figure in NATO release 2025-08 "
			 "(Defence Expenditure of NATO Countries (2014-2025), published "
			 "2025-08-28). 25 spend");
	expect_has(text, " 7 members have no 2025 figure in release 2025-08; 6 have one in "
			 "release 2026-03: add --fill.\n");
	free(text);
	const char *const b[] = { "--fill", "report", "--out", dir, "--render", "none", NULL };
	free(run_ok(b));
	text = ds_test_read(md, NULL);
	assert_non_null(text);
	expect_has(text, "\nIn 2025, 31 of 32 members have a figure in NATO release 2025-08 "
			 "(Defence Expenditure of NATO Countries (2014-2025), published "
			 "2025-08-28) or, where it has none, in the newest other release of its "
			 "basis (--fill). 31 spend");
	expect_has(text, " f: 6 figures filled from release 2026-03.\n");
	expect_lacks(text, "add --fill");
	free(text);
	free(md);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2025_counts),
		cmocka_unit_test(test_fill_never_across_bases),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_partial_dollar_sums),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_first_crossings),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_needed_rounded_up),
		cmocka_unit_test(test_report_headline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
