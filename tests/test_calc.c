/*
 * test_calc.c - cmocka tests of the calculator on a small release written
 * for the test, where every expected figure can be worked out by hand:
 *
 *   AAA 2014 1.00, 2024 2.00 (estimate; IMF GDP 100 bn, spend 2000 m)
 *   BBB 2014 1.50, 2024 1.99 (no GDP)
 *   CCC            2024 2.00 (GDP 150 bn, spend 3000 m)  - ties AAA
 *   DDD            2024 empty                           - missing
 *   EEE 2014 2.5 (one decimal), no 2024 row             - missing
 *   USA            2024 3.40 (GDP 25000 bn, spend 800000 m)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/calc.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "helpers.h"

static const char csv[] =
	"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"
	"AAA,Alpha,2014,1.00,,100,0,t,s\n"
	"AAA,Alpha,2024,2.00,2000,100,1,t,s\n"
	"BBB,Beta,2014,1.50,,,0,t,s\n"
	"BBB,Beta,2024,1.99,,,0,t,s\n"
	"CCC,Gamma,2024,2.00,3000,150,0,t,s\n"
	"DDD,Delta,2024,,,,0,t,s\n"
	"EEE,Epsilon,2014,2.5,,,0,t,s\n"
	"USA,United States,2024,3.40,800000,25000,0,t,s\n";

struct fixture {
	char *dir;
	struct ds_dataset *ds;
	struct ds_calc c;
};

static size_t member(const struct fixture *f, const char *iso3)
{
	size_t m = (size_t)-1;
	assert_int_equal(ds_lookup_member(f->ds, iso3, &m), 0);
	return m;
}

static void set_thresholds(struct fixture *f, const char *list, int base, int target)
{
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t n;
	char msg[128];
	assert_int_equal(ds_threshold_parse_list(list, th, DS_MAX_THRESHOLDS, &n, msg, sizeof msg),
			 0);
	assert_int_equal(ds_calc_init(&f->c, f->ds, f->ds->spending, th, n, base, target), DS_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = ds_test_tmpdir();
	assert_non_null(f->dir);
	char *path = ds_test_join(f->dir, "spending.csv");
	assert_int_equal(ds_test_write(path, csv, (size_t)-1), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_dataset_load(path, NULL, &f->ds, &err);
	ds_errors_release(&err);
	free(path);
	assert_int_equal(rc, DS_OK);
	set_thresholds(f, "2,3.5,5", 0, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_dataset_free(f->ds);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_defaults(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->c.base_year, 2014);
	assert_int_equal(f->c.target_year, 2035);
	assert_int_equal(ds_calc_latest_year(&f->c), 2024);
	assert_int_equal(ds_calc_threshold_decimals(&f->c.th[0]), 0);
	assert_int_equal(ds_calc_threshold_decimals(&f->c.th[1]), 1);
	struct ds_threshold many[DS_MAX_THRESHOLDS + 1];
	memset(many, 0, sizeof many);
	struct ds_calc c;
	assert_int_equal(
		ds_calc_init(&c, f->ds, f->ds->spending, many, DS_MAX_THRESHOLDS + 1, 0, 0),
		DS_EUSAGE);
}

static void test_exact_edges(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_member a, b;
	ds_calc_member_year(&f->c, member(f, "AAA"), 2024, &a);
	ds_calc_member_year(&f->c, member(f, "BBB"), 2024, &b);
	assert_true(a.has_pct);
	assert_int_equal(a.pct, 2000000);
	assert_int_equal(a.pct_dec, 2);
	assert_true(a.estimate);
	assert_true(a.gap[0].meets); /* 2.00 meets 2 */
	assert_int_equal(a.gap[0].gap_pp, 0);
	assert_int_equal(a.gap[0].margin, 0);
	assert_true(a.gap[0].has_usd);
	assert_true(a.gap[0].gap_usd == 0);
	assert_false(b.gap[0].meets); /* 1.99 does not */
	assert_int_equal(b.gap[0].gap_pp, 10000);
	assert_int_equal(b.gap[0].margin, -10000);
	assert_false(b.gap[0].has_usd); /* no GDP: missing, not 0 */
	assert_false(b.estimate);
	/* 3.5 - 2.00 = 1.5 points of 100 bn = 1500 m. */
	assert_false(a.gap[1].meets);
	assert_int_equal(a.gap[1].gap_pp, 1500000);
	assert_true(a.gap[1].has_usd);
	assert_true(a.gap[1].gap_usd == ds_money_from_musd(1500LL * DS_AMOUNT_SCALE)); /* exactly */
	assert_int_equal(a.gap[2].gap_pp, 3000000);
	/* Change since 2014. */
	assert_true(a.has_change);
	assert_int_equal(a.change, 1000000);
	assert_int_equal(b.change, 490000);
}

