/*
 * test_cli_revisions.c - end-to-end tests of `defspend releases` and
 * `defspend revisions`: the real binary, its exit code, stdout and stderr,
 * in every output format.
 *
 * Most run on the fixture of tests/data/releases-edge/ (see
 * test_revisions.c); a few run on the shipped data/ to pin the figures the
 * README's "checking a news report" section quotes (23, 22 and 18 allies at
 * 2% in 2024; Poland 4.12 -> 3.79; the one-decimal 2026-03 release).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define EDGE "tests/data/releases-edge"

/* Runs defspend with args and checks the exit status, stdout and stderr exactly. */
static void expect(const char *const *args, int status, const char *out, const char *err)
{
	struct ds_run r;
	assert_int_equal(ds_run(&r, args, ds_test_srcdir(), NULL, NULL), 0);
	assert_string_equal(r.out, out);
	assert_string_equal(r.err, err);
	assert_int_equal(r.status, status);
	ds_run_free(&r);
}

/* Runs and checks the status, that stderr is empty and stdout holds each of want[]. */
static void expect_has(const char *const *args, int status, const char *const *want)
{
	struct ds_run r;
	assert_int_equal(ds_run(&r, args, ds_test_srcdir(), NULL, NULL), 0);
	assert_int_equal(r.status, status);
	assert_string_equal(r.err, "");
	for (size_t i = 0; want[i] != NULL; i++)
		if (strstr(r.out, want[i]) == NULL)
			fail_msg("'%s' not in:\n%s", want[i], r.out);
	ds_run_free(&r);
}

static const char *const counts_2029 =
	"\nallies with a figure for 2029, and at or above each threshold, in each release:\n"
	"release  published   basis            year  figures  at_2  at_3.5  at_5\n"
	"-------  ----------  ---------------  ----  -------  ----  ------  ----\n"
	"2030-01  2030-01-15  NATO definition  2029        3     3       0     0\n"
	"2030-06  2030-06     NATO definition  2029        3     2       1     1\n"
	"2031-02  2031-02-10  NATO definition  2029        3     2       1     0\n";

static void test_revisions_formats(void **state)
{
	(void)state;
	char table[2048];
	snprintf(
		table, sizeof table, "%s%s",
		"revisions from 2030-06 to 2031-02 (change_pp = to_pct - from_pct, percentage points):\n"
		"iso3  country   year  from_release  from_pct  to_release  to_pct  change_pp\n"
		"----  --------  ----  ------------  --------  ----------  ------  ---------\n"
		"BOR   Borduria  2029  2030-06            1.9  2031-02       1.98       0.08\n",
		counts_2029);
	/* Dunland is asked for but has a figure in 2030-06 only: left out, not filled. */
	const char *const a_table[] = { "--data", EDGE,     "revisions", "Borduria",
					"DUN",    "--from", "2030-06",   NULL };
	expect(a_table, 0, table, "");
	const char *const a_csv[] = { "--data",   EDGE,  "--format",       "csv", "revisions",
				      "Borduria", "DUN", "--from=2030-06", NULL };
	expect(a_csv, 0,
	       "iso3,country,year,from_release,from_pct,to_release,to_pct,change_pp\n"
	       "BOR,Borduria,2029,2030-06,1.9,2031-02,1.98,0.08\n",
	       "");
	const char *const a_tsv[] = { "--data",  EDGE,       "revisions", "bd", "--from",
				      "2030-06", "--format", "tsv",       NULL };
	expect(a_tsv, 0,
	       "iso3\tcountry\tyear\tfrom_release\tfrom_pct\tto_release\tto_pct\tchange_pp\n"
	       "BOR\tBorduria\t2029\t2030-06\t1.9\t2031-02\t1.98\t0.08\n",
	       "");
	const char *const a_json[] = { "--data", EDGE,     "--format", "json", "revisions",
				       "BOR",    "--from", "2030-06",  NULL };
	expect(a_json, 0,
	       "[\n  {\n    \"iso3\": \"BOR\",\n    \"country\": \"Borduria\",\n    \"year\": 2029,\n"
	       "    \"from_release\": \"2030-06\",\n    \"from_pct\": 1.9,\n    \"to_release\": \"2031-02\",\n"
	       "    \"to_pct\": 1.98,\n    \"change_pp\": 0.08\n  }\n]\n",
	       "");
	const char *const a_md[] = { "--data", EDGE,     "--format", "md", "revisions",
				     "BOR",    "--from", "2030-06",  NULL };
	expect(a_md, 0,
	       "| iso3 | country  | year | from_release | from_pct | to_release | to_pct | change_pp |\n"
	       "| ---- | -------- | ---: | ------------ | -------: | ---------- | -----: | --------: |\n"
	       "| BOR  | Borduria | 2029 | 2030-06      |      1.9 | 2031-02    |   1.98 |      0.08 |\n",
	       "");
}

