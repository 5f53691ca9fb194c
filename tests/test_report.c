/*
 * test_report.c - cmocka tests of the report writer on a small dataset:
 * what each table and chart became (written or skipped, and why), the
 * exact Markdown and HTML of the indexes around them, HTML escaping of the
 * names, the image format the indexes show, and failures that stop at the
 * right point leaving no temporary file.
 *
 * The dataset is a lone spending file of three members, one of whose names
 * is markup and one holds quotes; a lone file has no aid.csv, no macro.csv
 * and no releases, and these members include no United States, so the aid
 * table, the aid, per-capita, real, burden, aid-pct-gdp and revisions
 * charts are skipped.
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

#include "defspend/load.h"
#include "defspend/plot.h"
#include "defspend/report.h"
#include "defspend/threshold.h"
#include "helpers.h"
#include "report_priv.h"

struct fixture {
	char *dir, *out;
	struct ds_dataset *ds;
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	struct ds_report_opts o;
	struct ds_report rep;
	struct ds_errors err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = ds_test_tmpdir();
	char *csv = ds_test_join(f->dir, "small.csv");
	assert_int_equal(
		ds_test_write(csv,
			      "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,"
			      "source\n"
			      "AAA,Alpha & <b>Co</b>,2023,2.10,,100,0,x,s\n"
			      "AAA,Alpha & <b>Co</b>,2024,2.50,,100,1,x,s\n"
			      "BBB,\"it's \"\"q\"\"\",2024,1.50,,100,0,x,s\n"
			      "CCC,Gamma,2023,3.40,,200,0,x,s\n"
			      "CCC,Gamma,2024,3.60,,200,0,x,s\n",
			      (size_t)-1),
		0);
	ds_errors_init(&f->err);
	assert_int_equal(ds_dataset_load(csv, NULL, &f->ds, &f->err), DS_OK);
	free(csv);
	char msg[64];
	size_t n;
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", f->th, DS_MAX_THRESHOLDS, &n, msg, sizeof msg),
		0);
	f->o.chart.thresholds = f->th;
	f->o.chart.nthresholds = n;
	f->o.formats = DS_RENDER_PNG | DS_RENDER_SVG;
	f->out = ds_test_join(f->dir, "out/sub");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_errors_release(&f->err);
	ds_dataset_free(f->ds);
	ds_test_rmtree(f->dir);
	free(f->out);
	free(f->dir);
	free(f);
	return 0;
}

/* DIR/NAME's content (caller frees), or NULL when it does not exist. */
static char *slurp(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	char *s = ds_test_read(p, NULL);
	free(p);
	return s;
}

/* How many names in dir start with a dot other than . and .. (temporary files). */
static size_t hidden_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		     strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void test_result(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_OK);
	assert_int_equal(ds_errors_count(&f->err), 0);
	static const char *const tables[] = { "list",    "compare", "crossings", "first_crossings",
					      "trend",   "dollars", "aid",       "spending",
					      "alliance" };
	assert_int_equal(f->rep.ntables, DS_REPORT_NTABLES);
	for (size_t i = 0; i < DS_REPORT_NTABLES; i++) {
		assert_string_equal(f->rep.tables[i].name, tables[i]);
		if (i != 6)
			assert_null(f->rep.tables[i].skip);
	}
	assert_string_equal(f->rep.tables[6].skip, "the data has no aid.csv");
	assert_int_equal(f->rep.ncharts, DS_NCHARTS);
	assert_string_equal(f->rep.charts[DS_CHART_AID].skip, "the data has no aid.csv");
	assert_string_equal(f->rep.charts[DS_CHART_REVISIONS].skip,
			    "the data lists fewer than two releases");
	assert_string_equal(f->rep.charts[DS_CHART_PER_CAPITA].skip, "the data has no macro.csv");
	assert_string_equal(f->rep.charts[DS_CHART_REAL].skip, "the data has no macro.csv");
	assert_string_equal(f->rep.charts[DS_CHART_BURDEN].skip,
			    "the data has no United States (USA)");
	assert_string_equal(f->rep.charts[DS_CHART_AID_PCT_GDP].skip, "the data has no aid.csv");
	static const char *const drawn[] = { "ranking", "trend", "count", "gap", "path" };
	assert_int_equal(f->rep.ndrawn, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(f->rep.drawn[i], drawn[i]);
	/* Every file of what was written, and none of what was skipped. */
	static const char *const files[] = { "list.md",     "list.csv",     "dollars.csv",
					     "trend.md",    "path.gp",      "path.dat",
					     "index.md",    "index.html",   "spending.csv",
					     "spending.md", "alliance.csv", "alliance.md" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *s = slurp(f->out, files[i]);
		assert_non_null(s);
		free(s);
	}
	char *s = slurp(f->out, "aid.csv");
	assert_null(s);
	s = slurp(f->out, "revisions.gp");
	assert_null(s);
	assert_int_equal(hidden_files(f->out), 0);
}

