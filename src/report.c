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
 * Every file goes through ds_atomic (safefile.h).  The indexes, the page a
 * reader opens, are report_index.c's.
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
#include "report_priv.h"

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

static int build_first_crossings(const struct ds_calc *c, int year, struct ds_table **t,
				 struct ds_errors *err)
{
	(void)year;
	return ds_query_first_crossings(c, 0, 0, t, err);
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
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	o.total = 1;
	return ds_query_aid(c->ds, &o, t, err);
}

static int build_spending(const struct ds_calc *c, int year, struct ds_table **t,
			  struct ds_errors *err)
{
	return ds_query_spending(c, NULL, 0, year, year, t, err);
}

static int build_alliance(const struct ds_calc *c, int year, struct ds_table **t,
			  struct ds_errors *err)
{
	(void)year;
	return ds_query_alliance(c, 0, 0, t, err);
}

/*
 * The words under a table whose columns are derived rather than published:
 * what each derived column is, with the headings a reader sees (plain text:
 * written as it is into NAME.md, escaped into the indexes).
 */
static const char note_list[] =
	"Derived: each Gap ($ million) is the gap in points times the member's IMF GDP, "
	"an approximation (IMF GDP is not NATO's GDP). The % of GDP figures are NATO's.";
static const char note_dollars[] =
	"NATO total and Europe and Canada (% of GDP) are NATO's published aggregates. "
	"Derived: Those members (% of IMF GDP) and Europe and Canada ($ million) are sums "
	"over the members with a published dollar figure, given only when every member "
	"with a % figure has one.";
static const char note_aid[] =
	"Kiel Institute figures as published, not recomputed: allocations in billions of "
	"euros; Aid as % of donor GDP is Kiel's own ratio to the donor's GDP as Kiel "
	"defines it (not IMF GDP). Derived: Share of all donors (%) and the total row, "
	"sums over the rows shown.";
static const char note_spending[] =
	"Derived, from NATO's % of GDP and IMF figures (macro.csv): Spending ($ million) "
	"where Dollars from says derived is % of GDP x IMF GDP in US dollars, an "
	"approximation (IMF GDP is not NATO's; nato: NATO's published figure); Spending "
	"(million, national currency) is % of GDP x IMF GDP in national currency; Per "
	"person is the dollar spending over IMF population; Real change and Real terms "
	"are % of GDP x IMF GDP at constant prices, against the year before and 2014; "
	"Share of government spending is % of GDP over IMF general government "
	"expenditure (% of GDP). Each is rounded once, at the precision shown.";
static const char note_alliance[] =
	"Derived: sums in millions of US dollars of NATO's published figure where there "
	"is one, else % of GDP x IMF GDP (an approximation); a year's totals and US "
	"share are given only when every member with a figure in the release has "
	"dollars (Members without dollars counts those missing).";

