/*
 * cli_output.h - the front end's output steps for the commands that write
 * files (plot, report): taking --out and --render, making the output
 * directory, filling chart options from the global ones, and rendering
 * with the words a user needs when gnuplot is missing.
 *
 * Front end: these print and return exit statuses.  The work itself is the
 * library's (chart.h, plot.h, report.h).
 */
#ifndef DEFSPEND_CLI_OUTPUT_H
#define DEFSPEND_CLI_OUTPUT_H

#include <stddef.h>

#include "cli.h"
#include "defspend/chart.h"

/*
 * Takes the output options of plot and report: --out DIR (default plots),
 * --render png,svg|none (default both, DS_RENDER_*) and --top N (1 to 80;
 * 0 when not given), then refuses any other option, and an output
 * directory that is, contains or lies inside the data in use (cli->data,
 * compared as resolved files: ds_datadir_overlap()).  DS_EUSAGE after
 * printing.
 */
int ds_cli_take_output(struct ds_cli *cli, const char **dir, unsigned *formats, size_t *top);
/* Creates the output directory; 73 after printing when it cannot. */
int ds_cli_out_dir(const char *dir);
/* Fills chart options from the global options (--year, --threshold). */
void ds_cli_chart_opts(const struct ds_cli *cli, struct ds_chart_opts *o);
/*
 * Renders charts names[0..n) of dir with one gnuplot (nothing when formats
 * or n is 0); 69 naming the package gnuplot-nox when gnuplot is missing,
 * another status after printing when rendering fails.
 */
int ds_cli_render(const char *dir, const char *const *names, size_t n, unsigned formats);

#endif