static void test_markdown(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_OK);
	char *md = slurp(f->out, "index.md");
	assert_non_null(md);
	/* A headline in words and numbers from the data, then each chart with its finding. */
	assert_true(strncmp(md, "# NATO members' defence spending, ", 34) == 0);
	assert_non_null(strstr(md, " members have a figure in "));
	assert_non_null(strstr(md, "\n\n## Charts\n\n### Defence spending as % of GDP, "));
	const char *img = strstr(md, "![");
	assert_non_null(img);
	assert_non_null(strstr(img, "](ranking.png)\n\nShows every member's defence spending"));
	assert_non_null(
		strstr(md, "[SVG](ranking.svg) · [script](ranking.gp) · [data](ranking.dat)"));
	assert_non_null(strstr(md, "### burden\n\nSkipped: the data has no United States (USA)."
				   "\n\n### aid\n\nSkipped: the data has no aid.csv.\n\n"
				   "### aid-pct-gdp\n\nSkipped: the data has no aid.csv.\n\n"
				   "### Points "));
	assert_non_null(strstr(md, "### revisions\n\nSkipped: the data lists fewer than two "
				   "releases.\n\n## Tables\n\n"));
	assert_non_null(strstr(md, "### Ukraine aid by donor (aid)\n\nSkipped: the data has no "
				   "aid.csv.\n\n"));
	/* Each table is its own .md file, inline, after a link to its CSV. */
	char *list = slurp(f->out, "list.md");
	assert_non_null(list);
	const char *at = strstr(md, "### Members by % of GDP (list)\n\n[CSV](list.csv)\n\n");
	assert_non_null(at);
	at = strstr(at, "\n\n[CSV](list.csv)\n\n") + 19;
	assert_memory_equal(at, list, strlen(list));
	assert_true(strncmp(at + strlen(list), "\n### Members meeting", 20) == 0);
	/* People's headings and yes/no in Markdown; the CSV keeps the machine names. */
	assert_non_null(strstr(list, "Alpha &amp; &lt;b&gt;Co&lt;/b&gt;") != NULL ||
					strstr(list, "Alpha & <b>Co</b>") != NULL
				? list
				: NULL);
	assert_non_null(strstr(list, "| Rank | ISO code | Member "));
	assert_non_null(strstr(list, "Gap to 2% (points)"));
	assert_null(strstr(list, "gap_2_pp"));
	assert_null(strstr(list, "true"));
	char *csv = slurp(f->out, "list.csv");
	assert_non_null(csv);
	assert_true(strncmp(csv, "rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp", 56) ==
		    0);
	free(csv);
	free(list);
	/* A table with derived columns ends with what they are, in its file and the index. */
	char *sp = slurp(f->out, "spending.md");
	assert_non_null(sp);
	const char *note =
		strstr(sp, "|\n\nDerived, from NATO's % of GDP and IMF figures "
			   "(macro.csv): Spending ($ million) where Dollars from says "
			   "derived is % of GDP x IMF GDP in US dollars, an approximation");
	assert_non_null(note);
	static const char last[] = "Each is rounded once, at the precision shown.\n";
	assert_string_equal(note + strlen(note) - strlen(last), last);
	assert_non_null(strstr(md, sp));
	free(sp);
	free(md);
}

