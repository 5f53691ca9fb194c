/*
 * test_load.c - cmocka tests of ds_dataset_load() on the shipped data,
 * on a lone spending file, with --release, and on broken copies of the
 * data directory (one file spoiled at a time).
 *
 * The figures asserted here are the dataset's own (data/spending.csv):
 * Poland 2024 is 3.79% of GDP in the 2025-08 release and 4.12 in 2024-06,
 * Iceland has no armed forces and so no percentage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "helpers.h"

static size_t member(const struct ds_dataset *ds, const char *iso3)
{
	uint32_t id;
	assert_true(ds_strmap_get(&ds->by_iso3, iso3, strlen(iso3), &id));
	return id;
}

static struct ds_dataset *load(const char *path, const struct ds_load_opts *opts)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds = NULL;
	int rc = ds_dataset_load(path, opts, &ds, &err);
	if (rc != DS_OK && err.n > 0)
		print_error("%s:%ld: %s\n", err.v[0].file, err.v[0].line, err.v[0].msg);
	assert_int_equal(rc, DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	assert_non_null(ds);
	return ds;
}

static void test_shipped(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(ds_test_path("data"), NULL);
	assert_int_equal(ds->nmembers, 32);
	assert_non_null(ds->spending);
	assert_int_equal(ds->spending->n, 384);
	assert_string_equal(ds->spending->id, "2025-08");
	assert_int_equal(ds->spending->year_min, 2014);
	assert_int_equal(ds->spending->year_max, 2025);
	assert_int_equal(ds->spending->max_decimals, 2);
	const struct ds_obs *o = ds_series_get(ds->spending, member(ds, "POL"), 2024);
	assert_non_null(o);
	assert_true(o->flags & DS_OBS_PCT);
	assert_int_equal(o->pct, 3790000);
	assert_int_equal(o->pct_dec, 2);
	assert_string_equal(ds_dataset_str(ds, o->release), "2025-08");
	/* Iceland: a row, but no percentage. */
	o = ds_series_get(ds->spending, member(ds, "ISL"), 2024);
	assert_non_null(o);
	assert_false(o->flags & DS_OBS_PCT);
	assert_null(ds_series_get(ds->spending, member(ds, "POL"), 2013));
	assert_null(ds_series_get(ds->spending, member(ds, "POL"), 1900));
	assert_true(ds->has_aid);
	assert_int_equal(ds->naid, 45); /* 42 donors of Kiel's file, 3 allies it does not track */
	const struct ds_aid *a = ds_dataset_aid(ds, member(ds, "DNK"));
	assert_non_null(a);
	assert_int_equal(a->pct_gdp[DS_AID_PCT_TOTAL], 3458000);
	assert_true(ds->has_macro);
	assert_int_equal(ds->nmacro, 416);
	const struct ds_macro *x = ds_dataset_macro(ds, member(ds, "POL"), 2024);
	assert_non_null(x);
	assert_true(x->population_m == 36621000);
	assert_string_equal(ds_dataset_str(ds, x->currency), "PLN");
	assert_true(ds->nagg > 0);
	assert_true(ds->nreleases >= 2);
	assert_string_equal(ds->releases[ds->current_release].id, "2025-08");
	/* members, releases, spending, aid, aggregates, macro */
	assert_int_equal(ds->nfiles, 6);
	assert_int_equal(ds->files[2].rows, 384);
	assert_int_equal(ds->files[2].members, 32);

	/* Another release next to the current one. */
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series *s = NULL;
	assert_int_equal(ds_dataset_load_release(ds, "2024-06", &s, &err), DS_OK);
	o = ds_series_get(s, member(ds, "POL"), 2024);
	assert_non_null(o);
	assert_int_equal(o->pct, 4120000);
	ds_series_free(s);
	assert_int_equal(ds_dataset_load_release(ds, "1999-01", &s, &err), DS_EUSAGE);
	assert_null(s);
	assert_int_equal(err.n, 1);
	assert_non_null(strstr(err.v[0].msg, "unknown release '1999-01' (known: 2025-08, 2024-06"));
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_release_option(void **state)
{
	(void)state;
	struct ds_load_opts opts = { .release = "2024-06" };
	struct ds_dataset *ds = load(ds_test_path("data"), &opts);
	assert_string_equal(ds->spending->id, "2024-06");
	assert_int_equal(ds->spending->n, 64);
	assert_int_equal(ds_series_get(ds->spending, member(ds, "POL"), 2024)->pct, 4120000);
	ds_dataset_free(ds);

	opts = (struct ds_load_opts){ .all_releases = 1 };
	ds = load(ds_test_path("data"), &opts);
	assert_int_equal(ds->nfiles, 6 + ds->nreleases - 1);
	assert_string_equal(ds->spending->id, "2025-08");
	ds_dataset_free(ds);

	struct ds_errors err;
	ds_errors_init(&err);
	opts = (struct ds_load_opts){ .release = "2030-01" };
	assert_int_equal(ds_dataset_load(ds_test_path("data"), &opts, &ds, &err), DS_EUSAGE);
	assert_null(ds);
	ds_errors_release(&err);
}

