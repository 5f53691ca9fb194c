/*
 * test_report_e2e.c - end-to-end tests of `defspend plot` and `defspend
 * report` with the real binary and the real gnuplot: a hostile dataset
 * renders literally and runs nothing, a script runs on its own from another
 * directory, a missing gnuplot exits 69 naming the package, an output
 * directory that cannot be made exits 73, and a dataset without aid.csv
 * still reports, with the skip noted.
 *
 * Rendering is slow next to everything else, so only two runs render.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/plot.h"
#include "helpers.h"

static int exists_in(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

static int valid_image(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	size_t n = strlen(name);
	int ok = strcmp(name + n - 4, ".png") == 0 ? ds_plot_png_ok(p) : ds_plot_svg_ok(p);
	free(p);
	return ok;
}

/* A lone spending file whose names would run commands if gnuplot or a shell read them. */
static void write_hostile(const char *dir)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
		 "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"
		 "AAA,`touch %s/PWNED_bq`,2023,2.10,,100,0,x,s\n"
		 "AAA,`touch %s/PWNED_bq`,2024,2.50,,100,1,x,s\n"
		 "BBB,$(touch %s/PWNED_dl),2024,1.50,,100,0,x,s\n"
		 "CCC,|touch %s/PWNED_pipe,2024,3.60,,100,0,x,s\n"
		 "DDD,<touch %s/PWNED_lt,2024,5.10,,100,0,x,s\n"
		 "EEE,a_b^c@d&e{f}g %%s,2024,0.90,,100,0,x,s\n"
		 "FFF,\"it's \"\"q\"\" <b>\",2024,2.00,,100,0,x,s\n"
		 "GGG,line break,2024,,,100,0,x,s\n",
		 dir, dir, dir, dir, dir);
	char *p = ds_test_join(dir, "hostile.csv");
	assert_int_equal(ds_test_write(p, buf, (size_t)-1), 0);
	free(p);
}

static void assert_nothing_ran(const char *dir)
{
	assert_false(exists_in(dir, "PWNED_bq"));
	assert_false(exists_in(dir, "PWNED_dl"));
	assert_false(exists_in(dir, "PWNED_pipe"));
	assert_false(exists_in(dir, "PWNED_lt"));
}

