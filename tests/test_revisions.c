/*
 * test_revisions.c - cmocka tests of the revisions module on the small
 * release files of tests/data/releases-edge/.
 *
 * The fixture has three releases of four invented members (the figures are
 * test values, not NATO's):
 *   2030-01  two decimals, 2028-2029: ARC 1.95 2.10, BOR 2.00, CRP 3.49
 *   2030-06  one decimal, 2029 only:  ARC 2.1, BOR 1.9, DUN 5.0
 *   2031-02  current (spending.csv), two decimals, 2028-2030:
 *            ARC 1.95 2.04 2.50, BOR 1.98 2.00, CRP 3.50, DUN 2029 empty
 * so that Dunland is in one release only (and blank in another), the
 * precisions differ, and one release covers a single year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "defspend/load.h"
#include "defspend/revisions.h"
#include "defspend/lookup.h"
#include "helpers.h"

static struct ds_dataset *load(void)
{
	struct ds_errors err;
	struct ds_dataset *ds;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(ds_test_path("tests/data/releases-edge"), NULL, &ds, &err),
			 DS_OK);
	ds_errors_release(&err);
	return ds;
}

static size_t member(const struct ds_dataset *ds, const char *q)
{
	size_t m;
	assert_int_equal(ds_lookup_member(ds, q, &m), 0);
	return m;
}

static struct ds_series *series(struct ds_dataset *ds, const char *id, int *owned)
{
	struct ds_errors err;
	struct ds_series *s;
	ds_errors_init(&err);
	assert_int_equal(ds_revisions_series(ds, id, &s, owned, &err), DS_OK);
	ds_errors_release(&err);
	return s;
}

static void drop(struct ds_series *s, int owned)
{
	if (owned)
		ds_series_free(s);
}

static void test_series_reuse(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	int owned;
	struct ds_series *s = series(ds, "2031-02", &owned);
	assert_ptr_equal(s, ds->spending);
	assert_int_equal(owned, 0);
	s = series(ds, "2030-06", &owned);
	assert_int_equal(owned, 1);
	assert_string_equal(s->id, "2030-06");
	assert_int_equal(s->max_decimals, 1);
	drop(s, owned);

	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_revisions_series(ds, "1999-01", &s, &owned, &err), DS_EUSAGE);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].msg,
			    "unknown release '1999-01' (known: 2031-02, 2030-01, 2030-06)");
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_compare_precisions(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	int owned;
	struct ds_series *from = series(ds, "2030-06", &owned);
	struct ds_revision *v;
	size_t n;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_revisions_compare(ds, from, ds->spending, NULL, &v, &n, &err), DS_OK);
	/* DUN: only 2030-06 has a figure (blank in 2031-02); CRP: not in 2030-06. */
	assert_int_equal(n, 2);
	assert_int_equal(v[0].member, member(ds, "ARC"));
	assert_int_equal(v[0].year, 2029);
	assert_int_equal(v[0].from_pct, 2100000);
	assert_int_equal(v[0].from_dec, 1);
	assert_int_equal(v[0].to_pct, 2040000);
	assert_int_equal(v[0].to_dec, 2);
	assert_int_equal(v[0].change, -60000);
	assert_int_equal(v[0].change_dec, 2);
	assert_int_equal(v[1].member, member(ds, "Borduria"));
	assert_int_equal(v[1].change, 80000);

	struct ds_table *t;
	assert_int_equal(ds_revisions_table(ds, "2030-06", "2031-02", v, n, &t, &err), DS_OK);
	assert_int_equal(ds_table_columns(t), 8);
	assert_int_equal(ds_table_rows(t), 2);
	assert_string_equal(ds_table_column_name(t, 7), "change_pp");
	assert_string_equal(ds_table_cell_text(t, 0, 4), "2.1"); /* never 2.10 */
	assert_string_equal(ds_table_cell_text(t, 0, 6), "2.04");
	assert_string_equal(ds_table_cell_text(t, 0, 7), "-0.06");
	assert_string_equal(ds_table_cell_text(t, 1, 1), "Borduria");
	assert_string_equal(ds_table_cell_text(t, 1, 4), "1.9");
	assert_string_equal(ds_table_cell_text(t, 1, 7), "0.08");
	assert_int_equal(ds_table_cell_type(t, 1, 2), DS_CELL_NUMBER);
	ds_table_free(t);
	free(v);
	drop(from, owned);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_compare_filters(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	int owned;
	struct ds_series *from = series(ds, "2030-01", &owned);
	struct ds_revision *v;
	size_t n;
	struct ds_errors err;
	ds_errors_init(&err);

	/* Everything: ARC 2028, ARC 2029, BOR 2029, CRP 2029 (2030 is in one release only). */
	assert_int_equal(ds_revisions_compare(ds, from, ds->spending, NULL, &v, &n, &err), DS_OK);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].year, 2028);
	assert_int_equal(v[0].change, 0);
	assert_int_equal(v[3].member, member(ds, "CRP"));
	assert_int_equal(v[3].change, 10000);
	free(v);

	struct ds_revisions_query q = { .year = 2028 };
	assert_int_equal(ds_revisions_compare(ds, from, ds->spending, &q, &v, &n, &err), DS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].member, member(ds, "Arcadia"));
	free(v);

	size_t want[2] = { member(ds, "CRP"), member(ds, "BOR") };
	q = (struct ds_revisions_query){ .members = want, .nmembers = 2 };
	assert_int_equal(ds_revisions_compare(ds, from, ds->spending, &q, &v, &n, &err), DS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].member, member(ds, "BOR")); /* member order, not argument order */
	assert_int_equal(v[1].member, member(ds, "CRP"));
	free(v);

	q = (struct ds_revisions_query){ .year = 2030 };
	assert_int_equal(ds_revisions_compare(ds, from, ds->spending, &q, &v, &n, &err), DS_OK);
	assert_int_equal(n, 0);
	assert_null(v);

	/* The same precision on both sides keeps it: 2.10 -> 2.1 is 0.00 at two decimals. */
	struct ds_series *mid;
	int mid_owned;
	mid = series(ds, "2030-06", &mid_owned);
	assert_int_equal(ds_revisions_compare(ds, from, mid, NULL, &v, &n, &err), DS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].change, 0);
	assert_int_equal(v[0].change_dec, 2);
	assert_int_equal(v[1].change, -100000);
	free(v);
	drop(mid, mid_owned);
	assert_int_equal(ds_errors_count(&err), 0);
	drop(from, owned);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_order_and_default_from(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	size_t order[3];
	ds_dataset_release_order(ds, order);
	assert_string_equal(ds->releases[order[0]].id, "2030-01");
	assert_string_equal(ds->releases[order[1]].id, "2030-06");
	assert_string_equal(ds->releases[order[2]].id, "2031-02");

	struct ds_errors err;
	ds_errors_init(&err);
	int f;
	assert_int_equal(ds_revisions_default_from(ds, "2031-02", 0, &f, &err), DS_OK);
	assert_string_equal(ds->releases[f].id, "2030-01");
	assert_int_equal(ds_revisions_default_from(ds, "2030-01", 0, &f, &err), DS_OK);
	assert_string_equal(ds->releases[f].id, "2030-06");
	/* 2028 is not in 2030-06: the oldest sharing it is 2030-01. */
	assert_int_equal(ds_revisions_default_from(ds, "2031-02", 2028, &f, &err), DS_OK);
	assert_string_equal(ds->releases[f].id, "2030-01");
	assert_int_equal(ds_revisions_default_from(ds, "2030-06", 2028, &f, &err), DS_OK);
	assert_int_equal(f, -1);
	assert_int_equal(ds_revisions_default_from(ds, "2031-02", 2030, &f, &err), DS_OK);
	assert_int_equal(f, -1);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_counts(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	struct ds_threshold th[3];
	size_t nth;
	char msg[64];
	assert_int_equal(ds_threshold_parse_list("2,3.5,5", th, 3, &nth, msg, sizeof msg), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_release_count *v;
	size_t n;

	assert_int_equal(ds_revisions_counts(ds, 2029, th, nth, &v, &n, &err), DS_OK);
	assert_int_equal(n, 3);
	static const size_t want[3][4] = { { 3, 3, 0, 0 }, { 3, 2, 1, 1 }, { 3, 2, 1, 0 } };
	static const char *const ids[3] = { "2030-01", "2030-06", "2031-02" };
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(ds->releases[v[i].release].id, ids[i]);
		assert_int_equal(v[i].figures, want[i][0]);
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(v[i].at[k], want[i][k + 1]);
	}
	struct ds_table *t;
	assert_int_equal(ds_revisions_counts_table(ds, 2029, th, nth, v, n, &t, &err), DS_OK);
	assert_int_equal(ds_table_columns(t), 8);
	assert_string_equal(ds_table_column_name(t, 5), "at_2");
	assert_string_equal(ds_table_column_name(t, 6), "at_3.5");
	assert_string_equal(ds_table_cell_text(t, 1, 0), "2030-06");
	assert_string_equal(ds_table_cell_text(t, 1, 1), "2030-06");
	assert_string_equal(ds_table_cell_text(t, 1, 7), "1"); /* 5.0 meets 5 */
	assert_string_equal(ds_table_cell_text(t, 2, 5), "2"); /* 1.98 does not meet 2 */
	ds_table_free(t);
	free(v);

	/* 2028: two releases (2030-06 has no 2028 and is left out, not counted as 0). */
	assert_int_equal(ds_revisions_counts(ds, 2028, th, 1, &v, &n, &err), DS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ds->releases[v[1].release].id, "2031-02");
	assert_int_equal(v[1].figures, 1);
	assert_int_equal(v[1].at[0], 0);
	free(v);

	assert_int_equal(ds_revisions_counts(ds, 2027, th, nth, &v, &n, &err), DS_OK);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_releases_table(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	assert_int_equal(ds_releases_table(ds, &t, &err), DS_OK);
	assert_int_equal(ds_table_rows(t), 3);
	assert_int_equal(ds_table_columns(t), 13);
	size_t c;
	assert_int_equal(ds_table_column_find(t, "decimals", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 1, c), "1");
	assert_int_equal(ds_table_column_find(t, "years", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 0, c), "2028-2029");
	assert_string_equal(ds_table_cell_text(t, 1, c), "2029");
	assert_int_equal(ds_table_column_find(t, "cutoff", &c), 0);
	assert_int_equal(ds_table_cell_type(t, 0, c), DS_CELL_NULL);
	assert_string_equal(ds_table_cell_text(t, 2, c), "2031-01-05");
	/* Dunland's blank row in 2031-02 is not coverage. */
	assert_int_equal(ds_table_column_find(t, "members", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 2, c), "3");
	assert_int_equal(ds_table_column_find(t, "figures", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 2, c), "6");
	assert_int_equal(ds_table_column_find(t, "current", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 0, c), "false");
	assert_string_equal(ds_table_cell_text(t, 2, c), "true");
	assert_int_equal(ds_table_column_find(t, "precision", &c), 0);
	assert_int_equal(c, 12);
	assert_string_equal(ds_table_cell_text(t, 0, c), "2 decimals");
	assert_string_equal(ds_table_cell_text(t, 1, c), "1 decimal");
	ds_table_free(t);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

/*
 * Figures of mixed precision: the leading precision is releases.csv's, or
 * for a lone file the most common one, and every other is counted.
 */
static void test_releases_mixed_precision(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = ds_test_join(dir, "mixed.csv");
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "AAA,Aland,2024,2.00,0,R,s\n"
				       "AAA,Aland,2025,2.1,0,R,s\n"
				       "BBB,Bland,2024,1.95,0,R,s\n"
				       "BBB,Bland,2025,2,0,R,s\n"
				       "CCC,Cland,2024,1.50,0,R,s\n"
				       "CCC,Cland,2025,,0,R,s\n",
				       (size_t)-1),
			 0);
	struct ds_errors err;
	struct ds_dataset *ds;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &err), DS_OK);
	struct ds_table *t;
	assert_int_equal(ds_releases_table(ds, &t, &err), DS_OK);
	size_t c;
	assert_int_equal(ds_table_column_find(t, "precision", &c), 0);
	assert_string_equal(ds_table_cell_text(t, 0, c), "2 decimals, 1 cell at 0, 1 cell at 1");
	ds_table_free(t);
	ds_dataset_free(ds);
	/* Nothing published: no precision to state. */
	assert_int_equal(ds_test_write(path,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "AAA,Aland,2024,,0,R,s\n",
				       (size_t)-1),
			 0);
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &err), DS_OK);
	assert_int_equal(ds_releases_table(ds, &t, &err), DS_OK);
	assert_int_equal(ds_table_cell_type(t, 0, c), DS_CELL_NULL);
	ds_table_free(t);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
}

