/*
 * test_spending_e2e.c - end-to-end tests of `spending`, the money sorts of
 * `list`, the money lines of `show`, `aid` with Kiel's new columns, and
 * `check` against a macro file that disagrees with spending.csv: the real
 * binary, its exit code, stdout and stderr.
 *
 * On the shipped data the figures are the ones worked out by hand in the
 * issue's note (Poland, the United States and Germany in 2024), e.g.
 * Poland: 3.79% x 914.553 bn = 34,661.56 m dollars; / 36.621 m people =
 * 946.49; (3.79 x 2,743.953) / (3.27 x 2,666.015) = 1.19290 (+19.29%);
 * 3.79 / 49.412 = 7.670%.  tests/test_calc_money.c checks every formula
 * on a small file.
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

/* Runs defspend in the source tree with args (NULL-terminated). */
static void run(struct ds_run *r, const char *const *args)
{
	assert_int_equal(ds_run(r, args, ds_test_srcdir(), NULL, NULL), 0);
}

/* Runs args and checks exit 0, no stderr and exactly want on stdout. */
static void expect_out(const char *const *args, const char *want)
{
	struct ds_run r;
	run(&r, args);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, want);
	ds_run_free(&r);
}

/* Runs args and checks exit 0 and that stdout holds every string of want (NULL-ended). */
static void expect_has(const char *const *args, const char *const *want)
{
	struct ds_run r;
	run(&r, args);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	for (size_t i = 0; want[i] != NULL; i++)
		if (strstr(r.out, want[i]) == NULL)
			fail_msg("'%s' not in:\n%s", want[i], r.out);
	ds_run_free(&r);
}

#define SPENDING_HEAD                                                                              \
	"iso3,country,year,pct_gdp,spend_usd_m,usd_basis,spend_lcu_m,currency,per_capita_usd,"     \
	"real_change_pct,real_index_2014,share_gov_exp_pct,release\n"
#define POL_2024 "POL,Poland,2024,3.79,34662,derived,138002,PLN,946,19.29,291.4,7.67,2025-08\n"
#define USA_2024                                                                                   \
	"USA,United States,2024,3.21,940467,derived,940467,USD,2765,6.44,110.7,8.47,2025-08\n"
#define DEU_2024 "DEU,Germany,2024,2.00,93684,derived,86579,EUR,1122,23.61,188.2,4.05,2025-08\n"

static void test_spending_formats(void **state)
{
	(void)state;
	const char *csv[] = { "--data",   "data", "--format", "csv", "--year", "2024",
			      "spending", "POL",  "USA",      "DEU", NULL };
	expect_out(csv, SPENDING_HEAD POL_2024 USA_2024 DEU_2024);
	const char *tsv[] = { "--data", "data",   "--format", "tsv", "spending",
			      "pol",    "--year", "2024",     NULL };
	expect_out(tsv, "iso3\tcountry\tyear\tpct_gdp\tspend_usd_m\tusd_basis\tspend_lcu_m\t"
			"currency\tper_capita_usd\treal_change_pct\treal_index_2014\t"
			"share_gov_exp_pct\trelease\n"
			"POL\tPoland\t2024\t3.79\t34662\tderived\t138002\tPLN\t946\t19.29\t291.4\t"
			"7.67\t2025-08\n");
	const char *json[] = { "--data", "data",   "--format", "json", "spending",
			       "DEU",    "--year", "2024",     NULL };
	expect_out(json,
		   "[\n  {\n    \"iso3\": \"DEU\",\n    \"country\": \"Germany\",\n"
		   "    \"year\": 2024,\n    \"pct_gdp\": 2.00,\n    \"spend_usd_m\": 93684,\n"
		   "    \"usd_basis\": \"derived\",\n    \"spend_lcu_m\": 86579,\n"
		   "    \"currency\": \"EUR\",\n    \"per_capita_usd\": 1122,\n"
		   "    \"real_change_pct\": 23.61,\n    \"real_index_2014\": 188.2,\n"
		   "    \"share_gov_exp_pct\": 4.05,\n    \"release\": \"2025-08\"\n  }\n]\n");
	/* Table and md: the same figures, then what each derived column is. */
	const char *table[] = { "--data", "data", "spending", "POL", "--year", "2024", NULL };
	const char *in_table[] = {
		"POL   Poland   2024     3.79        34662  derived         138002  PLN ",
		"pct_gdp x IMF GDP (1 of 1 rows), an approximation",
		"per_capita_usd = spend_usd_m / population", NULL
	};
	expect_has(table, in_table);
	const char *md[] = { "--data", "data",   "--format", "md", "spending",
			     "POL",    "--year", "2024",     NULL };
	const char *in_md[] = { "| POL  | Poland  | 2024 |    3.79 |       34662 | derived   |",
				"share_gov_exp_pct = pct_gdp / government\nexpenditure", NULL };
	expect_has(md, in_md);
}