static void test_hostile_report(void **state)
{
	(void)state;
	char *gnuplot = ds_plot_find_gnuplot();
	if (gnuplot == NULL) {
		skip();
		return;
	}
	char *dir = ds_test_tmpdir();
	write_hostile(dir);
	struct ds_run r;
	const char *args[] = { "--data", "hostile.csv", "report", "--out", "out", NULL };
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "out/index.html\nout/index.md\n");
	assert_non_null(strstr(r.err, "defspend: chart 'aid' skipped: the data has no aid.csv\n"));
	assert_non_null(strstr(r.err, "defspend: chart 'revisions' skipped"));
	assert_nothing_ran(dir);
	char *out = ds_test_join(dir, "out");
	static const char *const charts[] = { "ranking", "trend", "count", "gap", "path" };
	for (size_t i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s.png", charts[i]);
		assert_true(valid_image(out, name));
		snprintf(name, sizeof name, "%s.svg", charts[i]);
		assert_true(valid_image(out, name));
	}
	/* The SVG carries the name as text, escaped by gnuplot for XML. */
	char *svgp = ds_test_join(out, "ranking.svg");
	char *svg = ds_test_read(svgp, NULL);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "PWNED_pipe"));
	assert_non_null(strstr(svg, "&lt;touch"));
	/* index.html escapes every name. */
	char *hp = ds_test_join(out, "index.html");
	char *html = ds_test_read(hp, NULL);
	assert_non_null(html);
	assert_non_null(strstr(html, "it&#39;s &quot;q&quot; &lt;b&gt;"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<touch"));
	assert_non_null(strstr(html, "<img src=\"ranking.png\""));
	/* index.md too: Markdown passes HTML through, so the names are escaped. */
	char *mp = ds_test_join(out, "index.md");
	char *md = ds_test_read(mp, NULL);
	assert_non_null(md);
	assert_non_null(strstr(md, "&lt;b&gt;"));
	assert_null(strstr(md, "<b>"));
	assert_null(strstr(md, "<touch"));
	free(md);
	free(mp);
	ds_run_free(&r);

	/* A script runs on its own from another directory and writes beside itself. */
	char *png = ds_test_join(out, "ranking.png");
	char *gp = ds_test_join(out, "ranking.gp");
	assert_int_equal(unlink(png), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (chdir("/") != 0)
			_exit(120);
		char *argv[] = { gnuplot, gp, NULL };
		execv(gnuplot, argv);
		_exit(121);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(valid_image(out, "ranking.png"));
	assert_nothing_ran(dir);

	free(gp);
	free(png);
	free(html);
	free(hp);
	free(svg);
	free(svgp);
	free(out);
	free(gnuplot);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_no_gnuplot(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *out = ds_test_join(dir, "plots");
	struct ds_run r;
	const char *args[] = {
		"--data", ds_test_path("data"), "plot", "ranking", "--out", out, NULL
	};
	const char *env[] = { "DEFSPEND_GNUPLOT=/nonexistent/gnuplot", NULL };
	assert_int_equal(ds_run(&r, args, NULL, env, NULL), 0);
	assert_int_equal(r.status, 69);
	assert_non_null(strstr(r.err, "'gnuplot-nox'"));
	assert_true(strncmp(r.err, "defspend: cannot render: 'gnuplot' is not installed", 51) == 0);
	assert_true(exists_in(out, "ranking.gp"));
	assert_true(exists_in(out, "ranking.dat"));
	assert_false(exists_in(out, "ranking.png"));
	ds_run_free(&r);

	/* --render none needs no gnuplot. */
	const char *none[] = { "--data", ds_test_path("data"), "plot", "count", "--out",
			       out,      "--render",           "none", NULL };
	assert_int_equal(ds_run(&r, none, NULL, env, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(r.out, "/count.gp\n"));
	ds_run_free(&r);
	free(out);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_cannot_create(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *file = ds_test_join(dir, "file");
	assert_int_equal(ds_test_write(file, "x", 1), 0);
	char *out = ds_test_join(file, "sub");
	struct ds_run r;
	const char *args[] = { "--data", ds_test_path("data"), "plot", "ranking", "--out",
			       out,      "--render",           "none", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 73);
	assert_non_null(strstr(r.err, "defspend: cannot create directory '"));
	assert_string_equal(r.out, "");
	ds_run_free(&r);
	free(out);
	free(file);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_report_without_aid(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *data = ds_test_join(dir, "data");
	assert_int_equal(ds_test_copy_data(data), 0);
	char *aid = ds_test_join(data, "aid.csv");
	assert_int_equal(unlink(aid), 0);
	char *out = ds_test_join(dir, "rep");
	struct ds_run r;
	const char *args[] = { "--data", data, "report", "--out", out, "--render", "none", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "defspend: table 'aid' skipped: the data has no aid.csv\n"));
	assert_non_null(strstr(r.err, "defspend: chart 'aid' skipped: the data has no aid.csv\n"));
	assert_true(exists_in(out, "index.html"));
	assert_true(exists_in(out, "list.csv"));
	assert_true(exists_in(out, "list.md"));
	assert_true(exists_in(out, "revisions.gp"));
	assert_false(exists_in(out, "aid.gp"));
	char *mdp = ds_test_join(out, "index.md");
	char *md = ds_test_read(mdp, NULL);
	assert_non_null(md);
	assert_non_null(strstr(md, "### aid\n\nSkipped: the data has no aid.csv.\n"));
	/* --render none: no image, but how to draw the charts. */
	assert_null(strstr(md, "](ranking.png)"));
	assert_non_null(strstr(md, "`gnuplot ranking.gp`"));
	assert_non_null(strstr(md, "| Rank |"));
	free(md);
	free(mdp);
	ds_run_free(&r);
	free(out);
	free(aid);
	free(data);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * A member without a figure (Iceland publishes none) in a chart's series:
 * the chart says so in words, and none of gnuplot's warnings ("no valid
 * points") reaches the user.
 */
static void test_empty_series(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	static const char *const charts[] = { "real", "trend" };
	for (size_t i = 0; i < 2; i++) {
		struct ds_run r;
		const char *args[] = {
			"--data", ds_test_path("data"), "plot", charts[i], "ISL", "POL", "--out",
			dir,      "--render",           "png",  NULL
		};
		assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.err, "");
		char png[32], gp[32];
		snprintf(png, sizeof png, "%s.png", charts[i]);
		snprintf(gp, sizeof gp, "%s.gp", charts[i]);
		assert_true(valid_image(dir, png));
		char *p = ds_test_join(dir, gp);
		char *script = ds_test_read(p, NULL);
		assert_non_null(script);
		/* In the image: the key or the panel names the member without a figure. */
		assert_non_null(strstr(script, i == 0 ? "title ('Iceland' . ': no figure')"
						      : "ds_end[1] = 'no figure'"));
		free(script);
		free(p);
		ds_run_free(&r);
	}
	ds_test_rmtree(dir);
	free(dir);
}

static void test_usage(void **state)
{
	(void)state;
	struct ds_run r;
	const char *args[] = { "--data", ds_test_path("data"), "plot", "pie", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_true(strncmp(r.err, "defspend: unknown chart 'pie'", 29) == 0);
	ds_run_free(&r);
	const char *bad[] = { "--data", ds_test_path("data"), "plot", "ranking", "--render", "gif",
			      NULL };
	assert_int_equal(ds_run(&r, bad, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, "unknown --render 'gif'"));
	ds_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_report), cmocka_unit_test(test_no_gnuplot),
		cmocka_unit_test(test_cannot_create),  cmocka_unit_test(test_report_without_aid),
		cmocka_unit_test(test_empty_series),   cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
