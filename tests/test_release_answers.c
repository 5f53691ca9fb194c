/*
 * test_release_answers.c - a query answers from the --release alone.
 *
 * The dataset is loaded as `defspend --release ID` loads it (opts.release)
 * and the query builders of query.h are run on it, on the shipped data/:
 * NATO's June 2024 release must give 23 allies at 2% in 2024 and Poland
 * 4.12 (the February 2025 press figures), the one-decimal March 2026 report
 * must print 2.1, never 2.10, and what a release does not cover (2025 in
 * 2024-06, the aggregates of 2025-08) must be missing rather than filled in
 * from another release.  (The list command itself is on the calc branch;
 * this tests the library path every query command goes through.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/load.h"
#include "defspend/lookup.h"
#include "defspend/query.h"
#include "helpers.h"

static struct ds_dataset *load(const char *release)
{
	struct ds_errors err;
	struct ds_dataset *ds;
	struct ds_load_opts opts = { .release = release };
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(ds_test_path("data"), &opts, &ds, &err), DS_OK);
	ds_errors_release(&err);
	return ds;
}

static void init(struct ds_calc *c, const struct ds_dataset *ds)
{
	struct ds_threshold th[3];
	size_t n;
	char msg[64];
	assert_int_equal(ds_threshold_parse_list("2,3.5,5", th, 3, &n, msg, sizeof msg), 0);
	assert_int_equal(ds_calc_init(c, ds, ds->spending, th, n, 0, 0), DS_OK);
}

static size_t col(const struct ds_table *t, const char *name)
{
	size_t c;
	assert_int_equal(ds_table_column_find(t, name, &c), 0);
	return c;
}

/* The cell of column `name` in the row whose iso3 is `iso3`. */
static const char *cell(const struct ds_table *t, const char *iso3, const char *name)
{
	size_t ci = col(t, "iso3"), cn = col(t, name);
	for (size_t r = 0; r < ds_table_rows(t); r++)
		if (strcmp(ds_table_cell_text(t, r, ci), iso3) == 0)
			return ds_table_cell_text(t, r, cn);
	fail_msg("no row for %s", iso3);
	return NULL;
}

static size_t count_true(const struct ds_table *t, const char *name)
{
	size_t c = col(t, name), n = 0;
	for (size_t r = 0; r < ds_table_rows(t); r++)
		n += ds_table_cell_type(t, r, c) == DS_CELL_BOOL &&
		     strcmp(ds_table_cell_text(t, r, c), "true") == 0;
	return n;
}

static void test_june_2024(void **state)
{
	(void)state;
	struct ds_dataset *ds = load("2024-06");
	assert_string_equal(ds->spending->id, "2024-06");
	struct ds_calc c;
	init(&c, ds);
	assert_int_equal(ds_calc_latest_year(&c), 2024);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_PCT, &t, &err), DS_OK);
	assert_string_equal(cell(t, "POL", "pct_gdp"), "4.12");
	assert_string_equal(cell(t, "USA", "pct_gdp"), "3.38");
	assert_string_equal(cell(t, "POL", "rank"), "1");
	assert_int_equal(count_true(t, "meets_2"), 23);
	assert_int_equal(count_true(t, "meets_3.5"), 1);
	ds_table_free(t);

	/* 2023: the release has Poland's figure only; nobody is filled in. */
	assert_int_equal(ds_query_list(&c, 2023, DS_SORT_PCT, &t, &err), DS_OK);
	assert_string_equal(cell(t, "POL", "pct_gdp"), "3.26");
	assert_null(cell(t, "DEU", "pct_gdp"));
	ds_table_free(t);

	/* The aggregates are 2025-08's: this release has none. */
	assert_int_equal(ds->nagg, 0);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_current_keeps_aggregates(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(NULL);
	assert_string_equal(ds->spending->id, "2025-08");
	assert_true(ds->nagg > 0);
	struct ds_calc c;
	init(&c, ds);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_PCT, &t, &err), DS_OK);
	assert_string_equal(cell(t, "POL", "pct_gdp"), "3.79");
	assert_int_equal(count_true(t, "meets_2"), 18);
	ds_table_free(t);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_one_decimal_release(void **state)
{
	(void)state;
	struct ds_dataset *ds = load("2026-03");
	struct ds_calc c;
	init(&c, ds);
	assert_int_equal(ds_calc_latest_year(&c), 2025);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	assert_int_equal(ds_query_list(&c, 0, DS_SORT_PCT, &t, &err), DS_OK);
	assert_string_equal(cell(t, "BGR", "pct_gdp"), "2.1");
	assert_string_equal(cell(t, "POL", "pct_gdp"), "4.3");
	assert_string_equal(cell(t, "ALB", "pct_gdp"), "2.0"); /* 2.0 meets 2 */
	assert_string_equal(cell(t, "ALB", "meets_2"), "true");
	/* Not in this release: missing, not 2025-08's 2.xx. */
	assert_null(cell(t, "CZE", "pct_gdp"));
	for (size_t r = 0; r < ds_table_rows(t); r++) {
		const char *p = ds_table_cell_text(t, r, col(t, "pct_gdp"));
		if (p != NULL)
			assert_int_equal(strlen(strchr(p, '.')), 2); /* ".N": one decimal */
	}
	ds_table_free(t);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_june_2024),
		cmocka_unit_test(test_current_keeps_aggregates),
		cmocka_unit_test(test_one_decimal_release),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
