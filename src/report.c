/*
 * report.c - the report writer (report.h): the query tables as Markdown and
 * CSV, the charts' scripts and data, and the two indexes.
 *
 * The order is that of the command it serves: build every table (a
 * missing input skips one, any other failure stops), make the directory,
 * write the tables' files, write each chart (a chart without its data is
 * skipped), then the indexes, which list everything with its skip note.
 * Nothing is rendered here: all charts are drawn afterwards by one gnuplot,
 * because starting gnuplot costs more than drawing a chart.
 *
 * Every file goes through ds_atomic (safefile.h).  The HTML of a table is
 * the table module's HTML format, and the few texts from the data in the
 * page around it (the release, skip notes) go through the same escaping,
 * ds_table_html_escape().  Chart names, titles and the other markup are the
 * tool's own text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/calc.h"
#include "defspend/plot.h"
#include "defspend/query.h"
#include "defspend/report.h"
#include "defspend/safefile.h"
#include "defspend/table.h"
#include "defspend/util.h"

/* Builds one table into *t; DS_ENOINPUT when its input is absent. */
typedef int (*build_fn)(const struct ds_calc *c, int year, struct ds_table **t,
			struct ds_errors *err);

static int build_list(const struct ds_calc *c, int year, struct ds_table **t, struct ds_errors *err)
{
	return ds_query_list(c, year, DS_SORT_PCT, t, err);
}

static int build_compare(const struct ds_calc *c, int year, struct ds_table **t,
			 struct ds_errors *err)
{
	(void)year;
	return ds_query_compare(c, 0, 0, t, err);
}

static int build_crossings(const struct ds_calc *c, int year, struct ds_table **t,
			   struct ds_errors *err)
{
	(void)year;
	return ds_query_crossings(c, 0, 0, t, err);
}

static int build_trend(const struct ds_calc *c, int year, struct ds_table **t,
		       struct ds_errors *err)
{
	(void)year;
	return ds_query_trend(c, NULL, 0, 0, 0, t, err);
}

static int build_dollars(const struct ds_calc *c, int year, struct ds_table **t,
			 struct ds_errors *err)
{
	(void)year;
	return ds_query_dollars(c, 0, 0, t, err);
}

static int build_aid(const struct ds_calc *c, int year, struct ds_table **t, struct ds_errors *err)
{
	(void)year;
	return ds_query_aid(c->ds, DS_AID_SORT_TOTAL, (size_t)-1, t, err);
}

/* The tables, in the order of the indexes; skip: the note when the input is absent. */
static const struct {
	const char *name, *title;
	build_fn build;
	const char *skip;
} tables[DS_REPORT_NTABLES] = {
	{ "list", "Members by % of GDP (list)", build_list, NULL },
	{ "compare", "Members meeting each threshold, by year (compare)", build_compare, NULL },
	{ "crossings", "Members crossing a threshold (compare)", build_crossings, NULL },
	{ "trend", "Trend of every member (trend)", build_trend, NULL },
	{ "dollars", "The dollar view, by year", build_dollars, NULL },
	{ "aid", "Ukraine aid by donor (aid)", build_aid, "the data has no aid.csv" },
};

/* Adds every diagnostic kept in from to to, with from's status; returns it. */
static int forward(struct ds_errors *to, const struct ds_errors *from)
{
	int status = ds_errors_status(from) ? ds_errors_status(from) : DS_ESOFTWARE;
	for (size_t i = 0; i < from->n; i++)
		ds_errors_add(to, status, from->v[i].file, from->v[i].line, from->v[i].column, "%s",
			      from->v[i].msg);
	return status;
}

/*
 * Builds every table into t[].  A table whose input is absent is skipped
 * with its note (and the query's own complaint dropped); any other failure
 * stops, with the query's diagnostics in err.
 */
static int build_tables(const struct ds_calc *calc, int year, struct ds_table **t,
			struct ds_report *rep, struct ds_errors *err)
{
	for (size_t i = 0; i < DS_REPORT_NTABLES; i++) {
		struct ds_errors e;
		ds_errors_init(&e);
		int rc = tables[i].build(calc, year, &t[i], &e);
		if (rc == DS_ENOINPUT && tables[i].skip != NULL) {
			rep->tables[i].skip = tables[i].skip;
			rc = DS_OK;
		} else if (rc != DS_OK) {
			forward(err, &e);
		}
		ds_errors_release(&e);
		if (rc != DS_OK)
			return rc;
		rep->tables[i].name = tables[i].name;
		rep->ntables = i + 1;
	}
	return DS_OK;
}

