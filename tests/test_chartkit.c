/*
 * test_chartkit.c - cmocka tests of what every chart is built with: the
 * thresholds sorted and the bands they make, band titles, the order and
 * numbering of bar rows, the heights cairo can draw, the decorations'
 * quoting, and opening, committing and aborting a chart's two files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartkit.h"
#include "defspend/load.h"
#include "defspend/num.h"
#include "helpers.h"

struct fixture {
	struct ds_dataset *ds;
	struct ds_threshold th[3];
	struct ds_chart_opts o;
	struct ds_errors err;
	struct chart c;
	char *dir;
};

/* The shipped data, thresholds given out of order (5, 2, 3.5), a chart "demo". */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	ds_errors_init(&f->err);
	assert_int_equal(ds_dataset_load(ds_test_path("data"), NULL, &f->ds, &f->err), DS_OK);
	char msg[64];
	size_t n;
	assert_int_equal(ds_threshold_parse_list("5,2,3.5", f->th, 3, &n, msg, sizeof msg), 0);
	f->o.thresholds = f->th;
	f->o.nthresholds = n;
	f->dir = ds_test_tmpdir();
	assert_int_equal(chart_begin(&f->c, f->ds, "demo", &f->o, f->dir, NULL, &f->err), DS_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	chart_abort(&f->c);
	ds_dataset_free(f->ds);
	ds_errors_release(&f->err);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_bands(void **state)
{
	struct fixture *f = *state;
	const struct chart *c = &f->c;
	assert_int_equal(c->calc.nth, 3);
	assert_string_equal(c->calc.th[0].label, "2");
	assert_string_equal(c->calc.th[1].label, "3.5");
	assert_string_equal(c->calc.th[2].label, "5");
	assert_true(c->year > 2000);
	assert_int_equal(chart_band(c, 0), 0);
	assert_int_equal(chart_band(c, 2 * DS_PCT_SCALE - 1), 0);
	assert_int_equal(chart_band(c, 2 * DS_PCT_SCALE), 1);
	assert_int_equal(chart_band(c, 35 * DS_PCT_SCALE / 10), 2);
	assert_int_equal(chart_band(c, 5 * DS_PCT_SCALE), 3);
	char buf[64];
	chart_band_title(c, 0, buf, sizeof buf);
	assert_string_equal(buf, "below 2%");
	chart_band_title(c, 1, buf, sizeof buf);
	assert_string_equal(buf, "2% to 3.5%");
	chart_band_title(c, 3, buf, sizeof buf);
	assert_string_equal(buf, "5% and over");
}

static void test_rows(void **state)
{
	(void)state;
	struct chart_row r[4] = {
		{ .m = 0, .has = 0, .key = 0, .name = "Aland" },
		{ .m = 1, .has = 1, .key = 10, .name = "Zed" },
		{ .m = 2, .has = 1, .key = 30, .name = "Mid" },
		{ .m = 3, .has = 1, .key = 10, .name = "Bee" },
	};
	chart_sort_rows(r, 4);
	/* Figures first, largest key on top, ties by name; the row without one last. */
	assert_string_equal(r[0].name, "Mid");
	assert_string_equal(r[1].name, "Bee");
	assert_string_equal(r[2].name, "Zed");
	assert_string_equal(r[3].name, "Aland");
	assert_int_equal(r[0].row, 4);
	assert_int_equal(r[3].row, 1);
	assert_int_equal(chart_rows_height(0), 600);
	assert_int_equal(chart_rows_height(100), 2420);
	/* No chart is taller than about 4,000 pixels, whatever the rows. */
	assert_int_equal(chart_rows_height(2 * DS_CHART_TOP_MAX + 2), 3784);
	assert_int_equal(chart_rows_height(100000), CHART_MAX_HEIGHT);
}

/* A long list keeps its top and bottom rows, says how many are left out, and counts those without.
 */
static void test_rows_bound(void **state)
{
	struct fixture *f = *state;
	enum { N = 600, MISSING = 12 };
	static struct chart_row r[N + 2];
	static char names[N][16];
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "M%03zu", i);
		r[i] = (struct chart_row){
			.m = i, .has = i >= MISSING, .key = (int64_t)i, .name = names[i]
		};
	}
	chart_sort_rows(r, N);
	f->c.top = 40;
	size_t k = chart_rows_bound(&f->c, r, N, "members");
	assert_int_equal(k, 40 + 1 + 40 + 1);
	assert_string_equal(r[0].name, "M599");
	assert_int_equal(r[0].row, (int)k);
	assert_string_equal(r[39].name, "M560");
	assert_true(r[40].sep);
	assert_string_equal(r[40].name, "... 508 more members ...");
	assert_string_equal(r[41].name, "M051");
	assert_string_equal(r[80].name, "M012");
	assert_true(r[81].sep);
	assert_string_equal(r[81].name, "12 members without a figure");
	assert_int_equal(r[81].row, 1);
	assert_non_null(strstr(f->c.info->notes, "the top 40 and the bottom 40; 508 in between"));
	assert_true(chart_rows_height(k) <= CHART_MAX_HEIGHT);

	/* A short list is left as it is. */
	struct chart_row few[3 + 2] = {
		{ .m = 0, .has = 1, .key = 3, .name = "A" },
		{ .m = 1, .has = 1, .key = 2, .name = "B" },
		{ .m = 2, .has = 0, .name = "C" },
	};
	chart_sort_rows(few, 3);
	assert_int_equal(chart_rows_bound(&f->c, few, 3, "members"), 3);
	assert_false(few[2].sep);
}

