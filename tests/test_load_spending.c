/*
 * test_load_spending.c - cmocka tests of the spending-file loader
 * (load_spending.h) driven on its own: a dataset from ds_dataset_new(),
 * members added through the container or created by a lone file, and no
 * load.c in between.
 *
 * Each file is small and written by the test, so that every rule the
 * loader adds to the cell rules can be met once: members known or not,
 * the release a file must carry, provenance, duplicates, and how the
 * series and the file's summary come out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load_spending.h"
#include "helpers.h"

#define HEADER "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"

struct fixture {
	char *dir;
	char *path;
	struct ds_dataset *ds;
	struct ds_series *s;
	struct ds_errors err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->path = ds_test_join(f->dir, "spending.csv");
	f->ds = ds_dataset_new();
	ds_errors_init(&f->err);
	*state = f;
	return f->path != NULL && f->ds != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_series_free(f->s);
	ds_dataset_free(f->ds);
	ds_errors_release(&f->err);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Writes csv as the file and loads it; the status. */
static int load(struct fixture *f, const char *csv, const char *release_id, int lone)
{
	assert_int_equal(ds_test_write(f->path, csv, (size_t)-1), 0);
	ds_series_free(f->s);
	f->s = (struct ds_series *)1; /* must be overwritten, also on failure */
	return ds_load_spending(f->ds, f->path, release_id, lone, &f->s, &f->err);
}

/* Diagnostic i at line:col with message msg. */
static void expect_diag(const struct fixture *f, size_t i, long line, long col, const char *msg)
{
	if (i >= f->err.n || strcmp(f->err.v[i].msg, msg) != 0)
		print_error("diagnostic %zu of %zu: %s\n", i, f->err.n,
			    i < f->err.n ? f->err.v[i].msg : "-");
	assert_true(i < f->err.n);
	assert_string_equal(f->err.v[i].file, f->path);
	assert_int_equal(f->err.v[i].line, line);
	assert_int_equal(f->err.v[i].column, col);
	assert_string_equal(f->err.v[i].msg, msg);
}

static void add_members(struct ds_dataset *ds)
{
	assert_int_equal(ds_dataset_add_member(ds, "POL", "PL", "Poland", "Polska", 1999), 0);
	assert_int_equal(ds_dataset_add_member(ds, "TUR", "TR", "T\xc3\xbcrkiye", "Turkey", 1952),
			 1);
}

/* A lone file creates its members and names its series after its release. */
static void test_lone(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,35127.5,862.9,1,2025-08,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2025-08,NATO\n"
				     "ITA,Italy,2024,1.5,,,0,2025-08,NATO\n"
				     "POL,,2022,,,,0,,\n",
			      NULL, 1),
			 DS_OK);
	assert_int_equal(f->err.n, 0);
	assert_non_null(f->s);
	assert_int_equal(f->ds->nmembers, 2);
	assert_string_equal(f->ds->members[1].iso3, "ITA");
	assert_string_equal(f->ds->members[1].name, "Italy");
	assert_string_equal(f->ds->members[1].iso2, "");
	assert_string_equal(f->s->id, "2025-08");
	assert_string_equal(f->s->path, f->path);
	assert_int_equal(f->s->n, 4);
	assert_int_equal(f->s->year_min, 2022);
	assert_int_equal(f->s->year_max, 2024);
	assert_int_equal(f->s->pct_year_max, 2024);
	assert_int_equal(f->s->max_decimals, 2);
	const struct ds_obs *o = ds_series_get(f->s, 0, 2024);
	assert_non_null(o);
	assert_int_equal(o->pct, 3790000);
	assert_int_equal(o->flags, DS_OBS_PCT | DS_OBS_SPEND | DS_OBS_GDP | DS_OBS_ESTIMATE);
	assert_true(o->spend_usd_m == 35127500000); /* 35127.5, in millionths */
	assert_int_equal(o->line, 2);
	assert_string_equal(ds_dataset_str(f->ds, o->release), "2025-08");
	assert_string_equal(ds_dataset_str(f->ds, o->source), "NATO");
	o = ds_series_get(f->s, 0, 2022);
	assert_non_null(o);
	assert_int_equal(o->flags, 0); /* a row without a figure is a row */
	assert_null(ds_series_get(f->s, 1, 2023));
	/* The file's summary, for `check`. */
	assert_int_equal(f->ds->nfiles, 1);
	assert_string_equal(f->ds->files[0].path, f->path);
	assert_int_equal(f->ds->files[0].rows, 4);
	assert_int_equal(f->ds->files[0].members, 2);
	assert_int_equal(f->ds->files[0].year_min, 2022);
	assert_int_equal(f->ds->files[0].releases, 1);
}

static void test_series_ids(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2025-08,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2024-06,NATO\n",
			      NULL, 1),
			 DS_OK);
	assert_string_equal(f->s->id, "mixed");
	assert_int_equal(f->ds->files[0].releases, 2);
	assert_int_equal(load(f, HEADER "POL,Poland,2024,,,,0,,\n", NULL, 1), DS_OK);
	assert_string_equal(f->s->id, "");
	/* The id asked for names the series, whatever the rows say. */
	assert_int_equal(load(f, HEADER "POL,Poland,2024,2,,,0,2024-06,NATO\n", "2024-06", 1),
			 DS_OK);
	assert_string_equal(f->s->id, "2024-06");
	assert_int_equal(f->ds->nfiles, 3);
}

