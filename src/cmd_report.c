/*
 * cmd_report.c - `defspend report [--out DIR] [--render png,svg|none]`:
 * every table of the query commands (Markdown and CSV) and every chart of
 * the data, with index.md and index.html that show them together and open
 * from disk.
 *
 * All charts are written first and then rendered by ONE gnuplot process
 * (starting gnuplot costs more than drawing a chart).  A chart or table
 * whose data is absent (no aid.csv, fewer than two releases) is skipped with
 * a note in both indexes and on stderr; the report still succeeds.  Every
 * text from the data that reaches index.html is HTML-escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "defspend/chart.h"
#include "defspend/plot.h"
#include "defspend/query.h"
#include "defspend/safefile.h"
#include "defspend/util.h"

struct rtable {
	const char *name, *title;
	struct ds_table *t;
	const char *skip;
};

struct rchart {
	const char *name;
	const char *skip;
};

/* Opens DIR/NAME to be replaced atomically; errno set on failure. */
static int open_in(struct ds_atomic *a, const char *dir, const char *name)
{
	char *path = ds_path_join(dir, name);
	int rc = path != NULL ? ds_atomic_open(a, path, 0, NULL) : DS_ENOMEM;
	free(path);
	return rc;
}

/* Writes DIR/NAME.md and DIR/NAME.csv of one table. */
static int write_table_files(const char *dir, const struct rtable *rt)
{
	static const enum ds_format fmts[2] = { DS_FORMAT_MD, DS_FORMAT_CSV };
	static const char *const ext[2] = { ".md", ".csv" };
	for (int k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s", rt->name, ext[k]);
		struct ds_atomic f;
		if (open_in(&f, dir, name) != DS_OK) {
			ds_cli_warn("cannot write in '%s'", dir);
			return DS_ECANTCREAT;
		}
		int bad = ds_table_write(rt->t, fmts[k], NULL, f.f) != 0;
		if (bad)
			ds_atomic_abort(&f);
		if (bad || ds_atomic_commit(&f, NULL) != DS_OK) {
			ds_cli_warn("cannot write '%s/%s'", dir, name);
			return DS_EIO;
		}
	}
	return DS_OK;
}

/* Writes s HTML-escaped; a failure shows in the stream's error flag. */
static void html_escape(struct ds_atomic *f, const char *s)
{
	if (f->f != NULL)
		(void)ds_table_html_escape(f->f, s);
}

/* Writes t in format fmt into f; a failure marks *bad. */
static void put_table(struct ds_atomic *f, const struct ds_table *t, enum ds_format fmt, int *bad)
{
	if (f->f != NULL && ds_table_write(t, fmt, NULL, f->f) != 0)
		*bad = 1;
}

/* Commits f, or removes it when bad; 0 or -1. */
static int finish(struct ds_atomic *f, int bad)
{
	if (bad) {
		ds_atomic_abort(f);
		return -1;
	}
	return ds_atomic_commit(f, NULL) == DS_OK ? 0 : -1;
}

static int write_indexes(const char *dir, const struct ds_dataset *ds, const struct rtable *tables,
			 size_t nt, const struct rchart *charts, size_t nc, unsigned formats)
{
	struct ds_atomic md, html;
	int md_bad = 0, html_bad = 0;
	if (open_in(&md, dir, "index.md") != DS_OK) {
		ds_cli_warn("cannot write in '%s'", dir);
		return DS_ECANTCREAT;
	}
	if (open_in(&html, dir, "index.html") != DS_OK) {
		ds_atomic_abort(&md);
		ds_cli_warn("cannot write in '%s'", dir);
		return DS_ECANTCREAT;
	}
	const char *rel = ds->spending->id ? ds->spending->id : "";
	const char *img = (formats & DS_RENDER_PNG) || formats == 0 ? "png" : "svg";
	ds_atomic_printf(&md, "# defspend report\n\nRelease: `");
	ds_atomic_printf(&md, "%s", rel);
	ds_atomic_printf(&md, "`. Each table is also in CSV; each chart has its gnuplot script "
			      "(`NAME.gp`) and data (`NAME.dat`).\n\n## Charts\n\n");
	ds_atomic_printf(&html,
			 "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
			 "<title>defspend report</title>\n<style>\n"
			 "body{font-family:sans-serif;max-width:1150px;margin:auto;padding:1em}\n"
			 "table{border-collapse:collapse;font-size:90%%;margin-bottom:2em}\n"
			 "td,th{border:1px solid #ccc;padding:2px 6px}td.n{text-align:right}\n"
			 "img{max-width:100%%;border:1px solid #eee}\n.skip{color:#a33}\n"
			 "</style>\n</head>\n<body>\n<h1>defspend report</h1>\n<p>Release: ");
	html_escape(&html, rel);
	ds_atomic_printf(&html, ". Each table is also in CSV; each chart has its gnuplot script "
				"and data beside it.</p>\n<h2>Charts</h2>\n");
	for (size_t i = 0; i < nc; i++) {
		const char *n = charts[i].name;
		if (charts[i].skip != NULL) {
			ds_atomic_printf(&md, "### %s\n\nSkipped: %s.\n\n", n, charts[i].skip);
			ds_atomic_printf(&html, "<h3>%s</h3>\n<p class=skip>Skipped: ", n);
			html_escape(&html, charts[i].skip);
			ds_atomic_printf(&html, ".</p>\n");
			continue;
		}
		ds_atomic_printf(&md,
				 "### %s\n\n![%s](%s.%s)\n\n[SVG](%s.svg) · [script](%s.gp) · "
				 "[data](%s.dat)\n\n",
				 n, n, n, img, n, n, n);
		ds_atomic_printf(&html,
				 "<h3>%s</h3>\n<p><img src=\"%s.%s\" alt=\"%s chart\"></p>\n"
				 "<p><a href=\"%s.svg\">SVG</a> · <a href=\"%s.gp\">script</a> · "
				 "<a href=\"%s.dat\">data</a></p>\n",
				 n, n, img, n, n, n, n);
	}
	ds_atomic_printf(&md, "## Tables\n\n");
	ds_atomic_printf(&html, "<h2>Tables</h2>\n");
	for (size_t i = 0; i < nt; i++) {
		ds_atomic_printf(&md, "### %s\n\n", tables[i].title);
		ds_atomic_printf(&html, "<h3>%s</h3>\n", tables[i].title);
		if (tables[i].t == NULL) {
			ds_atomic_printf(&md, "Skipped: %s.\n\n", tables[i].skip);
			ds_atomic_printf(&html, "<p class=skip>Skipped: ");
			html_escape(&html, tables[i].skip);
			ds_atomic_printf(&html, ".</p>\n");
			continue;
		}
		ds_atomic_printf(&md, "[CSV](%s.csv)\n\n", tables[i].name);
		put_table(&md, tables[i].t, DS_FORMAT_MD, &md_bad);
		ds_atomic_printf(&md, "\n");
		ds_atomic_printf(&html, "<p><a href=\"%s.csv\">CSV</a></p>\n", tables[i].name);
		put_table(&html, tables[i].t, DS_FORMAT_HTML, &html_bad);
	}
	ds_atomic_printf(&html, "</body>\n</html>\n");
	int a = finish(&md, md_bad);
	int b = finish(&html, html_bad);
	if (a != 0 || b != 0) {
		ds_cli_warn("cannot write the indexes in '%s'", dir);
		return DS_EIO;
	}
	return DS_OK;
}

