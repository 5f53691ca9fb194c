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
#include "defspend/chart_info.h"
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
	/* What the source line counts the filled figures of (fill.h): years, and
	 * members (NULL: all); chart_begin() sets the chart's year, all members. */
	int fill_from, fill_to;
	const size_t *fill_members;
	size_t nfill_members;
	struct ds_errors *err;
	struct ds_chart_info *info; /* the words around the chart: the caller's, or own */
	struct ds_chart_info own;
	size_t top;       /* bar charts show at most the top and bottom `top` rows */
	char sep[2][128]; /* the texts of the rows that stand for rows left out */
};

/*
 * Prepares c to write chart name of ds into dir: the options borrowed, the
 * thresholds sorted, the year chosen.  DS_OK, or a status with err filled.
 * c is ready for chart_abort() either way.
 */
int chart_begin(struct chart *c, struct ds_dataset *ds, const char *name,
		const struct ds_chart_opts *o, const char *dir, struct ds_chart_info *info,
		struct ds_errors *err);
/* Opens NAME.gp and NAME.dat and writes the script's preamble. */
int chart_open(struct chart *c, const char *what);
/* Commits both files; DS_EIO (with a message) when writing failed. */
int chart_close(struct chart *c);
/* Removes both temporary files, if any (on an error path). */
void chart_abort(struct chart *c);

/* Writes `set title '...'` with text (any text, quoted); it is the info's title too. */
void chart_title(struct chart *c, const char *text);
/* Sets the info's alt text: the chart's main finding, in words. */
void chart_alt(struct chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a sentence to the info's notes (a caption line: why a line stops...). */
void chart_note(struct chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "NATO release 2025-08" or the series id; written into buf. */
void chart_release_name(const struct chart *c, const struct ds_series *s, char *buf, size_t size);
/*
 * Writes a source label at the bottom left: "Source: NATO, TITLE (DATE)."
 * for release of s, then extra (may be NULL), then, when s was filled from
 * other releases (--fill), how many figures of c->fill_from..c->fill_to
 * came from which ("f: 6 figures filled from release 2026-03.").
 */
void chart_source(struct chart *c, const struct ds_series *s, const char *extra);
/*
 * Writes text as the source label at the bottom left (gnuplot variables
 * ds_source and ds_source_y, drawn by CHART_SOURCE_LABEL), and as the
 * info's source.  A text longer than CHART_SOURCE_LINE characters (what
 * fits across a chart 1,100 pixels wide) is drawn on two lines.
 */
#define CHART_SOURCE_LINE 170
#define CHART_SOURCE_LABEL                                                                         \
	"set label 99 ds_source at character 1, character ds_source_y left font ',9' textcolor "   \
	"rgb '#444444' front"
void chart_source_text(struct chart *c, const char *text);
/*
 * A chart with nothing to draw: the message in words in the middle of the
 * image (and in the notes), instead of a plot gnuplot would warn about.
 * Writes the whole rendering loop; the caller closes the chart.
 */
void chart_nothing(struct chart *c, const char *message, int width, int height);

/*
 * Threshold lines with labels: vertical (on the x axis) when vertical is 1,
 * else horizontal (on the y axis).  Labels name the Wales and Hague targets
 * for 2, 3.5 and 5.
 */
void chart_threshold_lines(struct chart *c, int vertical);
/*
 * The label of member m's row in c->year when it has no figure: "NATO
 * published none" when the data's note says so, else "no figure" (in this
 * release's data: the caption says it, see chart_missing_caption()).
 */
const char *chart_missing_label(const struct chart *c, size_t m);
/*
 * Appends to buf (size bytes) the caption for rows labelled "no figure"
 * when any of members[0..n) (all when NULL) has one in c->year.
 */
void chart_missing_caption(const struct chart *c, char *buf, size_t size);

/* The band of a figure: the number of thresholds it meets. */
size_t chart_band(const struct chart *c, int32_t pct);
/* A band's key title ("below 2%", "2% to 3.5%", "5% and over") into buf. */
void chart_band_title(const struct chart *c, size_t band, char *buf, size_t size);

/* Writes `set ytics (...)` naming rows 1..n with names[i] at row rows[i]. */
void chart_row_tics(struct chart *c, const char *const *names, const int *rows, size_t n);
/* A sensible height in pixels for a chart of n rows of bars: 600 to CHART_MAX_HEIGHT. */
#define CHART_MAX_HEIGHT 4000
int chart_rows_height(size_t n);

/* One bar row: a member, whether it has a value, and the key it is sorted by. */
struct chart_row {
	size_t m;
	int has;
	int64_t key;
	const char *name;
	int row; /* set by chart_sort_rows(): n for the top row ... 1 for the bottom one */
	int sep; /* stands for rows left out (chart_rows_bound()): no value, name says how many */
	int filled; /* the member's figure came from another release (--fill): its tic says "f" */
};
/* Sorts rows with a value first, by key descending then name, and numbers them from the top. */
void chart_sort_rows(struct chart_row *r, size_t n);
/* Whether member m's figure in the chart's year was filled from another release (fill.h). */
int chart_filled(const struct chart *c, size_t m);
/* Writes the ytics of sorted rows (their member names, "Sweden f" for a filled row). */
int chart_rows_tics(struct chart *c, const struct chart_row *r, size_t n);
/*
 * Bounds a long list of sorted rows (r has room for n + 2): when there are
 * more than 2 x c->top rows, keeps the top and bottom c->top rows with a
 * value, one row between them saying how many are left out, and one row
 * for the members without a value; numbers the rows again and says what
 * was left out in the notes.  what names the rows ("members", "donors").
 * Returns the number of rows kept.
 */
size_t chart_rows_bound(struct chart *c, struct chart_row *r, size_t n, const char *what);

/*
 * The value column of a bar chart: labels in the right margin at x = xmax,
 * aligned like a table's column, so that they never cross a bar, a line or
 * a marker.  chart_value_margin() sets the margin; chart_value_labels()
 * writes the plot element for data column col (x: xmax) of labels.
 */
void chart_value_margin(struct chart *c, int chars);
void chart_value_labels(struct chart *c, const char *xmax, int col);
/*
 * An invisible marker at (x, y) of each data line that shows the text of
 * column col on hover in the SVG (gnuplot's hypertext): the exact value.
 */
void chart_hover(struct chart *c, const char *x, const char *y, int col);

#endif
