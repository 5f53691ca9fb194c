/*
 * test_load_macro.c - cmocka tests of the loader of macro.csv and its
 * check against the spending data (load_macro.h), driven on a dataset from
 * ds_dataset_new() with members and a spending file of its own.
 *
 * What the loader adds to the cell rules is met once each: columns by name
 * in any order with an extra one, empty cells that stay unknown, the rows
 * kept sorted whatever the file's order, every refusal at its line and
 * column, and a dollar GDP that differs from the spending file's.
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
#include "defspend/load_aux.h"
#include "defspend/load_macro.h"
#include "defspend/load_spending.h"
#include "helpers.h"

struct fixture {
	char *dir;
	char *path;
	struct ds_dataset *ds;
	struct ds_errors err;
};

static const char members_csv[] = "iso3,iso2,name\nPOL,PL,Poland\nDEU,DE,Germany\nISL,IS,Iceland\n";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->path = ds_test_join(f->dir, "macro.csv");
	f->ds = ds_dataset_new();
	ds_errors_init(&f->err);
	char *members = ds_test_join(f->dir, "members.csv");
	if (f->path == NULL || f->ds == NULL || members == NULL ||
	    ds_test_write(members, members_csv, (size_t)-1) != 0 ||
	    ds_load_members(f->ds, members, &f->err) != DS_OK)
		return -1;
	free(members);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_dataset_free(f->ds);
	ds_errors_release(&f->err);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static int load(struct fixture *f, const char *csv)
{
	assert_int_equal(ds_test_write(f->path, csv, (size_t)-1), 0);
	return ds_load_macro(f->ds, f->path, &f->err);
}

/* Diagnostic i at file:line:col with message msg. */
static void expect_diag(const struct fixture *f, size_t i, const char *file, long line, long col,
			const char *msg)
{
	if (i >= f->err.n || strcmp(f->err.v[i].msg, msg) != 0)
		print_error("diagnostic %zu of %zu: %s\n", i, f->err.n,
			    i < f->err.n ? f->err.v[i].msg : "-");
	assert_true(i < f->err.n);
	assert_string_equal(f->err.v[i].file, file);
	assert_int_equal(f->err.v[i].line, line);
	assert_int_equal(f->err.v[i].column, col);
	assert_string_equal(f->err.v[i].msg, msg);
}

#define HEADER                                                                                     \
	"iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_deflator,gdp_usd_bn,"               \
	"gov_expenditure_pct_gdp,currency,estimate_from,source\n"

static void test_read(void **state)
{
	struct fixture *f = *state;
	/* Columns in another order, one extra; rows not sorted; Iceland's cells empty. */
	assert_int_equal(load(f, "source,extra,year,iso3,gdp_usd_bn,population_m,gdp_lcu_bn,"
				 "gdp_real_lcu_bn,gov_expenditure_pct_gdp,currency\n"
				 "imf,x,2024,POL,914.553,36.621,3641.208,2743.953,49.412,PLN\n"
				 "imf,x,2023,POL,812.959,36.754,3415.274,2666.015,46.864,PLN\n"
				 "imf,x,2024,DEU,4684.182,83.517,4328.97,3600.74,49.428,EUR\n"
				 ",x,2024,ISL,,,,,,\n"),
			 DS_OK);
	assert_int_equal(f->err.n, 0);
	assert_true(f->ds->has_macro);
	assert_string_equal(f->ds->macro_path, f->path);
	assert_int_equal(f->ds->nmacro, 4);
	/* Sorted by member (POL, DEU, ISL in members.csv), then year. */
	assert_int_equal(f->ds->macro[0].year, 2023);
	assert_int_equal(f->ds->macro[1].year, 2024);
	assert_int_equal(f->ds->macro[2].member, 1);
	const struct ds_macro *x = ds_dataset_macro(f->ds, 0, 2024);
	assert_non_null(x);
	assert_int_equal(x->flags, DS_MACRO_POPULATION | DS_MACRO_GDP_LCU | DS_MACRO_GDP_REAL |
					   DS_MACRO_GDP_USD | DS_MACRO_GOV_EXP);
	assert_true(x->population_m == 36621000); /* whole persons */
	assert_true(x->gdp_lcu_bn == 3641208000);
	assert_true(x->gdp_real_lcu_bn == 2743953000);
	assert_true(x->gdp_usd_bn == 914553000);
	assert_int_equal(x->gov_exp_pct, 49412000);
	assert_int_equal(x->gov_exp_dec, 3);
	assert_string_equal(ds_dataset_str(f->ds, x->currency), "PLN");
	assert_int_equal(x->estimate_from, 0); /* no such column */
	assert_int_equal(x->line, 2);
	assert_int_equal(x->usd_column, 16);
	/* A row with no figure: every figure unknown, none 0 by mistake of a flag. */
	x = ds_dataset_macro(f->ds, 2, 2024);
	assert_non_null(x);
	assert_int_equal(x->flags, 0);
	assert_null(ds_dataset_macro(f->ds, 2, 2023));
	assert_null(ds_dataset_macro(f->ds, 1, 2023));
	assert_null(ds_dataset_macro(f->ds, 7, 2024));
	/* check's summary */
	assert_int_equal(f->ds->nfiles, 2);
	assert_int_equal(f->ds->files[1].rows, 4);
	assert_int_equal(f->ds->files[1].members, 3);
	assert_int_equal(f->ds->files[1].year_min, 2023);
	assert_int_equal(f->ds->files[1].year_max, 2024);
}