static void test_revisions_defaults(void **state)
{
	(void)state;
	/* --to: the global --release; --from: the oldest release sharing a year with it. */
	const char *const a[] = { "--data",   EDGE,  "--release", "2030-06",
				  "--format", "csv", "revisions", NULL };
	expect(a, 0,
	       "iso3,country,year,from_release,from_pct,to_release,to_pct,change_pp\n"
	       "ARC,Arcadia,2029,2030-01,2.10,2030-06,2.1,0.00\n"
	       "BOR,Borduria,2029,2030-01,2.00,2030-06,1.9,-0.10\n",
	       "");
	/* --to: the current release; the count lines are for the latest year compared. */
	const char *const b[] = { "--data", EDGE, "revisions", NULL };
	const char *const b_want[] = {
		"revisions from 2030-01 to 2031-02 (",
		"ARC   Arcadia   2028  2030-01           1.95  2031-02       1.95       0.00\n",
		"CRP   Carpania  2029  2030-01           3.49  2031-02       3.50       0.01\n",
		counts_2029, NULL
	};
	expect_has(b, 0, b_want);
	/* An empty comparison still answers, and says so. */
	const char *const c[] = { "--data", EDGE, "revisions", "Dunland", "--year", "2029", NULL };
	char out[1024];
	snprintf(
		out, sizeof out, "%s%s",
		"revisions from 2030-01 to 2031-02 (change_pp = to_pct - from_pct, percentage points):\n"
		"no member has a figure for the same year in both releases\n",
		counts_2029);
	expect(c, 0, out, "");
	const char *const d[] = { "--data", EDGE, "--format", "json", "revisions", "DUN", NULL };
	expect(d, 0, "[]\n", "");
}

static void test_revisions_errors(void **state)
{
	(void)state;
	static const char usage[] =
		"usage: defspend revisions [COUNTRY...] [--year YEAR] [--from ID] [--to ID]\n";
	char want[512];
	const char *const a[] = { "--data", EDGE, "revisions", "Arcadea", NULL };
	expect(a, 64, "", "defspend: unknown country 'Arcadea'; did you mean 'Arcadia'?\n");
	const char *const b[] = { "--data", EDGE, "revisions", "--from", "2029-01", NULL };
	expect(b, 64, "",
	       "defspend: unknown release '2029-01' (known: 2031-02, 2030-01, 2030-06)\n");
	const char *const c[] = { "--data", EDGE, "revisions", "--year", "2030", NULL };
	snprintf(want, sizeof want,
		 "defspend: no other release has a figure for 2030 that '2031-02' has too\n%s",
		 usage);
	expect(c, 64, "", want);
	const char *const d[] = { "--data",  EDGE,   "revisions", "--from",
				  "2030-06", "--to", "2030-06",   NULL };
	snprintf(want, sizeof want, "defspend: --from and --to are both '2030-06'\n%s", usage);
	expect(d, 64, "", want);
	const char *const e[] = { "--data", EDGE, "revisions", "--from", NULL };
	snprintf(want, sizeof want, "defspend: option '--from' needs a value\n%s", usage);
	expect(e, 64, "", want);
	const char *const f[] = { "--data", EDGE, "revisions", "--since", "2030", NULL };
	snprintf(want, sizeof want, "defspend: unknown option '--since'\n%s", usage);
	expect(f, 64, "", want);
}

