/*
 * test_provenance.c - the rules about where a figure comes from
 * (provenance.h): which columns are provenance, and the release and source
 * rules of a spending record, each problem at its field with the message
 * the loader and the updater share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/provenance.h"

static void test_columns(void **state)
{
	(void)state;
	static const char *const yes[] = { "release", "source", "spend_source", "gdp_source",
					   "my source" };
	static const char *const no[] = { "pct_gdp", "estimate", "sources", "releases",
					  "src",     "",         "ource",   "Release" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(ds_provenance_column(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(ds_provenance_column(no[i]));
}

/* Checks the one data record of `csv` (columns: x,release,source) and prints the problems. */
struct run {
	const char *release_id;
	int has_figure;
	long col_source;
	int bad;
	struct ds_errors err;
};

static int on_record(void *ctx, const struct ds_csv_record *rec)
{
	struct run *r = ctx;
	if (rec->index > 0)
		r->bad = ds_provenance_check(&r->err, "t.csv", rec, 1, r->col_source, r->release_id,
					     r->has_figure);
	return 0;
}

static void expect(const char *csv, const char *release_id, int has_figure, long col_source,
		   int bad, const char *want)
{
	struct run r = { release_id, has_figure, col_source, -1, { 0 } };
	ds_errors_init(&r.err);
	assert_int_equal(ds_csv_read_mem("t.csv", csv, strlen(csv), 7, on_record, &r, &r.err), 0);
	assert_int_equal(r.bad, bad);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ds_errors_print(&r.err, "defspend", f);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
	ds_errors_release(&r.err);
}

static void test_rules(void **state)
{
	(void)state;
	/* Everything in order. */
	expect("x,release,source\n1,R1,s\n", "R1", 1, 2, 0, "");
	expect("x,release,source\n1,R1,s\n", NULL, 1, 2, 0, "");
	/* A row without a figure needs neither. */
	expect("x,release,source\n1,,\n", NULL, 0, 2, 0, "");
	/* Another release's row, even without a figure. */
	expect("x,release,source\n1,R2,s\n", "R1", 0, 2, 1,
	       "defspend: t.csv:2:3: release 'R2' in the file of release 'R1' (releases are "
	       "never mixed)\n");
	/* An empty release is another release too, when one is demanded. */
	expect("x,release,source\n1,,s\n", "R1", 1, 2, 1,
	       "defspend: t.csv:2:3: release '' in the file of release 'R1' (releases are never "
	       "mixed)\n");
	/* A figure without its release or source: both reported. */
	expect("x,release,source\n1,,\n", NULL, 1, 2, 1,
	       "defspend: t.csv:2:3: a figure without its release\n"
	       "defspend: t.csv:2:4: a figure without a source\n");
	/* A file without a source column: only the release rule applies. */
	expect("x,release,source\n1,R1,\n", NULL, 1, -1, 0, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