/* Builds every query table; a missing input skips one, other failures stop. */
static int build_tables(const struct ds_cli *cli, struct ds_dataset *ds, struct ds_calc *calc,
			struct rtable *t)
{
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_query_list(calc, cli->year, DS_SORT_PCT, &t[0].t, &err);
	if (rc == DS_OK)
		rc = ds_query_compare(calc, 0, 0, &t[1].t, &err);
	if (rc == DS_OK)
		rc = ds_query_crossings(calc, 0, 0, &t[2].t, &err);
	if (rc == DS_OK)
		rc = ds_query_trend(calc, NULL, 0, 0, 0, &t[3].t, &err);
	if (rc == DS_OK)
		rc = ds_query_dollars(calc, 0, 0, &t[4].t, &err);
	if (rc == DS_OK) {
		rc = ds_query_aid(ds, DS_AID_SORT_TOTAL, (size_t)-1, &t[5].t, &err);
		if (rc == DS_ENOINPUT) {
			t[5].skip = "the data has no aid.csv";
			ds_cli_warn("table 'aid' skipped: %s", t[5].skip);
			rc = DS_OK;
			ds_errors_release(&err);
			ds_errors_init(&err);
		}
	}
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	return rc;
}

int cmd_report(struct ds_cli *cli)
{
	const char *dir;
	unsigned formats;
	int rc = ds_cli_take_output(cli, &dir, &formats);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 0)
		return ds_cli_usage(cli, "too many arguments");
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	struct rtable tables[] = {
		{ "list", "Members by % of GDP (list)", NULL, NULL },
		{ "compare", "Members meeting each threshold, by year (compare)", NULL, NULL },
		{ "crossings", "Members crossing a threshold (compare)", NULL, NULL },
		{ "trend", "Trend of every member (trend)", NULL, NULL },
		{ "dollars", "The dollar view, by year", NULL, NULL },
		{ "aid", "Ukraine aid by donor (aid)", NULL, NULL },
	};
	const size_t nt = sizeof tables / sizeof tables[0];
	struct rchart charts[DS_NCHARTS];
	const char *names[DS_NCHARTS];
	size_t nnames = 0;
	struct ds_calc calc;
	if ((rc = ds_calc_init(&calc, ds, ds->spending, cli->thresholds, cli->nthresholds, 0, 0)) !=
	    DS_OK)
		goto out;
	if ((rc = build_tables(cli, ds, &calc, tables)) != DS_OK)
		goto out;
	if ((rc = ds_cli_out_dir(dir)) != DS_OK)
		goto out;
	for (size_t i = 0; i < nt && rc == DS_OK; i++)
		if (tables[i].t != NULL)
			rc = write_table_files(dir, &tables[i]);
	struct ds_chart_opts o;
	ds_cli_chart_opts(cli, &o);
	for (int i = 0; i < DS_NCHARTS && rc == DS_OK; i++) {
		struct ds_errors err;
		ds_errors_init(&err);
		charts[i].name = ds_chart_name((enum ds_chart)i);
		charts[i].skip = NULL;
		rc = ds_chart_write(ds, (enum ds_chart)i, &o, dir, &charts[i].skip, &err);
		if (rc == DS_ENOINPUT && charts[i].skip != NULL) {
			ds_cli_warn("chart '%s' skipped: %s", charts[i].name, charts[i].skip);
			rc = DS_OK;
		} else if (rc != DS_OK) {
			rc = ds_cli_report(&err);
		} else {
			names[nnames++] = charts[i].name;
		}
		ds_errors_release(&err);
	}
	if (rc != DS_OK)
		goto out;
	if ((rc = write_indexes(dir, ds, tables, nt, charts, DS_NCHARTS, formats)) != DS_OK)
		goto out;
	rc = ds_cli_render(dir, names, nnames, formats);
	if (rc == DS_OK)
		printf("%s/index.html\n%s/index.md\n", dir, dir);
out:
	for (size_t i = 0; i < nt; i++)
		ds_table_free(tables[i].t);
	ds_dataset_free(ds);
	return rc;
}