static void test_releases_formats(void **state)
{
	(void)state;
	const char *const a[] = { "--data", EDGE, "releases", NULL };
	expect(a, 0,
	       "id       title             published   cutoff      basis            decimals  years      year_min  year_max  members  figures  current  precision\n"
	       "-------  ----------------  ----------  ----------  ---------------  --------  ---------  --------  --------  -------  -------  -------  ----------\n"
	       "2030-01  Test Table 2030   2030-01-15  -           NATO definition         2  2028-2029      2028      2029        3        4       no  2 decimals\n"
	       "2030-06  Test Report 2030  2030-06     -           NATO definition         1  2029           2029      2029        3        3       no  1 decimal\n"
	       "2031-02  Test Table 2031   2031-02-10  2031-01-05  NATO definition         2  2028-2030      2028      2030        3        6      yes  2 decimals\n",
	       "");
	static const char csv[] =
		"id,title,published,cutoff,basis,decimals,years,year_min,year_max,members,figures,current,"
		"precision\n"
		"2030-01,Test Table 2030,2030-01-15,,NATO definition,2,2028-2029,2028,2029,3,4,false,"
		"2 decimals\n"
		"2030-06,Test Report 2030,2030-06,,NATO definition,1,2029,2029,2029,3,3,false,1 decimal\n"
		"2031-02,Test Table 2031,2031-02-10,2031-01-05,NATO definition,2,2028-2030,2028,2030,3,6,true,"
		"2 decimals\n";
	const char *const b[] = { "--data", EDGE, "--format", "csv", "releases", NULL };
	expect(b, 0, csv, "");
	/* --release does not narrow the list: every release is described. */
	const char *const b2[] = { "--data",   EDGE,  "--release", "2030-06",
				   "--format", "csv", "releases",  NULL };
	expect(b2, 0, csv, "");
	const char *const c[] = { "--data", EDGE, "--format", "tsv", "releases", NULL };
	expect(c, 0,
	       "id\ttitle\tpublished\tcutoff\tbasis\tdecimals\tyears\tyear_min\tyear_max\tmembers\tfigures\tcurrent\tprecision\n"
	       "2030-01\tTest Table 2030\t2030-01-15\t\tNATO definition\t2\t2028-2029\t2028\t2029\t3\t4\tfalse\t2 decimals\n"
	       "2030-06\tTest Report 2030\t2030-06\t\tNATO definition\t1\t2029\t2029\t2029\t3\t3\tfalse\t1 decimal\n"
	       "2031-02\tTest Table 2031\t2031-02-10\t2031-01-05\tNATO definition\t2\t2028-2030\t2028\t2030\t3\t6\ttrue\t2 decimals\n",
	       "");
	const char *const d[] = { "--data",   EDGE "/releases/2030-06.csv",
				  "--format", "json",
				  "releases", NULL };
	expect(d, 0,
	       "[\n  {\n    \"id\": \"2030-06\",\n    \"title\": null,\n    \"published\": null,\n"
	       "    \"cutoff\": null,\n    \"basis\": null,\n    \"decimals\": null,\n    \"years\": \"2029\",\n"
	       "    \"year_min\": 2029,\n    \"year_max\": 2029,\n    \"members\": 3,\n    \"figures\": 3,\n"
	       "    \"current\": true,\n    \"precision\": \"1 decimal\"\n  }\n]\n",
	       "");
	const char *const e[] = { "--data", EDGE, "--format", "md", "releases", NULL };
	const char *const e_want[] = {
		"| id      | title            | published  | cutoff     | basis           | decimals | years     |",
		"| 2030-06 | Test Report 2030 | 2030-06    |            | NATO definition |        1 | 2029      |     2029 |     2029 |       3 |       3 | no      | 1 decimal  |\n",
		NULL
	};
	expect_has(e, 0, e_want);
	const char *const f[] = { "--data", EDGE, "releases", "extra", NULL };
	expect(f, 64, "", "defspend: too many arguments\nusage: defspend releases\n");
}

