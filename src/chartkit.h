/*
 * chartkit.h - what every chart definition (charts_*.c) is built with: the
 * chart being written and its two files, and the common decorations
 * (title, source line, threshold lines, band colours, bar rows).
 *
 * Only the chart registry (chart.c) and the chart definitions include this
 * file.  The kit calls neither of them: the registry calls the definitions,
 * both call the kit.
 */
#ifndef DEFSPEND_CHARTKIT_H
#define DEFSPEND_CHARTKIT_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/calc.h"
#include "defspend/chart_opts.h"
#include "defspend/gpscript.h"
#include "defspend/safefile.h"

/* Colour of each band, from below the lowest threshold up (Okabe-Ito, print-safe). */
#define CHART_NBANDS (DS_MAX_THRESHOLDS + 1)
extern const char *const chart_band_colors[CHART_NBANDS];
/* Line colours for series (members, releases, thresholds). */
#define CHART_NLINES 8
extern const char *const chart_line_colors[CHART_NLINES];

struct chart {
	struct ds_dataset *ds;
	const struct ds_chart_opts *o;
	const char *dir;
	const char *name;
	struct ds_calc calc;                /* thresholds sorted ascending */
	int year;                           /* o->year, or the latest year with figures */
	struct ds_gp gp, dat;               /* the script and its data file ... */
	struct ds_atomic gp_file, dat_file; /* ... each replaced atomically */
	const char *skip; /* why the chart was skipped (with DS_ENOINPUT): static text */
	struct ds_errors *err;
};

/*
 * Prepares c to write chart name of ds into dir: the options borrowed, the
 * thresholds sorted, the year chosen.  DS_OK, or a status with err filled.
 * c is ready for chart_abort() either way.
 */
int chart_begin(struct chart *c, struct ds_dataset *ds, const char *name,
		const struct ds_chart_opts *o, const char *dir, struct ds_errors *err);
/* Opens NAME.gp and NAME.dat and writes the script's preamble. */
int chart_open(struct chart *c, const char *what);
/* Commits both files; DS_EIO (with a message) when writing failed. */
int chart_close(struct chart *c);
/* Removes both temporary files, if any (on an error path). */
void chart_abort(struct chart *c);

/* Writes `set title '...'` with text (any text, quoted). */
void chart_title(struct chart *c, const char *text);
/* "NATO release 2025-08" or the series id; written into buf. */
void chart_release_name(const struct chart *c, const struct ds_series *s, char *buf, size_t size);
/*
 * Writes a source label at the bottom left: "Source: NATO, TITLE (DATE)."
 * for release of s, then extra (may be NULL).
 */
void chart_source(struct chart *c, const struct ds_series *s, const char *extra);

/*
 * Threshold lines with labels: vertical (on the x axis) when vertical is 1,
 * else horizontal (on the y axis).  Labels name the Wales and Hague targets
 * for 2, 3.5 and 5.
 */
void chart_threshold_lines(struct chart *c, int vertical);
/* The band of a figure: the number of thresholds it meets. */
size_t chart_band(const struct chart *c, int32_t pct);
/* A band's key title ("below 2%", "2% to 3.5%", "5% and over") into buf. */
void chart_band_title(const struct chart *c, size_t band, char *buf, size_t size);

/* Writes `set ytics (...)` naming rows 1..n with names[i] at row rows[i]. */
void chart_row_tics(struct chart *c, const char *const *names, const int *rows, size_t n);
/* A sensible height in pixels for a chart of n rows of bars. */
int chart_rows_height(size_t n);

/* One bar row: a member, whether it has a value, and the key it is sorted by. */
struct chart_row {
	size_t m;
	int has;
	int64_t key;
	const char *name;
	int row; /* set by chart_sort_rows(): n for the top row ... 1 for the bottom one */
};
/* Sorts rows with a value first, by key descending then name, and numbers them from the top. */
void chart_sort_rows(struct chart_row *r, size_t n);
/* Writes the ytics of sorted rows (their member names). */
int chart_rows_tics(struct chart *c, const struct chart_row *r, size_t n);

#endif
