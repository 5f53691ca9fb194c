/*
 * test_fill.c - cmocka tests of --fill (fill.h) and of the loader's choice
 * of the releases it fills from (load.h), on tests/data/fill:
 *
 *   2030-01 (current, NATO definition, published 2030-01-15): AAA 2028
 *     2.00, AAA 2029 blank, BBB 2028 1.50, BBB 2029 blank with dollars
 *     and no GDP, CCC 2028 1.75, no CCC 2029 row, EEE without figures
 *     ("NATO publishes no figure");
 *   2031-01 (NATO definition, newer, one decimal): AAA 2028 9.9, AAA 2029
 *     2.1, BBB 2029 1.9 with its own dollars;
 *   2029-06 (NATO definition, older): BBB 2029 1.70, CCC 2027 1.23, CCC
 *     2029 3.00;
 *   2032-01 (core defence, newest): CCC 2029 4.44, DDD 2029 5.55, EEE
 *     2029 0.10.
 *
 * Every expected value below follows from those rows by the rules of
 * fill.h: the chosen release's figures stay, the newest release of the
 * same basis that has a figure fills a gap, never one of another basis.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/fill.h"
#include "defspend/load.h"
#include "defspend/num.h"
#include "helpers.h"

#define FIXTURE "tests/data/fill"

static struct ds_dataset *load(const char *release, int fill)
{
	struct ds_errors err;
	struct ds_dataset *ds = NULL;
	struct ds_load_opts opts = { .release = release, .fill = fill };
	ds_errors_init(&err);
	int rc = ds_dataset_load(ds_test_path(FIXTURE), &opts, &ds, &err);
	if (rc != DS_OK && err.n > 0)
		print_error("%s:%ld: %s\n", err.v[0].file, err.v[0].line, err.v[0].msg);
	assert_int_equal(rc, DS_OK);
	ds_errors_release(&err);
	return ds;
}

static size_t member(const struct ds_dataset *ds, const char *iso3)
{
	uint32_t id;
	assert_true(ds_strmap_get(&ds->by_iso3, iso3, strlen(iso3), &id));
	return id;
}

static const struct ds_obs *get(const struct ds_dataset *ds, const char *iso3, int year)
{
	return ds_series_get(ds->spending, member(ds, iso3), year);
}

/* Member iso3's figure in year: pct and decimals, its release, and whether it was filled. */
static void expect(const struct ds_dataset *ds, const char *iso3, int year, int32_t pct, int dec,
		   const char *release, int filled)
{
	const struct ds_obs *o = get(ds, iso3, year);
	assert_non_null(o);
	assert_true(o->flags & DS_OBS_PCT);
	assert_int_equal(o->pct, pct);
	assert_int_equal(o->pct_dec, dec);
	assert_string_equal(ds_dataset_str(ds, o->release), release);
	assert_int_equal((o->flags & DS_OBS_FILLED) != 0, filled);
}

static void test_fill_rules(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(NULL, 1);
	const struct ds_series *s = ds->spending;
	assert_string_equal(s->id, "2030-01");
	/* A figure the chosen release has is never replaced (2031-01 says 9.9). */
	expect(ds, "AAA", 2028, 2000000, 2, "2030-01", 0);
	/* The newest release of the basis fills, at its own precision. */
	expect(ds, "AAA", 2029, 2100000, 1, "2031-01", 1);
	const struct ds_obs *o = get(ds, "AAA", 2029);
	assert_string_equal(ds_dataset_str(ds, o->source), "report");
	assert_false(o->flags & DS_OBS_ESTIMATE); /* the filled figure's own flag */
	assert_int_equal(o->gdp_usd_bn, 110 * DS_AMOUNT_SCALE);
	/* 2031-01 before 2029-06: the newer wins, the older never overwrites it. */
	expect(ds, "BBB", 2029, 1900000, 1, "2031-01", 1);
	o = get(ds, "BBB", 2029);
	/* Dollars stay the chosen release's; GDP only where it had none. */
	assert_true(o->flags & DS_OBS_SPEND);
	assert_int_equal(o->spend_usd_m, 20 * DS_AMOUNT_SCALE);
	assert_true(o->flags & DS_OBS_GDP);
	assert_int_equal(o->gdp_usd_bn, 60 * DS_AMOUNT_SCALE);
	/* A member-year without a row at all comes from the first release that has it. */
	expect(ds, "CCC", 2029, 3000000, 2, "2029-06", 1);
	o = get(ds, "CCC", 2029);
	assert_true(o->flags & DS_OBS_ESTIMATE);
	assert_false(o->flags & DS_OBS_SPEND);
	expect(ds, "CCC", 2027, 1230000, 2, "2029-06", 1);
	/* Never across bases: the core-defence release fills nothing. */
	assert_null(get(ds, "DDD", 2029));
	o = get(ds, "EEE", 2029);
	assert_non_null(o);
	assert_false(o->flags & DS_OBS_PCT);
	assert_int_equal(s->nfilled, 4);
	assert_int_equal(s->year_min, 2027);
	assert_int_equal(s->year_max, 2029);
	assert_int_equal(s->pct_year_max, 2029);
	ds_dataset_free(ds);

	/* Without --fill the release is as it is. */
	ds = load(NULL, 0);
	assert_int_equal(ds->spending->nfilled, 0);
	assert_false(get(ds, "AAA", 2029)->flags & DS_OBS_PCT);
	assert_null(get(ds, "CCC", 2029));
	ds_dataset_free(ds);
}