/* A lone spending file has no releases.csv: its own release is listed. */
static void test_releases_lone_file(void **state)
{
	(void)state;
	struct ds_errors err;
	struct ds_dataset *ds;
	ds_errors_init(&err);
	assert_int_equal(
		ds_dataset_load(ds_test_path("tests/data/releases-edge/releases/2030-06.csv"), NULL,
				&ds, &err),
		DS_OK);
	struct ds_table *t;
	assert_int_equal(ds_releases_table(ds, &t, &err), DS_OK);
	assert_int_equal(ds_table_rows(t), 1);
	assert_string_equal(ds_table_cell_text(t, 0, 0), "2030-06");
	assert_int_equal(ds_table_cell_type(t, 0, 1), DS_CELL_NULL);
	assert_string_equal(ds_table_cell_text(t, 0, 6), "2029");
	assert_string_equal(ds_table_cell_text(t, 0, 11), "true");
	ds_table_free(t);
	int f;
	assert_int_equal(ds_revisions_default_from(ds, "2030-06", 0, &f, &err), DS_OK);
	assert_int_equal(f, -1);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

/*
 * A release against itself: every % figure once, in member then year
 * order, each unchanged.  On the shipped data that is hundreds of rows, so
 * the result array grows many times over.
 */
static void test_compare_self(void **state)
{
	(void)state;
	struct ds_errors err;
	struct ds_dataset *ds;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(ds_test_path("data"), NULL, &ds, &err), DS_OK);
	const struct ds_series *s = ds->spending;
	size_t figures = 0;
	for (size_t i = 0; i < s->n; i++)
		figures += (s->obs[i].flags & DS_OBS_PCT) != 0;
	assert_true(figures > 100);
	struct ds_revision *v;
	size_t n;
	assert_int_equal(ds_revisions_compare(ds, s, s, NULL, &v, &n, &err), DS_OK);
	assert_int_equal(n, figures);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].change, 0);
		assert_int_equal(v[i].from_pct, v[i].to_pct);
		if (i > 0)
			assert_true(v[i - 1].member < v[i].member ||
				    (v[i - 1].member == v[i].member && v[i - 1].year < v[i].year));
	}
	free(v);
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