/* The decorations written into memory: titles and tics quoted, thresholds named. */
static void test_decorations(void **state)
{
	struct fixture *f = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	f->c.gp = (struct ds_gp){ m, 0 };
	chart_title(&f->c, "it's 100% `x`");
	const char *names[] = { "O'Brien 50%" };
	const int rows[] = { 1 };
	chart_row_tics(&f->c, names, rows, 1);
	chart_threshold_lines(&f->c, 0);
	/* A short source is one line; a long one two, split after a sentence, the first
	 * a line higher; a second line that opens with a quote keeps its space. */
	chart_source_text(&f->c, "Source: short.");
	char longer[400];
	memset(longer, 'x', sizeof longer);
	memcpy(longer, "Source: one.", 12);
	memcpy(longer + 150, ". 'no figure': none.", 20);
	longer[sizeof longer - 1] = '\0';
	chart_source_text(&f->c, longer);
	assert_string_equal(f->c.info->source, longer);
	assert_int_equal(f->c.gp.failed, 0);
	assert_int_equal(fclose(m), 0);
	f->c.gp.f = NULL;
	assert_non_null(strstr(buf, "set title 'it''s 100% `x`' font ',14'\n"));
	assert_non_null(strstr(buf, "set ytics (\\\n    'O''Brien 50%%' 1) scale 0\n"));
	assert_non_null(strstr(buf, "set arrow 1 from graph 0, first 2 to graph 1, first 2 "));
	assert_non_null(strstr(buf, "'2%% (Wales 2014)' 2, '3.5%% (Hague core)' 3.5, "
				    "'5%% (Hague total)' 5"));
	assert_non_null(strstr(buf, "ds_source = 'Source: short.'\nds_source_y = 0.8\n"));
	assert_non_null(strstr(buf, "xxx.' . \"\\n\" . ' ''no figure'': none.xxx"));
	assert_non_null(strstr(buf, "'\nds_source_y = 1.7\nset label 99 ds_source at character 1, "
				    "character ds_source_y"));
	free(buf);
}

static int exists_in(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* Nothing appears under the final names before chart_close(); abort leaves nothing. */
static void test_files(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(chart_open(&f->c, "a test"), DS_OK);
	ds_gp_printf(&f->c.dat, "1\t2\n");
	assert_false(exists_in(f->dir, "demo.gp"));
	chart_abort(&f->c);
	assert_false(exists_in(f->dir, "demo.gp") || exists_in(f->dir, "demo.dat"));

	assert_int_equal(chart_open(&f->c, "a test"), DS_OK);
	ds_gp_printf(&f->c.dat, "1\t2\n");
	assert_int_equal(chart_close(&f->c), DS_OK);
	char *p = ds_test_join(f->dir, "demo.dat");
	char *dat = ds_test_read(p, NULL);
	assert_non_null(dat);
	assert_string_equal(dat,
			    "# demo.dat - the data of demo.gp (tab-separated; NaN: no figure)\n"
			    "1\t2\n");
	free(dat);
	free(p);
	p = ds_test_join(f->dir, "demo.gp");
	char *gp = ds_test_read(p, NULL);
	assert_non_null(gp);
	assert_true(strncmp(gp, "# demo.gp - a test\n", 19) == 0);
	free(gp);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decorations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