static void test_estimate_from(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, HEADER "POL,2025,36.5,3900,2850,136.8,1001.5,50.1,PLN,2025,imf\n"),
			 DS_OK);
	const struct ds_macro *x = ds_dataset_macro(f->ds, 0, 2025);
	assert_non_null(x);
	assert_int_equal(x->estimate_from, 2025);
	assert_true(x->flags & DS_MACRO_DEFLATOR);
	assert_true(x->gdp_deflator == 136800000);
}

static void test_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, HEADER "FRA,2024,68,2900,2500,116,3100,57,EUR,2025,imf\n"
					"POL,1900,36,3641,2743,132,914,49,PLN,2025,imf\n"
					"POL,2024,0,3641,2743,132,914,49,PLN,2025,imf\n"
					"POL,2023,36,-1,2743,132,914,0,PLN,2025,imf\n"
					"POL,2022,36,3641,2743,132,914,49,zl,2025,imf\n"
					"POL,2021,36,3641,2743,132,914,49,,2025,imf\n"
					"POL,2020,36,3641,2743,132,914,49,PLN,2025,\n"
					"DEU,2024,83,4328,3600,120,4684,49,EUR,2025,imf\n"
					"DEU,2024,83,4328,3600,120,4684,49,EUR,2025,imf\n"
					"DEU,2023,83,4219,3618,116,4563,48,EUR,20x5,imf\n"),
			 DS_EDATA);
	const char *p = f->path;
	expect_diag(f, 0, p, 2, 1, "unknown member 'FRA': not in members.csv");
	expect_diag(f, 1, p, 3, 5, "year '1900' is not a year from 1949 to 2100");
	expect_diag(f, 2, p, 4, 10, "population_m '0' is not above 0");
	expect_diag(f, 3, p, 5, 13, "gdp_lcu_bn '-1' is negative");
	expect_diag(f, 4, p, 5, 29, "gov_expenditure_pct_gdp '0' is not above 0");
	expect_diag(f, 5, p, 6, 34, "currency 'zl' is not a three-letter upper-case code");
	expect_diag(f, 6, p, 7, 34, "a national-currency figure without a currency");
	expect_diag(f, 7, p, 8, 43, "a figure without a source");
	expect_diag(f, 8, p, 10, 1, "a second row for DEU 2024 (the first is on line 9)");
	expect_diag(f, 9, p, 11, 39, "estimate_from '20x5' is not a year from 1949 to 2100");
	assert_int_equal(f->err.n, 10);
	assert_false(f->ds->has_macro);
	assert_null(f->ds->macro_path);
}

static void test_refused_layout(void **state)
{
	struct fixture *f = *state;
	/* A decimal comma splits a figure in two. */
	assert_int_equal(load(f, HEADER "POL,2024,36,621,3641,2743,132,914,49,PLN,2025,imf\n"),
			 DS_EDATA);
	expect_diag(f, 0, f->path, 2, 10,
		    "expected 11 fields as in the header, found 12: is population_m '36,621' "
		    "written with a decimal comma? write 36.621");
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	/* A required column missing from the header. */
	assert_int_equal(load(f, "iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_usd_bn,"
				 "currency,source\n"),
			 DS_EDATA);
	assert_int_equal(f->err.n, 1);
	assert_string_equal(f->err.v[0].msg,
			    "missing column 'gov_expenditure_pct_gdp' in the header");
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	assert_int_equal(load(f, ""), DS_EDATA);
	assert_string_equal(f->err.v[0].msg, "empty file: no header");
}

/* The check against the spending file: equal as numbers passes; a difference is positioned. */
static void test_check(void **state)
{
	struct fixture *f = *state;
	char *spath = ds_test_join(f->dir, "spending.csv");
	assert_non_null(spath);
	assert_int_equal(
		ds_test_write(spath,
			      "iso3,country,year,pct_gdp,gdp_usd_bn,estimate,release,source\n"
			      "POL,Poland,2023,3.27,812.959,0,r,s\n"
			      "POL,Poland,2024,3.79,914.553,1,r,s\n"
			      "DEU,Germany,2024,2.00,4684.182,1,r,s\n"
			      "DEU,Germany,2023,1.61,,0,r,s\n",
			      (size_t)-1),
		0);
	struct ds_series *s = NULL;
	assert_int_equal(ds_load_spending(f->ds, spath, NULL, 0, &s, &f->err), DS_OK);
	/* No macro data yet: nothing to check. */
	assert_int_equal(ds_load_macro_check(f->ds, s, &f->err), DS_OK);
	assert_int_equal(load(f,
			      HEADER "POL,2023,36.754,3415.274,2666.015,,812.959000,46.864,PLN,,i\n"
				     "POL,2024,36.621,3641.208,2743.953,,914.55,49.412,PLN,,i\n"
				     "DEU,2023,83.287,4219.31,3618.69,,4563.523,48.146,EUR,,i\n"
				     "DEU,2024,83.517,4328.97,3600.74,,,49.428,EUR,,i\n"),
			 DS_OK);
	/* 812.959000 equals 812.959; DEU 2023 has no spending GDP and DEU 2024 no
	 * macro GDP: nothing to compare.  POL 2024 differs. */
	assert_int_equal(ds_load_macro_check(f->ds, s, &f->err), DS_EDATA);
	char want[512];
	snprintf(want, sizeof want,
		 "gdp_usd_bn '914.55' for POL 2024 differs from '%s' line 3 (914.553): both are "
		 "the IMF's dollar GDP and must be equal",
		 spath);
	expect_diag(f, 0, f->path, 3, 36, want);
	assert_int_equal(f->err.n, 1);
	ds_series_free(s);
	free(spath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estimate_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