static void test_html(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_OK);
	char *html = slurp(f->out, "index.html");
	assert_non_null(html);
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=en>\n", 31) == 0);
	/* Readable on a phone, with no external resource. */
	assert_non_null(strstr(html, "<meta name=viewport content=\"width=device-width, "
				     "initial-scale=1\">"));
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "<h1>NATO members' defence spending, "));
	assert_non_null(strstr(html, "<ul class=facts>"));
	/* A figure: title in words, image with its finding as alt text, caption, links. */
	const char *fig =
		strstr(html, "<figure id=chart-ranking>\n<h3>Defence spending as % of GDP");
	assert_non_null(fig);
	assert_non_null(strstr(fig, "<div class=chart><a href=\"ranking.png\"><img "
				    "src=\"ranking.png\" alt=\""));
	assert_null(strstr(html, "alt=\"ranking chart\""));
	assert_non_null(strstr(fig, "<figcaption>Shows every member&#39;s defence spending"));
	assert_non_null(strstr(fig, "<a href=\"ranking.svg\">SVG (exact values on hover)</a> · <a "
				    "href=\"ranking.gp\">gnuplot script</a> · <a "
				    "href=\"ranking.dat\">data</a></figcaption>"));
	assert_non_null(strstr(html, "<h3>aid</h3>\n<p class=skip>Skipped: the data has no "
				     "aid.csv.</p>\n"));
	/* A wide table scrolls in its own box, with people's headings. */
	assert_non_null(strstr(html, "<h3>Members by % of GDP (list)</h3>\n<p><a "
				     "href=\"list.csv\">CSV</a> (machine column names)</p>\n"
				     "<div class=scroll>\n<table>\n<tr><th class=n>Rank</th>"));
	assert_non_null(strstr(html, "<th class=n>Gap to 2% (points)</th>"));
	assert_null(strstr(html, ">true<"));
	/* The names from the data, escaped; numbers classed for alignment. */
	assert_non_null(strstr(html, "<td>Alpha &amp; &lt;b&gt;Co&lt;/b&gt;</td>"));
	assert_non_null(strstr(html, "<td>it&#39;s &quot;q&quot;</td>"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "<td class=n>3.60</td>"));
	assert_non_null(strstr(html, "<h3>Ukraine aid by donor (aid)</h3>\n<p class=skip>Skipped: "
				     "the data has no aid.csv.</p>\n"));
	/* The money tables come last, with headings a person reads. */
	assert_non_null(strstr(html, "<h3>The alliance in US dollars (spending --alliance)</h3>"));
	assert_non_null(strstr(html, ">Per person ($)</th>"));
	/* Under each table with derived columns, what they are. */
	assert_non_null(strstr(html, "</table>\n</div>\n<p class=note>Derived, from NATO&#39;s % "
				     "of GDP and IMF figures (macro.csv): Spending ($ million)"));
	assert_non_null(strstr(html, "</div>\n<p class=note>Derived: each Gap ($ million) is "));
	const char *end = "</table>\n</div>\n<p class=note>Derived: sums in millions of US "
			  "dollars of NATO&#39;s published figure where there is one, else % of "
			  "GDP x IMF GDP (an approximation); a year&#39;s totals and US share are "
			  "given only when every member with a figure in the release has dollars "
			  "(Members without dollars counts those missing).</p>\n</main>\n</body>\n"
			  "</html>\n";
	assert_string_equal(html + strlen(html) - strlen(end), end);
	free(html);
}

/* Only SVG rendered: the indexes show the SVG images. */
static void test_svg_only(void **state)
{
	struct fixture *f = *state;
	f->o.formats = DS_RENDER_SVG;
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_OK);
	char *md = slurp(f->out, "index.md");
	char *html = slurp(f->out, "index.html");
	assert_non_null(md);
	assert_non_null(html);
	assert_non_null(strstr(md, "](gap.svg)"));
	assert_null(strstr(md, ".png"));
	assert_non_null(strstr(html, "<img src=\"gap.svg\""));
	free(md);
	free(html);
}