/*
 * The shipped current release holds NATO's two-decimal table and two press
 * figures printed with one decimal: `releases` says so, and `check` accepts it.
 */
static void test_shipped_mixed_precision(void **state)
{
	(void)state;
	const char *const a[] = { "--data", "data", "--format", "csv", "releases", NULL };
	const char *const a_want[] = {
		"2025-08,Defence Expenditure of NATO Countries (2014-2025),2025-08-28,2025-06-03,"
		"NATO definition,2,2014-2025,2014,2025,31,366,true,\"2 decimals, 2 cells at 1\"\n",
		"2026-03,Secretary General's Annual Report 2025,2026-03-26,,NATO definition,1,2024-2025,"
		"2024,2025,29,30,false,1 decimal\n",
		NULL
	};
	expect_has(a, 0, a_want);
	const char *const b[] = { "--data", "data", "check", NULL };
	const char *const b_want[] = { "data/spending.csv: 384 rows, 32 members, years 2014-2025",
				       NULL };
	expect_has(b, 0, b_want);
}

/* The shipped data: the figures the README section quotes. */
static void test_shipped_news_report(void **state)
{
	(void)state;
	const char *const a[] = { "--data",        "data",   "revisions", "Poland",
				  "United States", "--year", "2024",      NULL };
	const char *const a_want[] = {
		"revisions from 2024-06 to 2025-08 (",
		"POL   Poland         2024  2024-06           4.12  2025-08       3.79      -0.33\n",
		"USA   United States  2024  2024-06           3.38  2025-08       3.21      -0.17\n",
		"2024-06  2024-06-17  NATO definition  2024       31    23       1     0\n",
		"2025-04  2025-04-24  NATO definition  2024       31    22       1     0\n",
		"2025-08  2025-08-28  NATO definition  2024       31    18       1     0\n",
		"2026-03  2026-03-26  NATO definition  2024        1     1       0     0\n",
		NULL
	};
	expect_has(a, 0, a_want);
	/* One decimal stays one decimal: 3.3, never 3.30. */
	const char *const b[] = { "--data", "data",      "--release", "2026-03", "--format",
				  "csv",    "revisions", "USA",       NULL };
	expect(b, 0,
	       "iso3,country,year,from_release,from_pct,to_release,to_pct,change_pp\n"
	       "USA,United States,2024,2024-06,3.38,2026-03,3.3,-0.08\n",
	       "");
	/* Bases differ: the change is flagged as no revision. */
	const char *const c[] = { "--data", "data",    "--format", "csv",     "revisions", "DEU",
				  "--from", "2026-03", "--to",     "2026-07", NULL };
	expect(c, 0,
	       "iso3,country,year,from_release,from_pct,to_release,to_pct,change_pp\n"
	       "DEU,Germany,2025,2026-03,2.4,2026-07,2.22,-0.18\n",
	       "defspend: warning: '2026-03' (NATO definition) and '2026-07' (core defence) measure different "
	       "things: the change is not a revision\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revisions_formats),
		cmocka_unit_test(test_revisions_defaults),
		cmocka_unit_test(test_revisions_errors),
		cmocka_unit_test(test_releases_formats),
		cmocka_unit_test(test_shipped_news_report),
		cmocka_unit_test(test_shipped_mixed_precision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
