/*
 * cmd_report.c - `defspend report [--out DIR] [--render png,svg|none]`:
 * every table of the query commands and every chart of the data in DIR
 * (default plots/), with index.md and index.html that show them together.
 *
 * The report is the library's (report.h); this command takes the options,
 * says what was skipped, renders every chart with one gnuplot and prints
 * the paths of the indexes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli_output.h"
#include "cli_progress.h"
#include "commands.h"
#include "defspend/plot.h"
#include "defspend/report.h"

int cmd_report(struct ds_cli *cli)
{
	const char *dir;
	unsigned formats;
	size_t top;
	int rc = ds_cli_take_output(cli, &dir, &formats, &top);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 0)
		return ds_cli_usage(cli, "too many arguments");
	struct ds_dataset *ds;
	ds_cli_progress(NULL, "reading data", 0, 0);
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	/* Without gnuplot nothing will be drawn: the page must show no broken
	 * image but say how to draw the charts (the render step below then
	 * says gnuplot is missing, and exits 69). */
	char *gnuplot = formats != 0 ? ds_plot_find_gnuplot() : NULL;
	struct ds_report_opts o = { .formats = gnuplot != NULL ? formats : 0 };
	free(gnuplot);
	ds_cli_chart_opts(cli, &o.chart);
	o.chart.top = top;
	o.progress = ds_cli_progress;
	struct ds_report rep;
	struct ds_errors err;
	ds_errors_init(&err);
	rc = ds_report_write(ds, &o, dir, &rep, &err);
	ds_cli_progress_end();
	/* The notes first: each was printed, before, as it happened, and the
	 * failure (if any) came after them. */
	for (size_t i = 0; i < rep.ntables; i++)
		if (rep.tables[i].skip != NULL)
			ds_cli_warn("table '%s' skipped: %s", rep.tables[i].name,
				    rep.tables[i].skip);
	for (size_t i = 0; i < rep.ncharts; i++)
		if (rep.charts[i].skip != NULL)
			ds_cli_warn("chart '%s' skipped: %s", rep.charts[i].name,
				    rep.charts[i].skip);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc == DS_OK && formats != 0 && rep.ndrawn > 0) {
		char stage[64];
		snprintf(stage, sizeof stage, "rendering %zu chart%s", rep.ndrawn,
			 rep.ndrawn == 1 ? "" : "s");
		ds_cli_progress(NULL, stage, 0, 0);
	}
	if (rc == DS_OK)
		rc = ds_cli_render(dir, rep.drawn, rep.ndrawn, formats);
	ds_cli_progress_end();
	if (rc == DS_OK)
		printf("%s/index.html\n%s/index.md\n", dir, dir);
	ds_dataset_free(ds);
	return rc;
}
