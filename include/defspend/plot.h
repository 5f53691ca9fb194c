/*
 * plot.h - rendering chart scripts with gnuplot, and the directory they
 * are written and rendered in.
 *
 * The charts (chart.h) are written first, then rendered all at once by ONE
 * gnuplot process: starting gnuplot costs more than drawing a chart.
 * gnuplot is started with posix_spawn(), never through a shell, and every
 * image it draws is checked before it replaces the previous one.
 */
#ifndef DEFSPEND_PLOT_H
#define DEFSPEND_PLOT_H

#include <stddef.h>

#include "defspend/error.h"

/* The image formats, as bits of ds_plot_render()'s formats. */
enum { DS_RENDER_PNG = 1, DS_RENDER_SVG = 2 };

/*
 * Makes dir (and its parents) and checks that it is a directory we may
 * write in; DS_ECANTCREAT with a message on failure.
 */
int ds_plot_mkdir(const char *dir, struct ds_errors *err);

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
