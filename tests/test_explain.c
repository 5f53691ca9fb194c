/*
 * test_explain.c - cmocka tests of explain.h: where one member-year's
 * figure comes from, on the fixture of test_fill.c (tests/data/fill; its
 * rows are listed there).
 *
 * What is checked: a figure of the chosen release with its published
 * precision and the same member-year in the other releases; a figure
 * filled from another release, named as such and explained from that
 * release's own row; the derived figures with their formulas, equal to
 * what the calculator gives; a member-year without a row, which says so
 * and still lists the other releases; and the four sections in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/calc.h"
#include "defspend/explain.h"
#include "defspend/load.h"
#include "defspend/money.h"
#include "defspend/strmap.h"
#include "defspend/table.h"
#include "defspend/threshold.h"
#include "helpers.h"

#define FIXTURE "tests/data/fill"

struct fixture {
	struct ds_dataset *ds;
	struct ds_calc c;
	struct ds_table *t;
	size_t section, field, value, detail;
};

static void explain(struct fixture *f, int fill, const char *iso3, int year)
{
	struct ds_errors err;
	struct ds_load_opts opts = { .fill = fill };
	ds_errors_init(&err);
	f->ds = NULL;
	assert_int_equal(ds_dataset_load(ds_test_path(FIXTURE), &opts, &f->ds, &err), DS_OK);
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[128];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	assert_int_equal(ds_calc_init(&f->c, f->ds, f->ds->spending, th, nth, 0, 0), DS_OK);
	uint32_t m;
	assert_true(ds_strmap_get(&f->ds->by_iso3, iso3, strlen(iso3), &m));
	f->t = NULL;
	assert_int_equal(ds_explain(f->ds, &f->c, m, year, &f->t, &err), DS_OK);
	assert_int_equal(err.n, 0);
	assert_non_null(f->t);
	assert_int_equal(ds_table_columns(f->t), 4);
	assert_int_equal(ds_table_column_find(f->t, "section", &f->section), 0);
	assert_int_equal(ds_table_column_find(f->t, "field", &f->field), 0);
	assert_int_equal(ds_table_column_find(f->t, "value", &f->value), 0);
	assert_int_equal(ds_table_column_find(f->t, "detail", &f->detail), 0);
	ds_errors_release(&err);
}

static void done(struct fixture *f)
{
	ds_table_free(f->t);
	ds_dataset_free(f->ds);
}

static const char *text(const struct fixture *f, size_t r, size_t col)
{
	const char *s = ds_table_cell_text(f->t, r, col);
	return s ? s : "";
}

/* The row of section/field; fails when there is none or more than one. */
static size_t row(const struct fixture *f, const char *section, const char *field)
{
	size_t found = SIZE_MAX;
	for (size_t r = 0; r < ds_table_rows(f->t); r++) {
		if (strcmp(text(f, r, f->section), section) != 0 ||
		    strcmp(text(f, r, f->field), field) != 0)
			continue;
		if (found != SIZE_MAX)
			fail_msg("two rows %s/%s", section, field);
		found = r;
	}
	if (found == SIZE_MAX)
		fail_msg("no row %s/%s", section, field);
	return found;
}

static int has_row(const struct fixture *f, const char *section, const char *field)
{
	for (size_t r = 0; r < ds_table_rows(f->t); r++)
		if (strcmp(text(f, r, f->section), section) == 0 &&
		    strcmp(text(f, r, f->field), field) == 0)
			return 1;
	return 0;
}

static void expect(const struct fixture *f, const char *section, const char *field,
		   const char *value, const char *detail_part)
{
	size_t r = row(f, section, field);
	assert_string_equal(text(f, r, f->value), value);
	if (detail_part && strstr(text(f, r, f->detail), detail_part) == NULL)
		fail_msg("%s/%s: detail '%s' lacks '%s'", section, field, text(f, r, f->detail),
			 detail_part);
}

/* The sections come in the order explain.h gives, each in one run. */
static void expect_section_order(const struct fixture *f)
{
	static const char *const order[] = { "figure", "release", "releases", "derived" };
	size_t at = 0;
	for (size_t r = 0; r < ds_table_rows(f->t); r++) {
		const char *s = text(f, r, f->section);
		while (at < 4 && strcmp(s, order[at]) != 0)
			at++;
		if (at == 4)
			fail_msg("row %zu: section '%s' out of order", r, s);
	}
}