/* A span, NATO's own dollars (2025) and Iceland, which has none: empty, never 0. */
static void test_spending_span(void **state)
{
	(void)state;
	const char *span[] = { "--data", "data", "--format", "csv",  "spending",
			       "POL",    "ISL",  "--from",   "2024", NULL };
	expect_out(span, SPENDING_HEAD POL_2024
		   "POL,Poland,2025,4.48,44300,nato,174485,PLN,1214,22.04,355.6,8.95,2025-08\n"
		   "ISL,Iceland,2024,,,,,ISK,,,,,2025-08\n"
		   "ISL,Iceland,2025,,,,,ISK,,,,,2025-08\n");
	/* --to alone is that year; another release answers with its own figures, here
	 * NATO's 34900 m dollars: 34900 / 36.621 = 953.0; (4.12 x 2743.953) / (3.26 x
	 * 2666.015) = 1.30073; / (1.88 x 1918.646) = 3.1341. */
	const char *rel[] = { "--data",   "data", "--release", "2024-06", "--format", "csv",
			      "spending", "POL",  "--to",      "2024",    NULL };
	expect_out(rel, SPENDING_HEAD
		   "POL,Poland,2024,4.12,34900,nato,150018,PLN,953,30.07,313.4,8.34,2024-06\n");
}

/*
 * --fill: Finland's 2025 figure comes from release 2026-03 (2.9, one
 * decimal), and its derived figures follow: 2.9% of 314.724 bn = 9126.996 m
 * dollars, / 5.612 m people = 1626.3; (2.9 x 230.361) / (2.40 x 229.199) =
 * +21.45%; 2.9 / 58.29 = 4.98%.  The alliance then has a 2025 total.
 */
static void test_fill(void **state)
{
	(void)state;
	const char *fin[] = { "--data",   "data", "--fill", "--format", "csv",
			      "spending", "FIN",  "--year", "2025",     NULL };
	expect_out(fin, SPENDING_HEAD
		   "FIN,Finland,2025,2.9,9127,derived,8080,EUR,1626,21.45,218.7,4.98,2026-03\n");
	const char *all[] = { "--data",   "data",       "--fill", "--format", "csv",
			      "spending", "--alliance", "--year", "2025",     NULL };
	expect_out(all, "year,nato_usd_m,europe_canada_usd_m,usa_usd_m,usa_share_pct,members,"
			"nato_usd,derived_usd,needed\n"
			"2025,1600131,620131,980000,61.25,31,9,22,0\n");
	const char *table[] = { "--data",     "data",   "--fill", "spending",
				"--alliance", "--year", "2025",   NULL };
	const char *in_table[] = { "f: 6 figures filled from release 2026-03\n", NULL };
	expect_has(table, in_table);
}

static void test_alliance(void **state)
{
	(void)state;
	const char *csv[] = { "--data",     "data",   "--format", "csv", "spending",
			      "--alliance", "--from", "2023",     NULL };
	expect_out(csv, "year,nato_usd_m,europe_canada_usd_m,usa_usd_m,usa_share_pct,members,"
			"nato_usd,derived_usd,needed\n"
			"2023,1293069,430912,862157,66.68,31,0,31,0\n"
			"2024,1462108,521642,940467,64.32,31,0,31,0\n"
			"2025,,,980000,,31,9,16,6\n");
	const char *table[] = {
		"--data", "data", "spending", "--alliance", "--year", "2024", NULL
	};
	const char *in_table[] = {
		"2024     1462108               521642     940467          64.32",
		"Left out (no figure in any year of the release): ISL.\n", NULL
	};
	expect_has(table, in_table);
	/* compare shows the same view after its own tables. */
	const char *cmp[] = { "--data", "data", "compare", "--from", "2024", NULL };
	const char *in_cmp[] = { "Alliance spending in US dollars",
				 "2024     1462108               521642     940467          64.32",
				 NULL };
	expect_has(cmp, in_cmp);
}