static void test_missing(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_member d, e;
	ds_calc_member_year(&f->c, member(f, "DDD"), 2024, &d);
	ds_calc_member_year(&f->c, member(f, "EEE"), 2024, &e);
	assert_false(d.has_pct);
	assert_non_null(d.obs); /* a row without a figure */
	assert_false(e.has_pct);
	assert_null(e.obs);
	assert_int_equal(d.rank, 0);
	assert_false(d.gap[0].meets);
	assert_int_equal(ds_calc_rank(&f->c, member(f, "DDD"), 2024), 0);
	/* CCC has no 2014 figure: no change. */
	struct ds_calc_member c;
	ds_calc_member_year(&f->c, member(f, "CCC"), 2024, &c);
	assert_false(c.has_change);
}

static void test_ranks_and_ties(void **state)
{
	struct fixture *f = *state;
	size_t n = f->ds->nmembers;
	struct ds_calc_member *v = calloc(n, sizeof *v);
	assert_non_null(v);
	assert_int_equal(ds_calc_year_members(&f->c, 2024, v), DS_OK);
	assert_int_equal(v[member(f, "USA")].rank, 1);
	assert_int_equal(v[member(f, "AAA")].rank, 2);
	assert_int_equal(v[member(f, "CCC")].rank, 2);
	assert_int_equal(v[member(f, "BBB")].rank, 4);
	assert_int_equal(v[member(f, "DDD")].rank, 0);
	assert_int_equal(v[member(f, "EEE")].rank, 0);
	int *rank = calloc(n, sizeof *rank);
	assert_non_null(rank);
	assert_int_equal(ds_calc_year_ranks(&f->c, 2024, rank), DS_OK);
	for (size_t m = 0; m < n; m++) {
		assert_int_equal(ds_calc_rank(&f->c, m, 2024), v[m].rank);
		assert_int_equal(rank[m], v[m].rank);
	}
	free(rank);
	/* 2014: EEE 2.5 > BBB 1.50 > AAA 1.00. */
	assert_int_equal(ds_calc_year_members(&f->c, 2014, v), DS_OK);
	assert_int_equal(v[member(f, "EEE")].rank, 1);
	assert_int_equal(v[member(f, "BBB")].rank, 2);
	assert_int_equal(v[member(f, "AAA")].rank, 3);
	assert_int_equal(v[member(f, "USA")].rank, 0);
	free(v);
}

static void test_year_summary(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_year y;
	ds_calc_year_summary(&f->c, 2024, &y);
	assert_int_equal(y.members, 6);
	assert_int_equal(y.reporting, 4);
	assert_int_equal(y.missing, 2);
	assert_int_equal(y.meeting[0], 3);
	assert_int_equal(y.meeting[1], 0);
	assert_int_equal(y.meeting[2], 0);
	assert_int_equal(y.share_members, 3);
	assert_true(y.has_share);
	/* 805000 m over 25250 bn. */
	assert_true(y.share_spend_usd == ds_money_from_musd(805000LL * DS_AMOUNT_SCALE));
	assert_true(y.share_gdp_usd == ds_money_from_bn(25250LL * DS_AMOUNT_SCALE));
	char share[32];
	ds_wide_format_ratio(share, sizeof share, y.share_spend_usd, y.share_gdp_usd, 2, 5);
	assert_string_equal(share, "3.18812"); /* 3.188118... */
	assert_int_equal(y.europe_members, 2);
	assert_true(y.europe_usd == ds_money_from_musd(5000LL * DS_AMOUNT_SCALE));
	assert_true(y.has_usa);
	assert_true(y.usa_usd == ds_money_from_musd(800000LL * DS_AMOUNT_SCALE));
	ds_calc_year_summary(&f->c, 2014, &y);
	assert_int_equal(y.reporting, 3);
	assert_int_equal(y.missing, 3);
	assert_int_equal(y.meeting[0], 1);
	assert_false(y.has_share); /* no dollar figures */
	assert_false(y.has_usa);
}

static void test_custom_thresholds(void **state)
{
	struct fixture *f = *state;
	set_thresholds(f, "1.995,3.4", 0, 0);
	struct ds_calc_member a, b, u;
	ds_calc_member_year(&f->c, member(f, "AAA"), 2024, &a);
	ds_calc_member_year(&f->c, member(f, "BBB"), 2024, &b);
	ds_calc_member_year(&f->c, member(f, "USA"), 2024, &u);
	assert_true(a.gap[0].meets);
	assert_false(b.gap[0].meets);
	assert_int_equal(b.gap[0].gap_pp, 5000);
	assert_true(u.gap[1].meets); /* 3.40 meets 3.4 */
	assert_false(a.gap[1].meets);
	assert_int_equal(ds_calc_threshold_decimals(&f->c.th[0]), 3);
	struct ds_calc_year y;
	ds_calc_year_summary(&f->c, 2024, &y);
	assert_int_equal(y.meeting[0], 3);
	assert_int_equal(y.meeting[1], 1);
}