/* Nothing rendered: no image at all (never a broken one), and the page says how to draw them. */
static void test_not_rendered(void **state)
{
	struct fixture *f = *state;
	f->o.formats = 0;
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_OK);
	char *md = slurp(f->out, "index.md");
	char *html = slurp(f->out, "index.html");
	assert_non_null(md);
	assert_non_null(html);
	assert_null(strstr(html, "<img"));
	assert_null(strstr(md, "!["));
	assert_null(strstr(html, ".svg"));
	assert_non_null(strstr(html, "<p class=todo>Not drawn: "));
	assert_non_null(strstr(html, "gnuplot-nox"));
	assert_non_null(strstr(html, "<code>gnuplot ranking.gp</code>"));
	assert_non_null(strstr(html, "<a href=\"ranking.gp\">gnuplot script</a>"));
	assert_non_null(strstr(md, "`gnuplot ranking.gp`"));
	free(md);
	free(html);
}

/* The headings a person reads, for every table's machine names. */
static void test_column_titles(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "gap_2_pp", "Gap to 2% (points)" },
		{ "gap_3.5_usd_m", "Gap to 3.5% ($ million)" },
		{ "meets_5", "Meets 5%" },
		{ "on_track_3.5", "On track for 3.5%" },
		{ "pct_gdp", "% of GDP" },
		{ "iso3", "ISO code" },
		{ "share_pct", "Share of all donors (%)" },
		{ "per_capita_usd", "Per person ($)" },
		{ "total_pct_gdp", "Aid as % of donor GDP (Kiel)" },
		{ "per_member_x", "Per member x" },
		{ "gap_x_pp", "Gap x pp" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[160];
		ds_report_column_title(cases[i][0], buf, sizeof buf);
		assert_string_equal(buf, cases[i][1]);
	}
}

/* The directory cannot be made: the tables were built (and the skip noted), nothing written. */
static void test_no_directory(void **state)
{
	struct fixture *f = *state;
	char *file = ds_test_join(f->dir, "file");
	assert_int_equal(ds_test_write(file, "x", 1), 0);
	char *out = ds_test_join(file, "out");
	assert_int_equal(ds_report_write(f->ds, &f->o, out, &f->rep, &f->err), DS_ECANTCREAT);
	assert_true(strncmp(f->err.v[0].msg, "cannot create directory '", 25) == 0);
	assert_int_equal(f->rep.ntables, DS_REPORT_NTABLES);
	assert_string_equal(f->rep.tables[6].skip, "the data has no aid.csv");
	assert_int_equal(f->rep.ncharts, 0);
	assert_int_equal(f->rep.ndrawn, 0);
	free(out);
	free(file);
}

/* index.html cannot be written: everything before it is, index.md is not, no temporary file. */
static void test_index_fails(void **state)
{
	struct fixture *f = *state;
	char *blocker = ds_test_join(f->out, "index.html");
	assert_int_equal(ds_plot_mkdir(f->out, &f->err), DS_OK);
	assert_int_equal(mkdir(blocker, 0755), 0);
	assert_int_equal(ds_report_write(f->ds, &f->o, f->out, &f->rep, &f->err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&f->err), 1);
	assert_true(strncmp(f->err.v[0].msg, "cannot write in '", 17) == 0);
	assert_int_equal(f->rep.ncharts, DS_NCHARTS);
	assert_int_equal(f->rep.ndrawn, 5);
	char *s = slurp(f->out, "path.gp");
	assert_non_null(s);
	free(s);
	s = slurp(f->out, "index.md");
	assert_null(s);
	assert_int_equal(hidden_files(f->out), 0);
	assert_int_equal(rmdir(blocker), 0);
	free(blocker);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_rendered, setup, teardown),
		cmocka_unit_test(test_column_titles),
		cmocka_unit_test_setup_teardown(test_no_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_fails, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