static void test_list_and_show(void **state)
{
	(void)state;
	const char *pc[] = { "--data", "data", "--format", "tsv",        "list",
			     "--year", "2024", "--sort",   "per_capita", NULL };
	struct ds_run r;
	run(&r, pc);
	assert_int_equal(r.status, 0);
	/* Most dollars per person first: the US (2765), Norway, Luxembourg. */
	assert_non_null(strstr(r.out, "\n4\tUSA\tUnited States\t2024\t3.21\t"));
	char *second = strchr(strchr(r.out, '\n') + 1, '\n') + 1;
	assert_true(strncmp(second, "10\tNOR\tNorway\t", 14) == 0);
	ds_run_free(&r);
	/* The table says what it is sorted by, since list does not show that figure. */
	const char *rc[] = { "--data", "data",   "list",        "--year",
			     "2024",   "--sort", "real_change", NULL };
	const char *in_rc[] = { "\nSorted by real_change_pct (derived: pct_gdp x IMF GDP at "
				"constant prices),\nlargest first; members without it follow. "
				"'defspend spending --year 2024' shows it.\n",
				NULL };
	expect_has(rc, in_rc);
	const char *show[] = { "--data", "data", "show", "POL", "--year", "2024", NULL };
	const char *in_show[] = { "Per person in 2024: 946 US dollars (pct_gdp x IMF GDP / IMF "
				  "population)\n",
				  "Real change from 2023: +19.29% (index 2014 = 100: 291.4), "
				  "pct_gdp x IMF GDP at constant prices\n",
				  NULL };
	expect_has(show, in_show);
}

static void test_usage(void **state)
{
	(void)state;
	static const struct {
		const char *args[10];
		const char *err;
	} cases[] = {
		{ { "spending", "--year", "2024", "--from", "2023", NULL },
		  "defspend: --year and --from/--to cannot be combined\n" },
		{ { "spending", "--alliance", "POL", NULL },
		  "defspend: unexpected argument 'POL'\n" },
		{ { "spending", "--from", "2030", NULL },
		  "defspend: no figures for 2030 in release '2025-08' (years 2014-2025)\n" },
		{ { "spending", "Polnd", NULL }, "defspend: unknown country 'Polnd'" },
		{ { "aid", "--sort", "gdp", NULL },
		  "defspend: unknown sort 'gdp' (total, military, financial, humanitarian, pct_gdp "
		  "or committed)\n" },
		{ { "list", "--sort", "capita", NULL }, "defspend: unknown sort 'capita'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *args[14] = { "--data", "data" };
		for (size_t k = 0; cases[i].args[k] != NULL; k++)
			args[2 + k] = cases[i].args[k];
		struct ds_run r;
		run(&r, args);
		assert_int_equal(r.status, 64);
		assert_string_equal(r.out, "");
		if (strncmp(r.err, cases[i].err, strlen(cases[i].err)) != 0)
			fail_msg("case %zu: stderr '%s'", i, r.err);
		ds_run_free(&r);
	}
}

#define AID_HEAD                                                                                   \
	"iso3,country,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,total_eur_bn,"          \
	"share_pct,total_pct_gdp,committed_eur_bn,eu_share_eur_bn,total_incl_eu_eur_bn"

static void test_aid(void **state)
{
	(void)state;
	/* Denmark gives the most relative to its economy: Kiel's 3.458%. */
	const char *pct[] = {
		"--data", "data", "--format", "csv", "aid", "--sort", "pct_gdp", NULL
	};
	struct ds_run r;
	run(&r, pct);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out,
			    AID_HEAD
			    "\nDNK,Denmark,10.538,0.115,0.990,11.644,4.43,3.458,12.075,2.193,"
			    "13.836\nEST,Estonia,",
			    strlen(AID_HEAD) + 80) == 0);
	/* Allies only (32 rows), no total row unless asked, no EU institutions. */
	size_t lines = 0;
	for (const char *p = r.out; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 33);
	assert_null(strstr(r.out, "EUI"));
	assert_null(strstr(r.out, ",total,"));
	ds_run_free(&r);

	/* Every donor: shares of all 42 donors' 374.224 bn, the nato column, the total. */
	const char *all[] = { "--data",       "data",    "--format", "csv",       "aid",
			      "--all-donors", "--total", "--sort",   "committed", NULL };
	const char *in_all[] = {
		AID_HEAD ",nato\nEUI,EU (Commission and Council),4.404,87.609,3.262,95.275,25.46,"
			 "0.656,190.774,0.000,95.275,false\nUSA,",
		"\nJPN,Japan,0.076,10.378,1.708,12.161,3.25,0.291,18.791,0.000,12.161,false\n",
		"\nALB,Albania,,,,,,,,,,true\n",
		"\n,total,179.796,168.147,26.280,374.224,100.00,,549.349,95.277,,\n", NULL
	};
	expect_has(all, in_all);

	/* The table always ends with the total row, then the notes; no "cannot relate". */
	const char *table[] = { "--data", "data", "aid", NULL };
	run(&r, table);
	assert_int_equal(r.status, 0);
	assert_non_null(
		strstr(r.out, "\n-     total                    174.141            69.557   "));
	assert_non_null(strstr(r.out, "total_pct_gdp is\nKiel's own ratio to the donor's GDP"));
	assert_null(strstr(r.out, "no % of GDP"));
	/* The notes say which figures are derived; tsv and md carry the same cells. */
	assert_non_null(strstr(r.out, "Derived: share_pct (of the total of the rows shown)\n"
				      "and the total row (sums over the rows shown).\n"));
	ds_run_free(&r);
	const char *tsv[] = { "--data", "data", "--format", "tsv", "aid", "--total", NULL };
	const char *in_tsv[] = {
		"iso3\tcountry\tmilitary_eur_bn\tfinancial_eur_bn\thumanitarian_eur_bn\t"
		"total_eur_bn\tshare_pct\ttotal_pct_gdp\tcommitted_eur_bn\teu_share_eur_bn\t"
		"total_incl_eu_eur_bn\n",
		"\nPOL\tPoland\t4.452\t0.928\t0.506\t5.886\t2.24\t1.025\t6.433\t3.795\t9.682\n",
		"\n\ttotal\t174.141\t69.557\t19.006\t262.707\t100.00\t\t329.214\t90.482\t353.185\n",
		NULL
	};
	expect_has(tsv, in_tsv);
	const char *md[] = { "--data", "data", "--format", "md", "aid", NULL };
	const char *in_md[] = {
		"| DEU  | Germany         |          24.904 |            1.663 |               4.066 "
		"|       30.632 |     11.66 |         0.850 |           47.680 |          21.585 "
		"|               52.217 |\n",
		"|      | total           |         174.141 |           69.557 |              19.006 "
		"|      262.707 |    100.00 |               |          329.214 |          90.482 "
		"|              353.185 |\n\nBilateral allocations",
		"Derived: share_pct", NULL
	};
	expect_has(md, in_md);
	const char *json[] = { "--data", "data", "--format", "json", "aid", "--total", NULL };
	const char *in_json[] = { "    \"total_pct_gdp\": 3.458,\n", "    \"iso3\": null,\n",
				  "    \"country\": \"total\",\n", NULL };
	expect_has(json, in_json);
}

