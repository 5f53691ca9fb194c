/*
 * test_plot.c - cmocka tests of the renderer: the PNG/SVG checks, making
 * the output directory, and rendering with the real gnuplot into a
 * temporary directory, including a failed render that must leave the
 * previous good image in place.
 *
 * The chart rendered is the ranking of the hostile dataset of
 * chart_fixture.h: rendering it must run none of its names.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart_fixture.h"
#include "defspend/plot.h"
#include "helpers.h"

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
	/* Nothing of the render is left: no private directory, no image in it. */
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		assert_true(strncmp(e->d_name, DS_PLOT_PRIVATE, strlen(DS_PLOT_PRIVATE)) != 0);
	closedir(d);

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

/* Runs ds_plot_render() with our stderr in a file: what it wrote there (malloc'd). */
static char *render_stderr(const char *gnuplot, const char *dir, const char *name, int *rc,
			   struct ds_errors *err)
{
	char *log = ds_test_join(dir, "stderr.txt");
	fflush(stderr);
	int saved = dup(2);
	FILE *f = fopen(log, "w");
	assert_non_null(f);
	assert_true(saved >= 0 && dup2(fileno(f), 2) == 2);
	*rc = ds_plot_render(gnuplot, dir, &name, 1, DS_RENDER_PNG | DS_RENDER_SVG, err);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	char *text = ds_test_read(log, NULL);
	assert_non_null(text);
	unlink(log);
	free(log);
	return text;
}

/* The ranking's script with text put in before its plot command (and after "plot "). */
static void patch_script(const char *dir, const char *before, const char *in_plot)
{
	char *gp = ds_test_join(dir, "ranking.gp");
	char *script = ds_test_read(gp, NULL);
	assert_non_null(script);
	char *plot = strstr(script, "    plot ");
	assert_non_null(plot);
	size_t at = (size_t)(plot - script) + 9;
	char *out = malloc(strlen(script) + strlen(before) + strlen(in_plot) + 1);
	assert_non_null(out);
	memcpy(out, script, (size_t)(plot - script));
	strcpy(out + (plot - script), before);
	strcat(out, "    plot ");
	strcat(out, in_plot);
	strcat(out, script + at);
	assert_int_equal(ds_test_write(gp, out, (size_t)-1), 0);
	free(out);
	free(script);
	free(gp);
}

/*
 * gnuplot's own words never reach stderr raw: a warning about a plot element
 * without a point is dropped (the chart says so in words), anything else
 * becomes a diagnostic of the render, which still succeeds.
 */
static void test_gnuplot_says(void **state)
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
	/* A data column without a valid point: gnuplot warns "no valid points". */
	patch_script(dir, "", "ds_data using 1:(NaN) with lines notitle, ");
	struct ds_errors err;
	ds_errors_init(&err);
	int rc;
	char *said = render_stderr(gnuplot, dir, "ranking", &rc, &err);
	assert_int_equal(rc, DS_OK);
	assert_string_equal(said, "");
	assert_int_equal(ds_errors_count(&err), 0);
	free(said);
	ds_errors_release(&err);
	char *png = ds_test_join(dir, "ranking.png");
	assert_int_equal(ds_plot_png_ok(png), 1);

	/* Anything else gnuplot says is the render's diagnostic, at the script's line. */
	write_chart(ds, DS_CHART_RANKING, dir);
	patch_script(dir, "    print 'a word from gnuplot'\n", "");
	ds_errors_init(&err);
	said = render_stderr(gnuplot, dir, "ranking", &rc, &err);
	assert_int_equal(rc, DS_OK);
	assert_string_equal(said, "");
	assert_int_equal(ds_errors_status(&err), DS_OK);
	/* printed once per format (PNG, SVG) */
	assert_int_equal(ds_errors_count(&err), 2);
	assert_string_equal(err.v[0].msg, "gnuplot: a word from gnuplot");
	free(said);
	ds_errors_release(&err);

	free(png);
	ds_dataset_free(ds);
	free(csv);
	free(gnuplot);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * Several charts dealt round several gnuplot processes: every image drawn
 * and in place, whatever the number of processes; a chart that fails is
 * named, and only its image is missing.
 */