static void test_current_id(void **state)
{
	(void)state;
	struct ds_dataset *ds = load();
	assert_string_equal(ds_revisions_current_id(ds), "2031-02");
	ds_dataset_free(ds);
	/* A lone file has no releases.csv: its own release is the current one. */
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(
		ds_dataset_load(ds_test_path("tests/data/releases-edge/releases/2030-06.csv"), NULL,
				&ds, &err),
		DS_OK);
	assert_string_equal(ds_revisions_current_id(ds), "2030-06");
	ds_errors_release(&err);
	ds_dataset_free(ds);
}

/* Copies the fixture to a new directory with other bases in releases.csv. */
static char *fixture_with_bases(void)
{
	static const char *const files[] = { "members.csv", "spending.csv", "releases/2030-01.csv",
					     "releases/2030-06.csv", NULL };
	static const char releases[] =
		"id,title,published,cutoff,basis,decimals,file,source\n"
		"2031-02,Test Table 2031,2031-02-10,2031-01-05,NATO definition,2,spending.csv,t\n"
		"2030-01,Test Table 2030,2030-01-15,,,2,releases/2030-01.csv,t\n"
		"2030-06,Test Report 2030,2030-06,,core defence,1,releases/2030-06.csv,t\n";
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *sub = ds_test_join(dir, "releases");
	assert_int_equal(mkdir(sub, 0777), 0);
	free(sub);
	char from[256];
	for (size_t i = 0; files[i] != NULL; i++) {
		snprintf(from, sizeof from, "tests/data/releases-edge/%s", files[i]);
		size_t len;
		char *text = ds_test_read(ds_test_path(from), &len);
		assert_non_null(text);
		char *to = ds_test_join(dir, files[i]);
		assert_int_equal(ds_test_write(to, text, len), 0);
		free(to);
		free(text);
	}
	char *to = ds_test_join(dir, "releases.csv");
	assert_int_equal(ds_test_write(to, releases, (size_t)-1), 0);
	free(to);
	return dir;
}

