/*
 * test_plot.c - cmocka tests of the plot module: the quoting rules, the
 * text of a generated script (no data outside single quotes, none in a
 * comment), the PNG/SVG checks, and rendering with the real gnuplot into a
 * temporary directory, including a failed render that must leave the
 * previous good image in place.
 *
 * The hostile names are generated into a lone spending file, so the
 * script under test is exactly what the loader and the chart writer make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/load.h"
#include "defspend/plot.h"
#include "helpers.h"

static char *quoted(const char *text, int tic)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct ds_gp gp = { f, 0 };
	if (tic)
		ds_gp_quote_tic(&gp, text);
	else
		ds_gp_quote(&gp, text);
	assert_int_equal(gp.failed, 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_quote(void **state)
{
	(void)state;
	char *q = quoted("it's `x`\n$(y) \"z\" %s", 0);
	assert_string_equal(q, "'it''s `x` $(y) \"z\" %s'");
	free(q);
	q = quoted("50% '", 1);
	assert_string_equal(q, "'50%% '''");
	free(q);
	q = quoted("tab\there\x7f\\", 0);
	assert_string_equal(q, "'tab here \\'");
	free(q);
}

/* The names of the hostile file, as CSV fields, and the quoted form expected in the script. */
static const char *const hostile_csv[] = {
	"\"`touch DIR/PWNED_bq`\"", "\"$(touch DIR/PWNED_dl)\"", "\"|touch DIR/PWNED_pipe\"",
	"\"<touch DIR/PWNED_lt\"",  "\"a_b^c@d&e{f}g %s\"",      "\"it's \"\"q\"\" \\\"",
	"\"line\nbreak\"",
};

/* Writes DIR/hostile.csv; returns its path (caller frees). */
static char *write_hostile(const char *dir)
{
	char *path = ds_test_join(dir, "hostile.csv");
	char buf[4096];
	size_t at = (size_t)snprintf(buf, sizeof buf,
				     "iso3,country,year,pct_gdp,spend_usd_m,"
				     "gdp_usd_bn,estimate,release,source\n");
	for (size_t i = 0; i < sizeof hostile_csv / sizeof hostile_csv[0]; i++) {
		/* DIR stands for the temporary directory. */
		char name[512];
		const char *d = strstr(hostile_csv[i], "DIR");
		if (d != NULL)
			snprintf(name, sizeof name, "%.*s%s%s", (int)(d - hostile_csv[i]),
				 hostile_csv[i], dir, d + 3);
		else
			snprintf(name, sizeof name, "%s", hostile_csv[i]);
		at += (size_t)snprintf(buf + at, sizeof buf - at, "A%c%c,%s,2024,%s,,100,%d,x,s\n",
				       'A' + (int)i, 'A' + (int)i, name, i == 6 ? "" : "2.50",
				       (int)(i % 2));
	}
	assert_int_equal(ds_test_write(path, buf, (size_t)-1), 0);
	return path;
}

static struct ds_dataset *load(const char *path)
{
	struct ds_dataset *ds = NULL;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &err), DS_OK);
	ds_errors_release(&err);
	return ds;
}

static void write_chart(struct ds_dataset *ds, enum ds_chart c, const char *dir)
{
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[64];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = nth };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, c, &o, dir, &skip, &err), DS_OK);
	ds_errors_release(&err);
}

/*
 * Checks the safety rules on a script's text: outside single-quoted
 * strings there is no double quote, no backquote and no `@`; comments
 * carry no data.  Returns how many single-quoted strings were seen.
 */
static size_t check_script(const char *s)
{
	size_t strings = 0;
	int in_q = 0, in_comment = 0;
	for (const char *p = s; *p; p++) {
		if (in_comment) {
			assert_true(strncmp(p, "PWNED", 5) != 0);
			if (*p == '\n')
				in_comment = 0;
		} else if (in_q) {
			assert_true(*p != '\n');
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				in_q = 0;
		} else if (*p == '\'') {
			in_q = 1;
			strings++;
		} else if (*p == '#') {
			in_comment = 1;
		} else {
			assert_true(*p != '"' && *p != '`' && *p != '@');
		}
	}
	assert_false(in_q);
	return strings;
}

