/*
 * plot.h - gnuplot charts: safe script writing, the chart definitions and
 * rendering them with one gnuplot process.
 *
 * Every chart is a readable, commented gnuplot script NAME.gp plus the data
 * file(s) it reads (NAME.dat, tab-separated, numbers only), written into an
 * output directory the caller names.  A script runs on its own (`gnuplot
 * DIR/NAME.gp` from any working directory): it finds its own directory from
 * ARG0 and writes NAME.png and NAME.svg beside itself.
 *
 * Safety is the reason for most of this module's shape.  gnuplot runs
 * backquoted commands inside double-quoted strings, reads `<cmd` and `|cmd`
 * in file-name positions as shell pipes, and gives meaning to `_ ^ @ & { }`
 * in enhanced text.  So no text from the data is ever written into a
 * double-quoted string, a comment or a file-name position: it goes only into
 * single-quoted strings (where gnuplot substitutes nothing) with `'` doubled
 * and control characters made spaces (ds_gp_quote()), terminals are set
 * `noenhanced`, every path is chosen here, and gnuplot is started with
 * posix_spawn(), never through a shell.
 */
#ifndef DEFSPEND_PLOT_H
#define DEFSPEND_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/num.h"
#include "defspend/threshold.h"

/* ---- writing scripts (plot_script.c) ---- */

/* A file being written with a sticky error: later writes after a failure do nothing. */
struct ds_gp {
	FILE *f;
	int failed;
};

/*
 * Writes text as a gnuplot single-quoted string: `'` doubled, control
 * characters (bytes below 0x20 and 0x7f) turned into spaces (a line break
 * would end the command), everything else kept byte for byte.
 */
void ds_gp_quote(struct ds_gp *gp, const char *text);
/*
 * The same for a tic label of `set xtics ('label' pos, ...)`, which gnuplot
 * reads as a printf format: `%` is doubled as well.
 */
void ds_gp_quote_tic(struct ds_gp *gp, const char *text);
/* printf for text the tool chose itself (never data). */
void ds_gp_printf(struct ds_gp *gp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes a percentage (millionths) with dec decimals, locale-free. */
void ds_gp_pct(struct ds_gp *gp, long long pct, int dec);
/* Writes a double with dec decimals, locale-free; "NaN" when v is not finite. */
void ds_gp_num(struct ds_gp *gp, double v, int dec);

/*
 * Opens DIR/NAME for writing under a temporary name in the same directory.
 * ds_gp_commit() flushes, closes and renames it into place (0), or removes
 * it and returns -1 when anything failed; ds_gp_abort() removes it.
 */
int ds_gp_open(struct ds_gp *gp, const char *dir, const char *name, char **tmp_out);
int ds_gp_commit(struct ds_gp *gp, const char *dir, const char *name, char *tmp);
void ds_gp_abort(struct ds_gp *gp, char *tmp);

/*
 * The common opening of every chart script: header comment (what, how to
 * run), `reset`, finding its own directory from ARG0, the variables the
 * renderer may set (ds_tmp, ds_formats) and the tab-separated data format.
 */
void ds_gp_preamble(struct ds_gp *gp, const char *name, const char *what);
/*
 * Opens the rendering loop: for each format, sets the terminal (pngcairo or
 * svg, noenhanced, width x height) and the output beside the script.  The
 * caller writes its `plot` command, then calls ds_gp_loop_end().
 */
void ds_gp_loop_begin(struct ds_gp *gp, const char *name, int width, int height);
void ds_gp_loop_end(struct ds_gp *gp);

/* Makes dir (and its parents); DS_ECANTCREAT with a message on failure. */
int ds_plot_mkdir(const char *dir, struct ds_errors *err);

/* ---- the charts (plot.c, charts*.c) ---- */

enum ds_chart {
	DS_CHART_RANKING,
	DS_CHART_TREND,
	DS_CHART_COUNT,
	DS_CHART_GAP,
	DS_CHART_AID,
	DS_CHART_PATH,
	DS_CHART_REVISIONS,
	DS_NCHARTS
};

/* The chart's name ("ranking"), or NULL. */
const char *ds_chart_name(enum ds_chart c);
/* Sets *c from a name; -1 when there is no such chart. */
int ds_chart_find(const char *name, enum ds_chart *c);

struct ds_chart_opts {
	int year; /* 0: the latest year with figures */
	const struct ds_threshold *thresholds;
	size_t nthresholds;
	const size_t *members; /* trend: the members to draw; NULL: a default set */
	size_t nmembers;
	int base_year; /* path: change measured since (default 2014) */
	int by_year;   /* path: target year (default 2035) */
};

/*
 * Writes the script and data of chart c for ds into dir (which exists).
 * Returns DS_OK; DS_ENOINPUT with a note in *skip (static text) when the data
 * the chart needs is absent (nothing is written then); another status with
 * err filled on failure.
 */
int ds_chart_write(struct ds_dataset *ds, enum ds_chart c, const struct ds_chart_opts *o,
		   const char *dir, const char **skip, struct ds_errors *err);

/* ---- rendering (plot_render.c) ---- */

enum { DS_RENDER_PNG = 1, DS_RENDER_SVG = 2 };

/*
 * Finds the gnuplot program: $DEFSPEND_GNUPLOT when set (a path), else
 * "gnuplot" on $PATH.  Returns a malloc'd path the caller frees, or NULL
 * when there is none.
 */
char *ds_plot_find_gnuplot(void);

/*
 * Renders the charts names[0..n) whose scripts are in dir, with ONE gnuplot
 * process (program gnuplot, from ds_plot_find_gnuplot()) fed a driver on
 * its standard input.  Images are written under temporary names, checked
 * (PNG signature and IEND, SVG's closing tag) and only then renamed into
 * place, so a failed render never replaces a good image.  Returns DS_OK, or
 * DS_ESOFTWARE/DS_EIO/DS_EUNAVAILABLE with err naming the charts that failed.
 */
int ds_plot_render(const char *gnuplot, const char *dir, const char *const *names, size_t n,
		   unsigned formats, struct ds_errors *err);

/* 1 when the file holds a complete PNG (signature ... IEND), else 0. */
int ds_plot_png_ok(const char *path);
/* 1 when the file starts with <?xml or <svg and ends with </svg>, else 0. */
int ds_plot_svg_ok(const char *path);

#endif