static void test_own_figure(void **state)
{
	(void)state;
	struct fixture f;
	explain(&f, 0, "AAA", 2028);
	expect_section_order(&f);
	expect(&f, "figure", "pct_gdp", "2.00", "2 decimals");
	expect(&f, "figure", "release", "2030-01", NULL);
	expect(&f, "figure", "source", "table", NULL);
	expect(&f, "figure", "spend_usd_m", "", "no dollar figure");
	assert_false(has_row(&f, "figure", "filled_from"));
	expect(&f, "release", "id", "2030-01", "current");
	expect(&f, "release", "title", "Table 2030", NULL);
	expect(&f, "release", "basis", "NATO definition", NULL);
	/* The same member-year elsewhere, whatever its basis, the chosen release apart. */
	expect(&f, "releases", "2031-01", "9.9", "source report");
	expect(&f, "releases", "2029-06", "", "no figure");
	expect(&f, "releases", "2032-01", "", "core defence");
	assert_false(has_row(&f, "releases", "2030-01"));
	/* Derived: 2.00 meets 2 exactly; (3.5 - 2.00)% of 100 bn is 1,500 m. */
	expect(&f, "derived", "rank", "1", "of 3 members");
	expect(&f, "derived", "meets_2", "yes", "2.00 >= 2");
	expect(&f, "derived", "meets_3.5", "no", "2.00 < 3.5");
	expect(&f, "derived", "gap_3.5_pp", "1.50", "3.5 - 2.00 = 1.50");
	expect(&f, "derived", "gap_3.5_usd_m", "1500", "x 100 bn IMF GDP");
	expect(&f, "derived", "gap_5_usd_m", "3000", NULL);
	/* The same as the calculator's gap to 3.5 (the second threshold). */
	uint32_t m;
	assert_true(ds_strmap_get(&f.ds->by_iso3, "AAA", 3, &m));
	struct ds_calc_member cm;
	ds_calc_member_year(&f.c, m, 2028, &cm);
	assert_true(cm.has_pct && cm.gap[1].has_usd);
	char musd[64];
	assert_true(ds_money_format_musd(musd, sizeof musd, cm.gap[1].gap_usd, 0) > 0);
	assert_string_equal(musd, "1500");
	done(&f);
}

static void test_filled_figure(void **state)
{
	(void)state;
	struct fixture f;
	explain(&f, 1, "AAA", 2029);
	expect_section_order(&f);
	expect(&f, "figure", "filled_from", "2031-01", "release 2030-01 has no figure");
	/* The row is read from the filling release's own file. */
	const char *file = text(&f, row(&f, "figure", "file"), f.value);
	const char *want = "/tests/data/fill/releases/2031-01.csv";
	assert_true(strlen(file) >= strlen(want));
	assert_string_equal(file + strlen(file) - strlen(want), want);
	expect(&f, "figure", "pct_gdp", "2.1", "1 decimal");
	expect(&f, "figure", "release", "2031-01", NULL);
	/* The release section is the filling release's. */
	expect(&f, "release", "id", "2031-01", NULL);
	expect(&f, "release", "title", "Report 2031", NULL);
	/* Compared at its own precision: 2.1 against 3.5 leaves 1.4, one decimal. */
	expect(&f, "derived", "meets_2", "yes", "2.1 >= 2");
	expect(&f, "derived", "gap_3.5_pp", "1.4", "3.5 - 2.1 = 1.4");
	expect(&f, "derived", "gap_3.5_usd_m", "1540", "x 110 bn IMF GDP");
	expect(&f, "derived", "rank", "2", "of 3 members");
	done(&f);
}

static void test_no_row(void **state)
{
	(void)state;
	struct fixture f;
	explain(&f, 0, "CCC", 2029);
	expect_section_order(&f);
	expect(&f, "figure", "row", "", "no row in release 2030-01");
	assert_false(has_row(&f, "figure", "pct_gdp"));
	assert_false(has_row(&f, "derived", "rank"));
	/* Where the figure can be found instead, with its basis. */
	expect(&f, "releases", "2029-06", "3.00", "NATO definition");
	expect(&f, "releases", "2032-01", "4.44", "core defence");
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_figure),
		cmocka_unit_test(test_filled_figure),
		cmocka_unit_test(test_no_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