/* check refuses a macro.csv whose dollar GDP differs from spending.csv's, at the cell. */
static void test_check_refuses_macro(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	assert_int_equal(ds_test_copy_data(dir), 0);
	char *path = ds_test_join(dir, "macro.csv");
	size_t len;
	char *text = ds_test_read(path, &len);
	assert_non_null(text);
	/* Belgium 2024 (line 25): 664.365 becomes 664.3. */
	const char *cell = "BEL,2024,11.817,613.985,524.984,116.953,664.365,";
	char *at = strstr(text, cell);
	assert_non_null(at);
	memmove(at + strlen(cell) - 3, at + strlen(cell) - 1, strlen(at + strlen(cell) - 1) + 1);
	assert_int_equal(ds_test_write(path, text, (size_t)-1), 0);
	const char *args[] = { "--data", dir, "check", NULL };
	struct ds_run r;
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	char want[1024];
	snprintf(want, sizeof want,
		 "defspend: %s/macro.csv:25:41: gdp_usd_bn '664.3' for BEL 2024 differs from "
		 "'%s/spending.csv' line 24 (664.365): both are the IMF's dollar GDP and must be "
		 "equal\n",
		 dir, dir);
	assert_true(strncmp(r.err, want, strlen(want)) == 0);
	ds_run_free(&r);
	/* Every command refuses the data, not only check. */
	const char *list[] = { "--data", dir, "list", NULL };
	assert_int_equal(ds_run(&r, list, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	ds_run_free(&r);
	free(text);
	free(path);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spending_formats),
		cmocka_unit_test(test_spending_span),
		cmocka_unit_test(test_alliance),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_list_and_show),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_aid),
		cmocka_unit_test(test_check_refuses_macro),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