/* With members known, the file may not add any. */
static void test_known_members(void **state)
{
	struct fixture *f = *state;
	add_members(f->ds);
	assert_int_equal(load(f,
			      HEADER "POL,Polska,2024,3.79,,,0,2025-08,NATO\n"
				     "TUR,Turkey,2024,2.09,,,0,2025-08,NATO\n"
				     "TUR,,2023,2.1,,,0,2025-08,NATO\n"
				     "ITA,Italy,2024,1.5,,,0,2025-08,NATO\n"
				     "POL,Portugal,2023,3.8,,,0,2025-08,NATO\n",
			      "2025-08", 0),
			 DS_EDATA);
	assert_null(f->s);
	assert_int_equal(f->ds->nmembers, 2);
	assert_int_equal(f->err.n, 2);
	expect_diag(f, 0, 5, 1, "unknown member 'ITA': not in members.csv");
	expect_diag(f, 1, 6, 5, "country 'Portugal' is not a name of POL (Poland) in members.csv");
	/* A file with problems leaves no summary. */
	assert_int_equal(f->ds->nfiles, 0);
}

static void test_lone_rules(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2025-08,NATO\n"
				     "POL,Polska,2023,3.8,,,0,2025-08,NATO\n"
				     "ITA,,2024,1.5,,,0,2025-08,NATO\n",
			      NULL, 1),
			 DS_EDATA);
	assert_null(f->s);
	expect_diag(f, 0, 3, 5,
		    "country 'Polska' differs from 'Poland', the name POL has on an earlier row");
	expect_diag(f, 1, 4, 5, "country is empty for a new member 'ITA'");
}

static void test_release_and_provenance(void **state)
{
	struct fixture *f = *state;
	add_members(f->ds);
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2024-06,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2025-08,\n"
				     "TUR,T\xc3\xbcrkiye,2024,2.09,,,0,2025-08,NATO\n"
				     "TUR,T\xc3\xbcrkiye,2024,2.1,,,0,2025-08,NATO\n",
			      "2025-08", 0),
			 DS_EDATA);
	expect_diag(
		f, 0, 2, 26,
		"release '2024-06' in the file of release '2025-08' (releases are never mixed)");
	expect_diag(f, 1, 3, 33, "a figure without a source");
	expect_diag(f, 2, 5, 13, "a second row for TUR 2024 (the first is on line 4)");
	assert_int_equal(f->err.n, 3);

	/* Without a release asked for, a figure still needs one. */
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	assert_int_equal(load(f, HEADER "POL,Poland,2024,3.79,,,0,,NATO\n", NULL, 0), DS_EDATA);
	expect_diag(f, 0, 2, 26, "a figure without its release");
}

static void test_header_and_empty(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "", NULL, 1), DS_EDATA);
	assert_null(f->s);
	assert_int_equal(f->err.n, 1);
	assert_string_equal(f->err.v[0].msg, "empty file: no header");
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	assert_int_equal(load(f,
			      "iso3,country,year,pct_gdp,estimate,release\nPOL,Poland,2024,2,0,x\n",
			      NULL, 1),
			 DS_EDATA);
	assert_string_equal(f->err.v[0].msg, "missing column 'source' in the header");
	assert_int_equal(f->err.n, 1); /* no row is read without a header */
}

/* Many members and rows out of member order: the grid and the caches grow. */
static void test_many_members(void **state)
{
	struct fixture *f = *state;
	size_t cap = 1 << 16, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, HEADER);
	for (int year = 2020; year <= 2021; year++)
		for (int m = 0; m < 300; m++)
			len += (size_t)snprintf(csv + len, cap - len,
						"%c%c%c,Member %d,%d,%d.%02d,,,0,2025-08,src%d\n",
						'A' + m / 26 / 26 % 26, 'A' + m / 26 % 26,
						'A' + m % 26, m, year, m % 7, m % 100, m % 3);
	assert_true(len < cap);
	assert_int_equal(load(f, csv, NULL, 1), DS_OK);
	free(csv);
	assert_int_equal(f->ds->nmembers, 300);
	assert_int_equal(f->s->n, 600);
	assert_int_equal(f->ds->files[0].members, 300);
	const struct ds_obs *o = ds_series_get(f->s, 299, 2021);
	assert_non_null(o);
	assert_int_equal(o->pct, 5 * 1000000 + 990000); /* 299 % 7, 299 % 100 */
	assert_string_equal(ds_dataset_str(f->ds, o->source), "src2");
	assert_string_equal(f->ds->members[299].name, "Member 299");
	o = ds_series_get(f->s, 0, 2020);
	assert_non_null(o);
	assert_int_equal(o->line, 2);
	assert_string_equal(ds_dataset_str(f->ds, o->source), "src0");
}

/* The optional note column: each row's note is kept (pool id 0, "", when none or no column). */
static void test_notes(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "iso3,country,year,pct_gdp,estimate,release,source,note\n"
			      "ISL,Iceland,2024,,0,R,src,NATO publishes no figure\n"
			      "ISL,Iceland,2025,,0,R,src,NATO publishes no figure\n"
			      "NOR,Norway,2025,2.2,0,R,src,\n",
			      NULL, 1),
			 DS_OK);
	const struct ds_obs *a = ds_series_get(f->s, 0, 2024), *b = ds_series_get(f->s, 0, 2025);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(ds_dataset_str(f->ds, a->note), "NATO publishes no figure");
	assert_int_equal(a->note, b->note);
	assert_int_equal(ds_series_get(f->s, 1, 2025)->note, 0);
	ds_series_free(f->s);
	f->s = NULL;
	assert_int_equal(load(f, HEADER "NOR,Norway,2025,2.2,,,0,R,src\n", NULL, 1), DS_OK);
	assert_non_null(ds_series_get(f->s, 1, 2025));
	assert_int_equal(ds_series_get(f->s, 1, 2025)->note, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_series_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_and_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
