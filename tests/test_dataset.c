/*
 * test_dataset.c - cmocka tests of the dataset container (dataset.h),
 * without any file: a dataset is made with ds_dataset_new() and filled
 * through the mutators the loaders use.
 *
 * The mutators copy what they are given, so the tests spoil the caller's
 * buffers afterwards; each array is grown past its first allocation; and
 * the accessors are asked for what is not there as much as for what is.
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
#include "defspend/num.h"

static void test_new_is_empty(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	assert_null(ds->dir);
	assert_int_equal(ds->nmembers, 0);
	assert_null(ds->spending);
	assert_int_equal(ds->nreleases, 0);
	assert_int_equal(ds->current_release, -1);
	assert_int_equal(ds->naid, 0);
	assert_int_equal(ds->has_aid, 0);
	assert_int_equal(ds->nagg, 0);
	assert_int_equal(ds->nfiles, 0);
	assert_int_equal(ds->keys_ready, 0);
	assert_string_equal(ds_dataset_str(ds, 0), ""); /* the pool is ready */
	assert_int_equal(ds_dataset_find_release(ds, "2025-08"), -1);
	assert_null(ds_dataset_aid(ds, 0));
	ds_dataset_free(ds);
	ds_dataset_free(NULL);
}

static void test_members(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	char iso3[] = "POL", name[] = "Poland", aliases[] = "Polska";
	assert_int_equal(ds_dataset_add_member(ds, iso3, "PL", name, aliases, 1999), 0);
	assert_int_equal(ds_dataset_add_member(ds, "TUR", "TR", "T\xc3\xbcrkiye", "", 1952), 1);
	/* Copies: the caller's buffers can change. */
	memcpy(iso3, "XXX", 3);
	memcpy(name, "Nowhere", 7);
	aliases[0] = '\0';
	const struct ds_member *m = &ds->members[0];
	assert_string_equal(m->iso3, "POL");
	assert_string_equal(m->iso2, "PL");
	assert_string_equal(m->name, "Poland");
	assert_string_equal(m->aliases, "Polska");
	assert_int_equal(m->joined, 1999);
	assert_string_equal(ds->members[1].name, "T\xc3\xbcrkiye");
	/* Indexed by iso3, the copy being the key. */
	uint32_t id;
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "TUR", 3, &id), 1);
	assert_int_equal(id, 1);
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "POL", 3, &id), 1);
	assert_int_equal(id, 0);
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "XXX", 3, &id), 0);

	/* Past the first allocation: earlier members and the index survive. */
	char code[4];
	for (int i = 0; i < 200; i++) {
		snprintf(code, sizeof code, "%c%c%c", 'A' + i / 26 % 26, 'A' + i % 26, 'Z');
		assert_int_equal(ds_dataset_add_member(ds, code, "", code, "", 0), 2 + i);
	}
	assert_int_equal(ds->nmembers, 202);
	assert_true(ds->members_cap >= 202);
	assert_string_equal(ds->members[0].name, "Poland");
	assert_string_equal(ds->members[201].iso3, "HRZ"); /* i = 199 */
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "POL", 3, &id), 1);
	assert_int_equal(id, 0);
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "HRZ", 3, &id), 1);
	assert_int_equal(id, 201);
	ds_dataset_free(ds);
}

/* Room made at once: the members added then stay where they are, nothing else changes. */
static void test_reserve_members(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	assert_int_equal(ds_dataset_add_member(ds, "POL", "PL", "Poland", "", 1999), 0);
	assert_int_equal(ds_dataset_reserve_members(ds, 1000), 0);
	assert_int_equal(ds->members_cap, 1000);
	assert_int_equal(ds->nmembers, 1);
	assert_string_equal(ds->members[0].name, "Poland");
	const struct ds_member *room = ds->members;
	char code[4];
	for (int i = 0; i < 999; i++) {
		snprintf(code, sizeof code, "%c%c%c", 'A' + i / 676, 'A' + i / 26 % 26,
			 'A' + i % 26);
		assert_int_equal(ds_dataset_add_member(ds, code, "", code, "", 0), 1 + i);
	}
	assert_ptr_equal(ds->members, room); /* never moved */
	assert_int_equal(ds->members_cap, 1000);
	/* Less than there is room for: nothing to do. */
	assert_int_equal(ds_dataset_reserve_members(ds, 10), 0);
	assert_int_equal(ds->members_cap, 1000);
	assert_int_equal(ds->nmembers, 1000);
	uint32_t id;
	assert_int_equal(ds_strmap_get(&ds->by_iso3, "BAK", 3, &id), 1);
	assert_string_equal(ds->members[id].name, "BAK");
	ds_dataset_free(ds);
}

