/*
 * report.h - the report: every table of the query commands (as Markdown
 * and CSV) and every chart of the data, written into one directory with
 * index.md and index.html that show them together and open from disk.
 *
 * index.html opens with a headline in words and numbers from the data,
 * then each chart with its title, a caption, alt text stating its finding
 * and its source, then the tables with headings a person reads (the CSV
 * files keep the machine column names).  A table or chart whose data is
 * absent (no aid.csv, fewer than two releases) is skipped with a note, in
 * both indexes and in the result for the caller to show; the report still
 * succeeds.  Every text from the data
 * that reaches index.html is HTML-escaped.  Every file is replaced
 * atomically (safefile.h).  The charts are written, not rendered: the
 * caller renders them all with one gnuplot (ds_plot_render() of plot.h).
 */
#ifndef DEFSPEND_REPORT_H
#define DEFSPEND_REPORT_H

#include <stddef.h>

#include "defspend/chart.h"
#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * The tables of a report: list, compare, crossings, first_crossings, trend,
 * dollars, aid, spending, alliance.
 */
#define DS_REPORT_NTABLES 9

struct ds_report_opts {
	/* year and thresholds choose the charts' and the tables' alike; members is unused */
	struct ds_chart_opts chart;
	/* DS_RENDER_* (plot.h) the charts will be rendered in: the indexes show PNG
	 * images, or SVG when only SVG is rendered; 0 (none, or no gnuplot) shows
	 * no image at all but says how to draw the charts. */
	unsigned formats;
	/* When not NULL, called as the work goes ("tables" 1..N, "charts" 1..N,
	 * "index" 0/0) with progress_arg: for a front end to show progress. */
	void (*progress)(void *arg, const char *stage, size_t done, size_t total);
	void *progress_arg;
};

/* One table or chart of a report. */
struct ds_report_item {
	const char *name;  /* "list", "ranking": the stem of its files */
	const char *title; /* tables: the heading in the indexes (static text) */
	const char *skip;  /* NULL, or why it was left out (static text) */
	const char *note;  /* tables: NULL, or what the derived columns are (static text) */
};

/*
 * What a report did, in order, as far as it got: tables[0..ntables) were
 * built or skipped, charts[0..ncharts) written or skipped, and
 * drawn[0..ndrawn) names the charts written (the list to render).
 */
struct ds_report {
	struct ds_report_item tables[DS_REPORT_NTABLES];
	size_t ntables;
	struct ds_report_item charts[DS_NCHARTS];
	size_t ncharts;
	struct ds_chart_info info[DS_NCHARTS]; /* each chart's words (title, caption, alt) */
	const char *drawn[DS_NCHARTS];
	size_t ndrawn;
};

/*
 * Writes the report of ds into dir, which is created with its parents when
 * missing: NAME.md and NAME.csv of each table, NAME.gp and NAME.dat of each
 * chart, index.md and index.html.  ds and o are borrowed; *rep is the
 * caller's and filled even on failure (its strings are static or borrowed
 * from nothing that the call frees).  Returns DS_OK, or the status of the
 * first failure with err filled; the files already written stay.
 */
int ds_report_write(struct ds_dataset *ds, const struct ds_report_opts *o, const char *dir,
		    struct ds_report *rep, struct ds_errors *err);

#endif