static void test_path(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_path p;
	/* AAA to 3.5: 1.5 points in 11 years, 0.136364 a year (rounded up);
	 * at 0.1 a year it gets there after 15 years, in 2039. */
	ds_calc_path(&f->c, member(f, "AAA"), 1, &p);
	assert_true(p.has);
	assert_int_equal(p.from_year, 2024);
	assert_false(p.met);
	assert_true(p.can_reach);
	assert_int_equal(p.needed, 136364);
	assert_true(p.has_trend);
	assert_int_equal(p.avg, 100000);
	assert_false(p.on_track);
	assert_int_equal(p.reach_year, 2039);
	/* AAA meets 2. */
	ds_calc_path(&f->c, member(f, "AAA"), 0, &p);
	assert_true(p.met);
	assert_true(p.on_track);
	assert_int_equal(p.needed, 0);
	assert_int_equal(p.reach_year, 2024);
	/* BBB to 2: 0.01 short, 0.049 a year: next year. */
	ds_calc_path(&f->c, member(f, "BBB"), 0, &p);
	assert_int_equal(p.needed, 910); /* 10000 / 11 rounded up */
	assert_int_equal(p.avg, 49000);
	assert_true(p.on_track);
	assert_int_equal(p.reach_year, 2025);
	/* CCC: no base-year figure, so no trend and not on track. */
	ds_calc_path(&f->c, member(f, "CCC"), 1, &p);
	assert_true(p.has);
	assert_false(p.has_trend);
	assert_false(p.on_track);
	assert_int_equal(p.reach_year, 0);
	/* EEE: latest figure is the base year itself. */
	ds_calc_path(&f->c, member(f, "EEE"), 1, &p);
	assert_int_equal(p.from_year, 2014);
	assert_int_equal(p.from_dec, 1);
	assert_false(p.has_trend);
	assert_int_equal(p.needed, 47620); /* 1.0 / 21 rounded up */
	/* DDD: no figure at all. */
	ds_calc_path(&f->c, member(f, "DDD"), 0, &p);
	assert_false(p.has);
	/* A target of 2039 is reached exactly in time; 2038 is not. */
	set_thresholds(f, "2,3.5", 0, 2039);
	ds_calc_path(&f->c, member(f, "AAA"), 1, &p);
	assert_true(p.on_track);
	assert_int_equal(p.needed, 100000);
	set_thresholds(f, "2,3.5", 0, 2038);
	ds_calc_path(&f->c, member(f, "AAA"), 1, &p);
	assert_false(p.on_track);
	/* A target already passed cannot be reached. */
	set_thresholds(f, "2,3.5", 0, 2024);
	ds_calc_path(&f->c, member(f, "AAA"), 1, &p);
	assert_false(p.can_reach);
	assert_false(p.on_track);
	/* Base year 2014 vs 2020 (no figure): no trend. */
	set_thresholds(f, "2,3.5", 2020, 0);
	ds_calc_path(&f->c, member(f, "AAA"), 1, &p);
	assert_false(p.has_trend);
}

static void test_trend(void **state)
{
	struct fixture *f = *state;
	struct ds_calc_trend t;
	ds_calc_trend(&f->c, member(f, "AAA"), 0, 0, &t);
	assert_true(t.has);
	assert_int_equal(t.from_year, 2014);
	assert_int_equal(t.to_year, 2024);
	assert_int_equal(t.change, 1000000);
	assert_int_equal(t.avg, 100000);
	assert_int_equal(t.projected, 3100000); /* 2.00 + 1.00 * 11 / 10 */
	assert_int_equal(t.dec, 2);
	/* The span moves inwards to years with figures; one figure is no trend. */
	ds_calc_trend(&f->c, member(f, "BBB"), 2015, 2024, &t);
	assert_false(t.has);
	ds_calc_trend(&f->c, member(f, "EEE"), 0, 0, &t);
	assert_false(t.has);
	ds_calc_trend(&f->c, member(f, "BBB"), 2010, 2030, &t);
	assert_true(t.has);
	assert_int_equal(t.avg, 49000);
	/* 1.99 + 0.49 * 1.1 = 2.529 */
	assert_int_equal(t.projected, 2529000);
}

static void test_div_round(void **state)
{
	(void)state;
	assert_int_equal(ds_calc_div_round(5, 2), 3);
	assert_int_equal(ds_calc_div_round(-5, 2), -3);
	assert_int_equal(ds_calc_div_round(4, 3), 1);
	assert_int_equal(ds_calc_div_round(-4, 3), -1);
	assert_int_equal(ds_calc_div_round(0, 7), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranks_and_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend, setup, teardown),
		cmocka_unit_test(test_div_round),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