/* Opens DIR/NAME to be replaced atomically; errno says why it could not. */
static int open_in(struct ds_atomic *a, const char *dir, const char *name)
{
	char *path = ds_path_join(dir, name);
	if (path == NULL) {
		errno = ENOMEM;
		return DS_ENOMEM;
	}
	int rc = ds_atomic_open(a, path, 0, NULL);
	free(path);
	return rc;
}

/* Commits a, or removes it when bad (a write that ds_atomic did not see failed). */
static int finish(struct ds_atomic *a, int bad)
{
	if (bad) {
		ds_atomic_abort(a);
		return DS_EIO;
	}
	return ds_atomic_commit(a, NULL);
}

/* Writes DIR/NAME.md and DIR/NAME.csv of one table. */
static int write_table_files(const char *dir, const char *stem, const struct ds_table *t,
			     struct ds_errors *err)
{
	static const enum ds_format fmts[2] = { DS_FORMAT_MD, DS_FORMAT_CSV };
	static const char *const ext[2] = { ".md", ".csv" };
	for (int k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s", stem, ext[k]);
		struct ds_atomic f;
		if (open_in(&f, dir, name) != DS_OK)
			return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s'",
					     dir);
		if (finish(&f, ds_table_write(t, fmts[k], NULL, f.f) != 0) != DS_OK)
			return ds_errors_add(err, DS_EIO, NULL, 0, 0, "cannot write '%s/%s'", dir,
					     name);
	}
	return DS_OK;
}

/* Writes the charts in registry order; a chart without its data is skipped with its note. */
static int write_charts(struct ds_dataset *ds, const struct ds_chart_opts *o, const char *dir,
			struct ds_report *rep, struct ds_errors *err)
{
	for (int i = 0; i < DS_NCHARTS; i++) {
		struct ds_report_item *it = &rep->charts[i];
		it->name = ds_chart_name((enum ds_chart)i);
		it->skip = NULL;
		rep->ncharts = (size_t)i + 1;
		int rc = ds_chart_write(ds, (enum ds_chart)i, o, dir, &it->skip, err);
		if (rc == DS_ENOINPUT && it->skip != NULL)
			continue;
		if (rc != DS_OK)
			return rc;
		rep->drawn[rep->ndrawn++] = it->name;
	}
	return DS_OK;
}

/* Writes text HTML-escaped; a failure shows in the stream's error flag. */
static void html_text(struct ds_atomic *a, const char *text)
{
	if (a->f != NULL)
		(void)ds_table_html_escape(a->f, text);
}

/* Writes t in format fmt; a failure (out of memory included) sets *bad. */
static void put_table(struct ds_atomic *a, const struct ds_table *t, enum ds_format fmt, int *bad)
{
	if (a->f != NULL && ds_table_write(t, fmt, NULL, a->f) != 0)
		*bad = 1;
}

static void index_head(struct ds_atomic *md, struct ds_atomic *html, const char *rel)
{
	ds_atomic_printf(md, "# defspend report\n\nRelease: `");
	ds_atomic_printf(md, "%s", rel);
	ds_atomic_printf(md, "`. Each table is also in CSV; each chart has its gnuplot script "
			     "(`NAME.gp`) and data (`NAME.dat`).\n\n## Charts\n\n");
	ds_atomic_printf(html,
			 "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
			 "<title>defspend report</title>\n<style>\n"
			 "body{font-family:sans-serif;max-width:1150px;margin:auto;padding:1em}\n"
			 "table{border-collapse:collapse;font-size:90%%;margin-bottom:2em}\n"
			 "td,th{border:1px solid #ccc;padding:2px 6px}td.n{text-align:right}\n"
			 "img{max-width:100%%;border:1px solid #eee}\n.skip{color:#a33}\n"
			 "</style>\n</head>\n<body>\n<h1>defspend report</h1>\n<p>Release: ");
	html_text(html, rel);
	ds_atomic_printf(html, ". Each table is also in CSV; each chart has its gnuplot script "
			       "and data beside it.</p>\n<h2>Charts</h2>\n");
}