static void test_render_jobs(void **state)
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
	write_chart(ds, DS_CHART_COUNT, dir);
	write_chart(ds, DS_CHART_GAP, dir);
	write_chart(ds, DS_CHART_PATH, dir);
	const char *names[] = { "ranking", "count", "gap", "path" };
	static const char *const img[] = { "ranking.png", "count.png", "gap.png", "path.png" };
	for (size_t jobs = 1; jobs <= 5; jobs++) {
		for (size_t i = 0; i < 4; i++) {
			char *p = ds_test_join(dir, img[i]);
			unlink(p);
			free(p);
		}
		struct ds_errors err;
		ds_errors_init(&err);
		assert_int_equal(
			ds_plot_render_jobs(gnuplot, dir, names, 4, DS_RENDER_PNG, jobs, &err),
			DS_OK);
		ds_errors_release(&err);
		for (size_t i = 0; i < 4; i++) {
			char *p = ds_test_join(dir, img[i]);
			if (!ds_plot_png_ok(p))
				fail_msg("%zu processes: %s missing", jobs, img[i]);
			free(p);
		}
	}
	/* The gap chart broken: it alone fails, the others are drawn. */
	char *gp = ds_test_join(dir, "gap.gp");
	assert_int_equal(
		ds_test_write(gp, "set output ds_out.'/gap.png'\nplot nothing\n", (size_t)-1), 0);
	char *png = ds_test_join(dir, "gap.png");
	unlink(png);
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_not_equal(ds_plot_render_jobs(gnuplot, dir, names, 4, DS_RENDER_PNG, 3, &err),
			     DS_OK);
	/* One failure, the gap chart's; what its gnuplot said is about its script. */
	size_t failed = 0, said = 0;
	for (size_t i = 0; i < err.n; i++) {
		if (strncmp(err.v[i].msg, "gnuplot: ", 9) != 0) {
			failed++;
			assert_non_null(strstr(err.v[i].msg, "'gap.png'"));
		} else if (err.v[i].file != NULL) {
			said++;
			assert_non_null(strstr(err.v[i].file, "gap.gp"));
		}
	}
	assert_int_equal(failed, 1);
	assert_true(said >= 1);
	ds_errors_release(&err);
	assert_false(file_exists(dir, "gap.png"));
	assert_true(file_exists(dir, "count.png") && file_exists(dir, "path.png"));
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		assert_true(strncmp(e->d_name, DS_PLOT_PRIVATE, strlen(DS_PLOT_PRIVATE)) != 0);
	closedir(d);
	free(png);
	free(gp);
	ds_dataset_free(ds);
	free(csv);
	free(gnuplot);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_mkdir(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *deep = ds_test_join(dir, "a/b/c");
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_plot_mkdir(deep, &err), DS_OK);
	struct stat st;
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Again: it exists, which is fine. */
	assert_int_equal(ds_plot_mkdir(deep, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	/* A file in the way, as the directory or as one of its parents. */
	char *file = ds_test_join(dir, "file");
	assert_int_equal(ds_test_write(file, "x", 1), 0);
	assert_int_equal(ds_plot_mkdir(file, &err), DS_ECANTCREAT);
	assert_non_null(strstr(err.v[0].msg, "not a directory"));
	ds_errors_release(&err);
	ds_errors_init(&err);
	char *under = ds_test_join(file, "sub");
	assert_int_equal(ds_plot_mkdir(under, &err), DS_ECANTCREAT);
	assert_true(strncmp(err.v[0].msg, "cannot create directory '", 25) == 0);
	ds_errors_release(&err);
	free(under);
	free(file);
	free(deep);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_checks), cmocka_unit_test(test_render),
		cmocka_unit_test(test_gnuplot_says), cmocka_unit_test(test_render_jobs),
		cmocka_unit_test(test_mkdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