static void test_lone_file(void **state)
{
	(void)state;
	struct ds_dataset *ds = load(ds_test_path("data/spending.csv"), NULL);
	assert_null(ds->dir);
	assert_int_equal(ds->nmembers, 32);
	assert_int_equal(ds->spending->n, 384);
	assert_string_equal(ds->spending->id, "2025-08");
	size_t m;
	assert_int_equal(ds_lookup_member(ds, "poland", &m), 0);
	assert_string_equal(ds->members[m].iso3, "POL");
	assert_int_equal(ds_series_get(ds->spending, m, 2024)->pct, 3790000);
	/* No releases.csv beside a lone file. */
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series *s;
	assert_int_equal(ds_dataset_load_release(ds, "2024-06", &s, &err), DS_EUSAGE);
	assert_string_equal(err.v[0].msg,
			    "unknown release '2024-06' (the data has no releases.csv)");
	ds_errors_release(&err);
	ds_dataset_free(ds);

	struct ds_load_opts opts = { .release = "2025-08" };
	ds = load(ds_test_path("data/spending.csv"), &opts);
	ds_dataset_free(ds);
}

/*
 * Copies data/ to a temporary directory, replaces `file` with `text`, loads
 * it and returns the diagnostics as "FILE:LINE:COL: MSG\n" lines (FILE
 * relative to the copy).  The status goes to *rc.
 */
static char *spoil(const char *file, const char *text, int *rc)
{
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	assert_int_equal(ds_test_copy_data(dir), 0);
	char *path = ds_test_join(dir, file);
	assert_int_equal(ds_test_write(path, text, (size_t)-1), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds = NULL;
	*rc = ds_dataset_load(dir, NULL, &ds, &err);
	assert_null(ds);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	size_t skip = strlen(dir) + 1;
	for (size_t i = 0; i < err.n; i++)
		fprintf(f, "%s:%ld:%ld: %s\n", err.v[i].file ? err.v[i].file + skip : "-",
			err.v[i].line, err.v[i].column, err.v[i].msg);
	fclose(f);
	ds_errors_release(&err);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
	return out;
}

static void expect_spoiled(const char *file, const char *text, int want_rc, const char *want)
{
	int rc;
	char *got = spoil(file, text, &rc);
	assert_string_equal(got, want);
	assert_int_equal(rc, want_rc);
	free(got);
}

static void test_aux_errors(void **state)
{
	(void)state;
	expect_spoiled(
		"members.csv",
		"iso3,iso2,name,aliases,joined\nPOL,PL,Poland,,1999\nPOL,P,,,99\nDEU,DE,Germany,,x\n",
		65,
		"members.csv:3:5: iso2 'P' is not a two-letter upper-case code\n"
		"members.csv:3:7: name is empty\n"
		"members.csv:3:9: joined '99' is not a year from 1949 to 2100\n"
		"members.csv:4:17: joined 'x' is not a year from 1949 to 2100\n");
	expect_spoiled("members.csv", "iso3,iso2,name\nPOL,PL,Poland\nPOL,PL,Polska\n", 65,
		       "members.csv:3:1: a second row for member 'POL' (the first is on line 2)\n");
	expect_spoiled(
		"releases.csv",
		"id,title,published,file\n2025-08,t,2025-08-28,spending.csv\nx,t,2025-13-01,../etc/passwd\n"
		"2025-08,t,2025-08,spending.csv\n",
		65,
		"releases.csv:3:5: published '2025-13-01' is not a date YYYY-MM-DD or YYYY-MM\n"
		"releases.csv:3:16: file '../etc/passwd' is not a relative path inside the data directory\n"
		"releases.csv:4:1: a second row for release '2025-08' (the first is on line 2)\n");
	expect_spoiled(
		"aid.csv",
		"iso3,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,total_eur_bn,cutoff,source\n"
		"XYZ,1,2,3,6,2025-06-30,Kiel\nPOL,-1,,,,2025-06-30,\n",
		65,
		"aid.csv:2:1: unknown member 'XYZ': not in members.csv\n"
		"aid.csv:3:5: military_eur_bn '-1' is negative\n");
	expect_spoiled(
		"aggregates.csv",
		"aggregate,year,pct_gdp,estimate,release,source\nNATO Total,2024,2,6,0,2025-08,NATO\n",
		65,
		"aggregates.csv:2:17: expected 6 fields as in the header, found 7: is pct_gdp '2,6' "
		"written with a decimal comma? write 2.6\n");
	/* Problems in several files are all reported, members first. */
	expect_spoiled("spending.csv", "iso3,country\n", 65,
		       "spending.csv:1:0: missing column 'year' in the header\n"
		       "spending.csv:1:0: missing column 'pct_gdp' in the header\n"
		       "spending.csv:1:0: missing column 'estimate' in the header\n"
		       "spending.csv:1:0: missing column 'release' in the header\n"
		       "spending.csv:1:0: missing column 'source' in the header\n");
	/* Rows of another release in the current release's file. */
	int rc;
	char *got = spoil(
		"spending.csv",
		"iso3,country,year,pct_gdp,estimate,release,source\nPOL,Poland,2024,4.12,0,2024-06,x\n",
		&rc);
	assert_int_equal(rc, 65);
	assert_string_equal(got,
			    "spending.csv:2:24: release '2024-06' in the file of release '2025-08' "
			    "(releases are never mixed)\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_release_option),
		cmocka_unit_test(test_lone_file),
		cmocka_unit_test(test_aux_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
