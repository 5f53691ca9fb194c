/*
 * gpscript.h - writing gnuplot scripts and their data safely.
 *
 * Safety is the reason for this module's shape.  gnuplot runs backquoted
 * commands inside double-quoted strings, reads `<cmd` and `|cmd` in
 * file-name positions as shell pipes, and gives meaning to `_ ^ @ & { }` in
 * enhanced text.  So no text from the data is ever written into a
 * double-quoted string, a comment or a file-name position: it goes only into
 * single-quoted strings (where gnuplot substitutes nothing) with `'` doubled
 * and control characters made spaces (ds_gp_quote()), and the terminals of
 * every script are set `noenhanced` (ds_gp_loop_begin()).  Numbers are
 * written locale-free.
 *
 * A ds_gp writes to any stream the caller opened: the chart writer (chart.h)
 * points it at a file being replaced atomically (safefile.h), the renderer
 * (plot.h) at its driver, the tests at memory.
 */
#ifndef DEFSPEND_GPSCRIPT_H
#define DEFSPEND_GPSCRIPT_H

#include <stdio.h>

/*
 * A stream with a sticky error: after a failed write the later ones do
 * nothing.  f is borrowed: the caller opens and closes it, and checks
 * failed (or the stream's own error flag) when done.
 */
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
 * The common opening of every chart script NAME.gp: header comment (what,
 * how to run), `reset`, finding its own directory from ARG0 so that it runs
 * from any working directory, the variables the renderer may set (ds_out,
 * the directory the images are drawn in, and ds_formats) and the tab-separated format of NAME.dat
 * beside it.
 */
void ds_gp_preamble(struct ds_gp *gp, const char *name, const char *what);
/*
 * Opens the rendering loop: for each format, sets the terminal (pngcairo or
 * svg, noenhanced, width x height) and the output NAME.png or NAME.svg
 * beside the script.  The caller writes its `plot` command, then calls
 * ds_gp_loop_end().
 */
void ds_gp_loop_begin(struct ds_gp *gp, const char *name, int width, int height);
void ds_gp_loop_end(struct ds_gp *gp);

#endif
