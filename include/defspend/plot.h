/*
 * plot.h - rendering chart scripts with gnuplot, and the directory they
 * are written and rendered in.
 *
 * The charts (chart.h) are written first, then rendered all at once by a
 * few gnuplot processes, one per idle core, each drawing its share:
 * starting gnuplot costs more than drawing a chart, and one gnuplot uses
 * one core.
 * gnuplot is started with posix_spawn(), never through a shell, and every
 * image it draws is checked before it replaces the previous one.
 *
 * Output never escapes its directory.  gnuplot draws into a private
 * directory that the renderer makes inside the output directory (mkdtemp,
 * mode 0700: no other user can plant a link in it), and each checked image
 * is moved into place by rename(), which replaces a link in the output
 * directory rather than following it.  While gnuplot runs, SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT kill its process group and remove the private
 * directory before the process dies of the signal as it would have; a
 * private directory left by a process killed outright (SIGKILL) is removed
 * by the next render into the same directory.
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

/* At most this many gnuplot processes render at once. */
#define DS_PLOT_JOBS_MAX 8

/*
 * Renders the charts names[0..n) whose scripts are in dir, with one gnuplot
 * process per idle core (ds_idle_cpus(), at most DS_PLOT_JOBS_MAX and n;
 * program gnuplot, from ds_plot_find_gnuplot()), each fed a driver on its
 * standard input that loads its share of the charts.  Images are drawn in a
 * private directory, checked (PNG signature and IEND, SVG's closing tag)
 * and only then renamed into place, so a failed render never replaces a
 * good image.  Returns DS_OK; DS_EIO with "no space left on device" when
 * the file system filled up; DS_EUNAVAILABLE when gnuplot cannot run or was
 * killed; DS_ESOFTWARE when gnuplot ran and did not draw a chart (a script
 * of ours it refused); err names the charts that failed.
 *
 * gnuplot's own output never reaches the caller's stdout or stderr: it is
 * logged and translated.  Its warnings about a plot element without a point
 * to draw ("no valid points", an empty range) are dropped, since a chart
 * says in words when it has nothing to draw (chartkit.h); anything else it
 * says is added to err with status DS_OK ("gnuplot: ...", at the script's
 * file and line when gnuplot names them), for the caller to show even when
 * the render succeeded.  Each process has a log of its own, read after it
 * ended, in the order of the processes.
 */
int ds_plot_render(const char *gnuplot, const char *dir, const char *const *names, size_t n,
		   unsigned formats, struct ds_errors *err);

/* The same with `jobs` gnuplot processes at most (0: one per idle core). */
int ds_plot_render_jobs(const char *gnuplot, const char *dir, const char *const *names, size_t n,
			unsigned formats, size_t jobs, struct ds_errors *err);

/* The prefix of the private directories of the renderer (".defspend-render.PID.XXXXXX"). */
#define DS_PLOT_PRIVATE ".defspend-render."

/* 1 when the file holds a complete PNG (signature ... IEND), else 0. */
int ds_plot_png_ok(const char *path);
/* 1 when the file starts with <?xml or <svg and ends with </svg>, else 0. */
int ds_plot_svg_ok(const char *path);

#endif