static void test_releases(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	char id[] = "2024-06";
	struct ds_release r = {
		.id = id,
		.title = (char *)"Defence Expenditure of NATO Countries (2014-2024)",
		.published = (char *)"2024-06-17",
		.file = (char *)"releases/2024-06.csv",
		.decimals = 2,
	};
	assert_int_equal(ds_dataset_add_release(ds, &r), 0);
	r.id = (char *)"2025-08";
	r.file = (char *)"spending.csv";
	r.decimals = -1;
	assert_int_equal(ds_dataset_add_release(ds, &r), 1);
	id[0] = 'X';
	const struct ds_release *v = &ds->releases[0];
	assert_string_equal(v->id, "2024-06");
	assert_string_equal(v->published, "2024-06-17");
	assert_string_equal(v->file, "releases/2024-06.csv");
	assert_int_equal(v->decimals, 2);
	/* Strings not given are empty, never NULL. */
	assert_non_null(v->cutoff);
	assert_string_equal(v->cutoff, "");
	assert_string_equal(v->basis, "");
	assert_string_equal(v->source, "");
	assert_int_equal(ds->releases[1].decimals, -1);
	/* The container does not choose the current release. */
	assert_int_equal(ds->current_release, -1);
	assert_int_equal(ds_dataset_find_release(ds, "2025-08"), 1);
	assert_int_equal(ds_dataset_find_release(ds, "2024-06"), 0);
	assert_int_equal(ds_dataset_find_release(ds, "2024"), -1);
	assert_int_equal(ds_dataset_find_release(ds, "X024-06"), -1);
	char buf[16];
	for (int i = 0; i < 40; i++) {
		snprintf(buf, sizeof buf, "r%d", i);
		r.id = buf;
		assert_int_equal(ds_dataset_add_release(ds, &r), 2 + i);
	}
	assert_int_equal(ds_dataset_find_release(ds, "r39"), 41);
	assert_string_equal(ds->releases[0].id, "2024-06");
	ds_dataset_free(ds);
}

static void test_aid_aggregates_files(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	uint32_t cutoff, source;
	assert_int_equal(ds_pool_intern(&ds->pool, "2025-06-30", 10, &cutoff), 0);
	assert_int_equal(ds_pool_intern(&ds->pool, "Kiel", 4, &source), 0);
	for (uint32_t m = 0; m < 20; m++) {
		struct ds_aid a = {
			.member = m * 2, .flags = 1, .cutoff = cutoff, .source = source
		};
		a.eur_bn[DS_AID_MILITARY] = (int64_t)m * DS_AMOUNT_SCALE + DS_AMOUNT_SCALE / 2;
		assert_int_equal(ds_dataset_add_aid(ds, &a), 0);
	}
	assert_int_equal(ds->naid, 20);
	const struct ds_aid *a = ds_dataset_aid(ds, 38);
	assert_non_null(a);
	assert_int_equal(a->member, 38);
	assert_true(a->eur_bn[DS_AID_MILITARY] == 19500000); /* 19.5 */
	assert_string_equal(ds_dataset_str(ds, a->cutoff), "2025-06-30");
	assert_string_equal(ds_dataset_str(ds, a->source), "Kiel");
	assert_null(ds_dataset_aid(ds, 37)); /* a member without aid */
	assert_null(ds_dataset_aid(ds, 1000));
	/* An id the pool never gave reads as "". */
	assert_string_equal(ds_dataset_str(ds, 12345), "");

	struct ds_aggregate g = { .year = 2024, .pct = 2710000, .pct_dec = 2 };
	for (int i = 0; i < 30; i++) {
		g.year = 2000 + i;
		assert_int_equal(ds_dataset_add_aggregate(ds, &g), 0);
	}
	assert_int_equal(ds->nagg, 30);
	assert_int_equal(ds->agg[0].year, 2000);
	assert_int_equal(ds->agg[29].year, 2029);
	assert_int_equal(ds->agg[29].pct, 2710000);

	char path[] = "data/members.csv";
	struct ds_file_info info = { .path = path, .rows = 32, .members = 32 };
	assert_int_equal(ds_dataset_add_file(ds, &info), 0);
	path[0] = 'X';
	info.path = (char *)"data/spending.csv";
	info.rows = 384;
	info.year_min = 2014;
	info.year_max = 2025;
	info.releases = 1;
	for (int i = 0; i < 20; i++)
		assert_int_equal(ds_dataset_add_file(ds, &info), 0);
	assert_int_equal(ds->nfiles, 21);
	assert_string_equal(ds->files[0].path, "data/members.csv");
	assert_int_equal(ds->files[0].rows, 32);
	assert_ptr_not_equal(ds->files[1].path, ds->files[2].path); /* each its own copy */
	assert_int_equal(ds->files[20].year_max, 2025);
	assert_int_equal(ds->files[20].releases, 1);
	ds_dataset_free(ds);
}