static void test_script_text(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	write_chart(ds, DS_CHART_RANKING, dir);
	write_chart(ds, DS_CHART_TREND, dir);
	char *gpath = ds_test_join(dir, "ranking.gp");
	char *script = ds_test_read(gpath, NULL);
	assert_non_null(script);
	assert_true(check_script(script) > 10);
	/* Each name is there, quoted: ' doubled, % doubled (a tic label), the line break a space.
	 */
	char want[512];
	snprintf(want, sizeof want, "'`touch %s/PWNED_bq`'", dir);
	assert_non_null(strstr(script, want));
	snprintf(want, sizeof want, "'|touch %s/PWNED_pipe'", dir);
	assert_non_null(strstr(script, want));
	assert_non_null(strstr(script, "'it''s \"q\" \\'"));
	assert_non_null(strstr(script, "'a_b^c@d&e{f}g %%s'"));
	assert_non_null(strstr(script, "'line break'"));
	assert_non_null(strstr(script, "noenhanced"));
	/* The data file holds no names. */
	char *dpath = ds_test_join(dir, "ranking.dat");
	char *data = ds_test_read(dpath, NULL);
	assert_non_null(data);
	assert_null(strstr(data, "touch"));
	char *tpath = ds_test_join(dir, "trend.gp");
	char *trend = ds_test_read(tpath, NULL);
	assert_non_null(trend);
	check_script(trend);
	free(trend);
	free(tpath);
	free(data);
	free(dpath);
	free(script);
	free(gpath);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_image_checks(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *png = ds_test_join(dir, "a.png"), *svg = ds_test_join(dir, "a.svg");
	static const char good_png[] = "\x89PNG\r\n\x1a\n0123456789012345678901234567890123456789"
				       "\0\0\0\0IEND\xae\x42\x60\x82";
	assert_int_equal(ds_test_write(png, good_png, sizeof good_png - 1), 0);
	assert_int_equal(ds_plot_png_ok(png), 1);
	assert_int_equal(ds_test_write(png, good_png, sizeof good_png - 5), 0); /* truncated */
	assert_int_equal(ds_plot_png_ok(png), 0);
	assert_int_equal(
		ds_test_write(svg, "<?xml version=\"1.0\"?>\n<svg>\n</svg>\n\n", (size_t)-1), 0);
	assert_int_equal(ds_plot_svg_ok(svg), 1);
	assert_int_equal(ds_test_write(svg, "<?xml version=\"1.0\"?>\n<svg>\n<g>", (size_t)-1), 0);
	assert_int_equal(ds_plot_svg_ok(svg), 0);
	free(png);
	free(svg);
	ds_test_rmtree(dir);
	free(dir);
}

static int file_exists(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

static void test_render(void **state)
{
	(void)state;
	char *gnuplot = ds_plot_find_gnuplot();
	if (gnuplot == NULL) {
		skip();
		return;
	}
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	write_chart(ds, DS_CHART_RANKING, dir);
	const char *names[] = { "ranking" };
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(
		ds_plot_render(gnuplot, dir, names, 1, DS_RENDER_PNG | DS_RENDER_SVG, &err), DS_OK);
	ds_errors_release(&err);
	char *png = ds_test_join(dir, "ranking.png"), *svg = ds_test_join(dir, "ranking.svg");
	assert_int_equal(ds_plot_png_ok(png), 1);
	assert_int_equal(ds_plot_svg_ok(svg), 1);
	assert_false(file_exists(dir, "PWNED_bq") || file_exists(dir, "PWNED_dl") ||
		     file_exists(dir, "PWNED_pipe") || file_exists(dir, "PWNED_lt"));
	size_t good_len;
	char *good = ds_test_read(png, &good_len);
	assert_non_null(good);

	/* A script that fails half-way: the good image must stay as it was. */
	char *gp = ds_test_join(dir, "ranking.gp");
	char *script = ds_test_read(gp, NULL);
	assert_non_null(script);
	char *broken = malloc(strlen(script) + 64);
	assert_non_null(broken);
	strcpy(broken, script);
	char *plot = strstr(broken, "    plot ");
	assert_non_null(plot);
	strcpy(plot, "    plot no_such_variable with lines\n    set output\n}\n");
	assert_int_equal(ds_test_write(gp, broken, (size_t)-1), 0);
	ds_errors_init(&err);
	assert_int_not_equal(ds_plot_render(gnuplot, dir, names, 1, DS_RENDER_PNG, &err), DS_OK);
	assert_non_null(strstr(err.v[0].msg, "ranking.png"));
	ds_errors_release(&err);
	size_t now_len;
	char *now = ds_test_read(png, &now_len);
	assert_non_null(now);
	assert_int_equal(now_len, good_len);
	assert_memory_equal(now, good, good_len);
	char tmpname[64];
	snprintf(tmpname, sizeof tmpname, "ranking.tmp%ld.png", (long)getpid());
	assert_false(file_exists(dir, tmpname));

	free(now);
	free(broken);
	free(script);
	free(gp);
	free(good);
	free(png);
	free(svg);
	ds_dataset_free(ds);
	free(csv);
	free(gnuplot);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_chart_names(void **state)
{
	(void)state;
	enum ds_chart c;
	assert_int_equal(ds_chart_find("revisions", &c), 0);
	assert_int_equal(c, DS_CHART_REVISIONS);
	assert_string_equal(ds_chart_name(DS_CHART_GAP), "gap");
	assert_int_equal(ds_chart_find("Ranking", &c), -1);
	assert_null(ds_chart_name(DS_NCHARTS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),        cmocka_unit_test(test_script_text),
		cmocka_unit_test(test_image_checks), cmocka_unit_test(test_render),
		cmocka_unit_test(test_chart_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