static void test_basis_note(void **state)
{
	(void)state;
	char note[256];
	struct ds_dataset *ds = load();
	/* All three releases of the fixture are on NATO's definition. */
	assert_null(ds_revisions_basis_note(ds, "2030-01", "2031-02", note, sizeof note));
	assert_null(ds_revisions_basis_note(ds, "1999-01", "2031-02", note, sizeof note));
	ds_dataset_free(ds);

	char *dir = fixture_with_bases();
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(dir, NULL, &ds, &err), DS_OK);
	ds_errors_release(&err);
	const char *why = ds_revisions_basis_note(ds, "2031-02", "2030-06", note, sizeof note);
	assert_ptr_equal(why, note);
	assert_string_equal(why, "'2031-02' (NATO definition) and '2030-06' (core defence) measure "
				 "different things: the change is not a revision");
	/* An empty basis is named as such, not left blank. */
	why = ds_revisions_basis_note(ds, "2030-01", "2031-02", note, sizeof note);
	assert_string_equal(why, "'2030-01' (basis not given) and '2031-02' (NATO definition) "
				 "measure different things: the change is not a revision");
	/* The same release twice is no difference; an unknown one gives no note. */
	assert_null(ds_revisions_basis_note(ds, "2030-06", "2030-06", note, sizeof note));
	assert_null(ds_revisions_basis_note(ds, "2030-06", "2099-01", note, sizeof note));
	/* A short buffer gets a truncated, terminated note. */
	char small[8];
	assert_ptr_equal(ds_revisions_basis_note(ds, "2031-02", "2030-06", small, sizeof small),
			 small);
	assert_string_equal(small, "'2031-0");
	ds_dataset_free(ds);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_reuse),
		cmocka_unit_test(test_compare_precisions),
		cmocka_unit_test(test_compare_filters),
		cmocka_unit_test(test_order_and_default_from),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_releases_table),
		cmocka_unit_test(test_releases_mixed_precision),
		cmocka_unit_test(test_releases_lone_file),
		cmocka_unit_test(test_compare_self),
		cmocka_unit_test(test_current_id),
		cmocka_unit_test(test_basis_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