static void index_charts(struct ds_atomic *md, struct ds_atomic *html, const struct ds_report *rep,
			 const char *img)
{
	for (size_t i = 0; i < rep->ncharts; i++) {
		const char *n = rep->charts[i].name;
		if (rep->charts[i].skip != NULL) {
			ds_atomic_printf(md, "### %s\n\nSkipped: %s.\n\n", n, rep->charts[i].skip);
			ds_atomic_printf(html, "<h3>%s</h3>\n<p class=skip>Skipped: ", n);
			html_text(html, rep->charts[i].skip);
			ds_atomic_printf(html, ".</p>\n");
			continue;
		}
		ds_atomic_printf(md,
				 "### %s\n\n![%s](%s.%s)\n\n[SVG](%s.svg) · [script](%s.gp) · "
				 "[data](%s.dat)\n\n",
				 n, n, n, img, n, n, n);
		ds_atomic_printf(html,
				 "<h3>%s</h3>\n<p><img src=\"%s.%s\" alt=\"%s chart\"></p>\n"
				 "<p><a href=\"%s.svg\">SVG</a> · <a href=\"%s.gp\">script</a> · "
				 "<a href=\"%s.dat\">data</a></p>\n",
				 n, n, img, n, n, n, n);
	}
}

static void index_tables(struct ds_atomic *md, struct ds_atomic *html, const struct ds_report *rep,
			 struct ds_table *const *t, int *md_bad, int *html_bad)
{
	ds_atomic_printf(md, "## Tables\n\n");
	ds_atomic_printf(html, "<h2>Tables</h2>\n");
	for (size_t i = 0; i < rep->ntables; i++) {
		ds_atomic_printf(md, "### %s\n\n", tables[i].title);
		ds_atomic_printf(html, "<h3>%s</h3>\n", tables[i].title);
		if (t[i] == NULL) {
			ds_atomic_printf(md, "Skipped: %s.\n\n", rep->tables[i].skip);
			ds_atomic_printf(html, "<p class=skip>Skipped: ");
			html_text(html, rep->tables[i].skip);
			ds_atomic_printf(html, ".</p>\n");
			continue;
		}
		ds_atomic_printf(md, "[CSV](%s.csv)\n\n", tables[i].name);
		put_table(md, t[i], DS_FORMAT_MD, md_bad);
		ds_atomic_printf(md, "\n");
		ds_atomic_printf(html, "<p><a href=\"%s.csv\">CSV</a></p>\n", tables[i].name);
		put_table(html, t[i], DS_FORMAT_HTML, html_bad);
	}
	ds_atomic_printf(html, "</body>\n</html>\n");
}

/* Writes index.md and index.html; both are committed, or the failure is said once. */
static int write_indexes(const char *dir, const struct ds_dataset *ds, const struct ds_report *rep,
			 struct ds_table *const *t, unsigned formats, struct ds_errors *err)
{
	struct ds_atomic md, html;
	int md_bad = 0, html_bad = 0;
	if (open_in(&md, dir, "index.md") != DS_OK)
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s'", dir);
	if (open_in(&html, dir, "index.html") != DS_OK) {
		ds_atomic_abort(&md);
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s'", dir);
	}
	const char *rel = ds->spending->id ? ds->spending->id : "";
	const char *img = (formats & DS_RENDER_PNG) || formats == 0 ? "png" : "svg";
	index_head(&md, &html, rel);
	index_charts(&md, &html, rep, img);
	index_tables(&md, &html, rep, t, &md_bad, &html_bad);
	int a = finish(&md, md_bad);
	int b = finish(&html, html_bad);
	if (a != DS_OK || b != DS_OK)
		return ds_errors_add(err, DS_EIO, NULL, 0, 0, "cannot write the indexes in '%s'",
				     dir);
	return DS_OK;
}

int ds_report_write(struct ds_dataset *ds, const struct ds_report_opts *o, const char *dir,
		    struct ds_report *rep, struct ds_errors *err)
{
	struct ds_table *t[DS_REPORT_NTABLES] = { NULL };
	struct ds_calc calc;
	memset(rep, 0, sizeof *rep);
	int rc = ds_calc_init(&calc, ds, ds->spending, o->chart.thresholds, o->chart.nthresholds, 0,
			      0);
	if (rc != DS_OK)
		return ds_errors_add(err, rc, NULL, 0, 0, "bad thresholds");
	if ((rc = build_tables(&calc, o->chart.year, t, rep, err)) != DS_OK)
		goto out;
	if ((rc = ds_plot_mkdir(dir, err)) != DS_OK)
		goto out;
	for (size_t i = 0; i < DS_REPORT_NTABLES && rc == DS_OK; i++)
		if (t[i] != NULL)
			rc = write_table_files(dir, tables[i].name, t[i], err);
	if (rc == DS_OK)
		rc = write_charts(ds, &o->chart, dir, rep, err);
	if (rc == DS_OK)
		rc = write_indexes(dir, ds, rep, t, o->formats, err);
out:
	for (size_t i = 0; i < DS_REPORT_NTABLES; i++)
		ds_table_free(t[i]);
	return rc;
}