/* The tables, in the order of the indexes; skip: the note when the input is absent. */
static const struct {
	const char *name, *title;
	build_fn build;
	const char *skip, *note;
} tables[DS_REPORT_NTABLES] = {
	{ "list", "Members by % of GDP (list)", build_list, NULL, note_list },
	{ "compare", "Members meeting each threshold, by year (compare)", build_compare, NULL,
	  NULL },
	{ "crossings", "Members crossing a threshold (compare)", build_crossings, NULL, NULL },
	{ "first_crossings", "Members reaching a threshold for the first time (compare)",
	  build_first_crossings, NULL, NULL },
	{ "trend", "Trend of every member (trend)", build_trend, NULL, NULL },
	{ "dollars", "The dollar view, by year", build_dollars, NULL, note_dollars },
	{ "aid", "Ukraine aid by donor (aid)", build_aid, "the data has no aid.csv", note_aid },
	{ "spending", "Spending in dollars, per person, in real terms (spending)", build_spending,
	  NULL, note_spending },
	{ "alliance", "The alliance in US dollars (spending --alliance)", build_alliance, NULL,
	  note_alliance },
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
/* Tells o's progress callback, if any, how far the report got. */
static void progress(const struct ds_report_opts *o, const char *stage, size_t done, size_t total)
{
	if (o->progress != NULL)
		o->progress(o->progress_arg, stage, done, total);
}

static int build_tables(const struct ds_report_opts *o, const struct ds_calc *calc, int year,
			struct ds_table **t, struct ds_report *rep, struct ds_errors *err)
{
	for (size_t i = 0; i < DS_REPORT_NTABLES; i++) {
		progress(o, "tables", i + 1, DS_REPORT_NTABLES);
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
		rep->tables[i].title = tables[i].title;
		rep->tables[i].note = tables[i].note;
		rep->ntables = i + 1;
	}
	return DS_OK;
}

int ds_report_open_in(struct ds_atomic *a, const char *dir, const char *name)
{
	char *path = ds_path_join(dir, name);
	if (path == NULL) {
		errno = ENOMEM;
		return DS_ENOMEM;
	}
	int rc = ds_atomic_open(a, path, DS_ATOMIC_NOFOLLOW, NULL);
	free(path);
	return rc;
}

int ds_report_finish(struct ds_atomic *a, int bad)
{
	if (bad) {
		/* errno: the stream's reason (ds_atomic_abort() keeps it). */
		if (errno == 0)
			errno = EIO;
		ds_atomic_abort(a);
		return DS_EIO;
	}
	return ds_atomic_commit(a, NULL);
}

/* Writes DIR/NAME.md (the table, then its note) and DIR/NAME.csv of one table. */
static int write_table_files(const char *dir, const char *stem, const char *note,
			     const struct ds_table *t, struct ds_errors *err)
{
	static const enum ds_format fmts[2] = { DS_FORMAT_MD, DS_FORMAT_CSV };
	static const char *const ext[2] = { ".md", ".csv" };
	for (int k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s", stem, ext[k]);
		struct ds_atomic f;
		/* Markdown is read by people: their headings; the CSV keeps the machine names. */
		struct ds_table *h = fmts[k] == DS_FORMAT_MD ? ds_report_humanize(t) : NULL;
		if (fmts[k] == DS_FORMAT_MD && h == NULL)
			return ds_errors_nomem(err, NULL);
		if (ds_report_open_in(&f, dir, name) != DS_OK) {
			int e = errno;
			ds_table_free(h);
			return ds_errors_add(err, e == ENOSPC ? DS_EIO : DS_ECANTCREAT, NULL, 0, 0,
					     "cannot write in '%s': %s", dir, strerror(e));
		}
		int bad = ds_table_write(h != NULL ? h : t, fmts[k], NULL, f.f) != 0;
		if (fmts[k] == DS_FORMAT_MD && note != NULL && fprintf(f.f, "\n%s\n", note) < 0)
			bad = 1;
		ds_table_free(h);
		if (ds_report_finish(&f, bad) != DS_OK)
			return ds_errors_add(err, DS_EIO, NULL, 0, 0, "cannot write '%s/%s': %s",
					     dir, name, strerror(errno));
	}
	return DS_OK;
}

/* Writes the charts in registry order; a chart without its data is skipped with its note. */
static int write_charts(struct ds_dataset *ds, const struct ds_report_opts *ro, const char *dir,
			struct ds_report *rep, struct ds_errors *err)
{
	const struct ds_chart_opts *o = &ro->chart;
	for (int i = 0; i < DS_NCHARTS; i++) {
		progress(ro, "charts", (size_t)i + 1, DS_NCHARTS);
		struct ds_report_item *it = &rep->charts[i];
		it->name = ds_chart_name((enum ds_chart)i);
		it->skip = NULL;
		rep->ncharts = (size_t)i + 1;
		int rc = ds_chart_write_info(ds, (enum ds_chart)i, o, dir, &rep->info[i], err);
		it->skip = rep->info[i].skip;
		if (rc == DS_ENOINPUT && it->skip != NULL)
			continue;
		if (rc != DS_OK)
			return rc;
		rep->drawn[rep->ndrawn++] = it->name;
	}
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
	if ((rc = build_tables(o, &calc, o->chart.year, t, rep, err)) != DS_OK)
		goto out;
	if ((rc = ds_plot_mkdir(dir, err)) != DS_OK)
		goto out;
	for (size_t i = 0; i < DS_REPORT_NTABLES && rc == DS_OK; i++)
		if (t[i] != NULL)
			rc = write_table_files(dir, tables[i].name, tables[i].note, t[i], err);
	if (rc == DS_OK)
		rc = write_charts(ds, o, dir, rep, err);
	if (rc == DS_OK) {
		progress(o, "index", 0, 0);
		rc = ds_report_index(dir, ds, o, rep, t, err);
	}
out:
	for (size_t i = 0; i < DS_REPORT_NTABLES; i++)
		ds_table_free(t[i]);
	return rc;
}