/* Another chosen release: the current one fills it like any other. */
static void test_fill_other_release(void **state)
{
	(void)state;
	struct ds_dataset *ds = load("2029-06", 1);
	assert_string_equal(ds->spending->id, "2029-06");
	expect(ds, "BBB", 2029, 1700000, 2, "2029-06", 0);
	expect(ds, "AAA", 2029, 2100000, 1, "2031-01", 1);
	/* The newest of the others, not the current one: 2031-01 has AAA 2028 too. */
	expect(ds, "AAA", 2028, 9900000, 1, "2031-01", 1);
	expect(ds, "CCC", 2028, 1750000, 2, "2030-01", 1);
	ds_dataset_free(ds);
	/* The only core-defence release has no other of its basis: nothing filled. */
	ds = load("2032-01", 1);
	assert_int_equal(ds->spending->nfilled, 0);
	assert_null(get(ds, "AAA", 2029));
	assert_null(get(ds, "BBB", 2029));
	ds_dataset_free(ds);
}

static void test_same_basis(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(NULL, 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series **v;
	size_t n;
	assert_int_equal(ds_dataset_load_same_basis(ds, "2030-01", &v, &n, &err), DS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->id, "2031-01"); /* newest first */
	assert_string_equal(v[1]->id, "2029-06");
	for (size_t i = 0; i < n; i++)
		ds_series_free(v[i]);
	free(v);
	assert_int_equal(ds_dataset_load_same_basis(ds, "2032-01", &v, &n, &err), DS_OK);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(ds_dataset_load_same_basis(ds, "1999-01", &v, &n, &err), DS_OK);
	assert_int_equal(n, 0);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_counts_and_texts(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(NULL, 1);
	struct ds_fill_source v[4];
	size_t n;
	struct ds_fill_scope y2029 = { 2029, 2029, NULL, 0 };
	assert_int_equal(ds_fill_sources(ds, ds->spending, &y2029, v, 4, &n), 3);
	assert_int_equal(n, 2);
	assert_string_equal(ds_dataset_str(ds, v[0].release), "2031-01");
	assert_int_equal(v[0].n, 2);
	assert_string_equal(ds_dataset_str(ds, v[1].release), "2029-06");
	assert_int_equal(v[1].n, 1);
	/* A full array: a release past it is not counted. */
	assert_int_equal(ds_fill_sources(ds, ds->spending, &y2029, v, 1, &n), 2);
	assert_int_equal(n, 1);
	char buf[160];
	ds_fill_sources(ds, ds->spending, &y2029, v, 4, &n);
	ds_fill_text_filled(ds, v, n, buf, sizeof buf);
	assert_string_equal(buf,
			    "f: 2 figures filled from release 2031-01, 1 from release 2029-06");
	size_t ccc = member(ds, "CCC");
	struct ds_fill_scope one = { 2027, 2029, &ccc, 1 };
	assert_int_equal(ds_fill_sources(ds, ds->spending, &one, v, 4, &n), 2);
	ds_fill_text_filled(ds, v, n, buf, sizeof buf);
	assert_string_equal(buf, "f: 2 figures filled from release 2029-06");
	/* DDD and EEE still lack 2029 once filled. */
	assert_int_equal(ds_fill_lacking(ds, ds->spending, &y2029), 2);
	ds_fill_text_filled(ds, v, 0, buf, sizeof buf);
	assert_string_equal(buf, "");
	ds_dataset_free(ds);

	/* The hint, from the unfilled release. */
	ds = load(NULL, 0);
	struct ds_errors err;
	ds_errors_init(&err);
	size_t lacking;
	assert_int_equal(ds_dataset_fill_preview(ds, &y2029, &lacking, v, 4, &n, &err), DS_OK);
	assert_int_equal(lacking, 5);
	assert_int_equal(n, 2);
	ds_fill_text_hint(ds, "2030-01", &y2029, lacking, v, n, buf, sizeof buf);
	assert_string_equal(buf, "5 members have no 2029 figure in release 2030-01; 2 have one in "
				 "release 2031-01, 1 in release 2029-06: add --fill");
	struct ds_fill_scope span = { 2028, 2029, &ccc, 1 };
	assert_int_equal(ds_dataset_fill_preview(ds, &span, &lacking, v, 4, &n, &err), DS_OK);
	ds_fill_text_hint(ds, "2030-01", &span, lacking, v, n, buf, sizeof buf);
	assert_string_equal(buf, "1 member-year of 2028-2029 has no figure in release 2030-01; 1 "
				 "has one in release 2029-06: add --fill");
	/* Nothing to fill: no hint. */
	size_t eee = member(ds, "EEE");
	struct ds_fill_scope none = { 2028, 2029, &eee, 1 };
	assert_int_equal(ds_dataset_fill_preview(ds, &none, &lacking, v, 4, &n, &err), DS_OK);
	assert_int_equal(lacking, 2);
	assert_int_equal(n, 0);
	ds_fill_text_hint(ds, "2030-01", &none, lacking, v, n, buf, sizeof buf);
	assert_string_equal(buf, "");
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

/* The merge on its own: series built by hand, no file. */
static void test_merge_direct(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	assert_int_equal(ds_dataset_add_member(ds, "AAA", "AA", "Aland", "", 0), 0);
	struct ds_series *base = ds_series_new("base.csv");
	assert_non_null(base);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series *out = (struct ds_series *)1;
	/* No other release: a copy, nothing filled. */
	assert_int_equal(ds_fill_merge(ds, base, NULL, 0, &out, &err), DS_OK);
	assert_non_null(out);
	assert_int_equal(out->n, 0);
	assert_int_equal(out->nfilled, 0);
	assert_string_equal(out->path, "base.csv");
	assert_null(out->id);
	ds_series_free(out);
	ds_series_free(base);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_rules),   cmocka_unit_test(test_fill_other_release),
		cmocka_unit_test(test_same_basis),   cmocka_unit_test(test_counts_and_texts),
		cmocka_unit_test(test_merge_direct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