/* A series holding two members' rows, as a loader leaves it. */
static void test_series(void **state)
{
	(void)state;
	char path[] = "data/spending.csv";
	struct ds_series *s = ds_series_new(path);
	assert_non_null(s);
	path[0] = 'X';
	assert_string_equal(s->path, "data/spending.csv");
	assert_null(s->id);
	assert_int_equal(s->n, 0);
	assert_null(ds_series_get(s, 0, 2024)); /* no grid yet */

	s->grid = calloc(2 * DS_NYEARS, sizeof *s->grid);
	s->obs = calloc(2, sizeof *s->obs);
	assert_non_null(s->grid);
	assert_non_null(s->obs);
	s->grid_members = s->grid_cap = 2;
	s->cap = 2;
	s->obs[0] = (struct ds_obs){ .pct = 3790000, .year = 2024, .member = 1 };
	s->obs[1] = (struct ds_obs){ .pct = 1000, .year = DS_YEAR_MAX, .member = 0 };
	s->n = 2;
	s->grid[1 * DS_NYEARS + (2024 - DS_YEAR_MIN)] = 1;
	s->grid[0 * DS_NYEARS + (DS_YEAR_MAX - DS_YEAR_MIN)] = 2;

	const struct ds_obs *o = ds_series_get(s, 1, 2024);
	assert_non_null(o);
	assert_int_equal(o->pct, 3790000);
	o = ds_series_get(s, 0, DS_YEAR_MAX);
	assert_non_null(o);
	assert_int_equal(o->pct, 1000);
	assert_null(ds_series_get(s, 0, 2024)); /* no row */
	assert_null(ds_series_get(s, 1, 2023)); /* no row */
	assert_null(ds_series_get(s, 2, 2024)); /* no such member */
	assert_null(ds_series_get(s, 1, DS_YEAR_MIN - 1));
	assert_null(ds_series_get(s, 0, DS_YEAR_MAX + 1));
	assert_null(ds_series_get(NULL, 0, 2024));

	/* Narrowed to the years it has rows for, it answers the same. */
	s->year_min = 2024;
	s->year_max = DS_YEAR_MAX;
	ds_series_narrow_grid(s);
	assert_int_equal(s->grid_year0, 2024);
	assert_int_equal(s->grid_span, DS_YEAR_MAX - 2024 + 1);
	o = ds_series_get(s, 1, 2024);
	assert_non_null(o);
	assert_int_equal(o->pct, 3790000);
	o = ds_series_get(s, 0, DS_YEAR_MAX);
	assert_non_null(o);
	assert_int_equal(o->pct, 1000);
	assert_null(ds_series_get(s, 0, 2024));
	assert_null(ds_series_get(s, 1, 2023)); /* before the grid's years */
	assert_null(ds_series_get(s, 1, DS_YEAR_MAX));
	assert_null(ds_series_get(s, 0, DS_YEAR_MAX + 1));
	/* And widened again, for code that writes cells at full width. */
	assert_int_equal(ds_series_widen_grid(s), 0);
	assert_int_equal(s->grid_year0, DS_YEAR_MIN);
	assert_int_equal(s->grid_span, DS_NYEARS);
	assert_int_equal(s->grid[1 * DS_NYEARS + (2024 - DS_YEAR_MIN)], 1);
	assert_int_equal(s->grid[0 * DS_NYEARS + (DS_YEAR_MAX - DS_YEAR_MIN)], 2);
	assert_int_equal(s->grid[0 * DS_NYEARS + (2024 - DS_YEAR_MIN)], 0);
	assert_int_equal(ds_series_get(s, 1, 2024)->pct, 3790000);
	assert_null(ds_series_get(s, 1, 2023));

	/* A series in use belongs to its dataset, which frees it. */
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	ds->spending = s;
	ds_dataset_free(ds);
	ds_series_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_is_empty),         cmocka_unit_test(test_members),
		cmocka_unit_test(test_reserve_members),      cmocka_unit_test(test_releases),
		cmocka_unit_test(test_aid_aggregates_files), cmocka_unit_test(test_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
