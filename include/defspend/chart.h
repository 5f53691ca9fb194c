/*
 * chart.h - the charts: each a readable, commented gnuplot script and the
 * data it reads, written for a dataset into a directory.
 *
 * Every chart is a script NAME.gp plus its data file NAME.dat
 * (tab-separated, numbers and labels the tool made itself, never names from
 * the data), written into an output directory the caller names and that
 * exists.  A script runs on its own (`gnuplot DIR/NAME.gp` from any working
 * directory): it finds its own directory from ARG0 and writes NAME.png and
 * NAME.svg beside itself; ds_plot_render() (plot.h) runs many at once.  How
 * text from the data is kept inert in a script is gpscript.h's subject.
 *
 * Both files are replaced atomically (safefile.h): a chart that fails half
 * way leaves the previous script and data as they were.
 */
#ifndef DEFSPEND_CHART_H
#define DEFSPEND_CHART_H

#include <stddef.h>

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/chart_info.h"
#include "defspend/chart_opts.h"

/* The charts, in the order the report shows them. */
enum ds_chart {
	DS_CHART_RANKING,
	DS_CHART_TREND,
	DS_CHART_COUNT,
	DS_CHART_GAP,
	DS_CHART_PER_CAPITA,
	DS_CHART_REAL,
	DS_CHART_BURDEN,
	DS_CHART_AID,
	DS_CHART_AID_PCT_GDP,
	DS_CHART_PATH,
	DS_CHART_REVISIONS,
	DS_NCHARTS
};

/* The chart's name ("ranking"), or NULL when c is not a chart. */
const char *ds_chart_name(enum ds_chart c);
/* Sets *c from a name (exact, lowercase); -1 when there is no such chart. */
int ds_chart_find(const char *name, enum ds_chart *c);

/*
 * Writes DIR/NAME.gp and DIR/NAME.dat of chart c for ds.  Everything is
 * borrowed.  Returns DS_OK; DS_ENOINPUT with a note in *skip (static text)
 * when the data the chart needs is absent (nothing is written then);
 * another status with err filled on failure (*skip NULL), in which case
 * neither file was replaced.
 */
int ds_chart_write(struct ds_dataset *ds, enum ds_chart c, const struct ds_chart_opts *o,
		   const char *dir, const char **skip, struct ds_errors *err);

/* ds_chart_write(), filling *info as well (on success; info->skip on a skip). */
int ds_chart_write_info(struct ds_dataset *ds, enum ds_chart c, const struct ds_chart_opts *o,
			const char *dir, struct ds_chart_info *info, struct ds_errors *err);

#endif
