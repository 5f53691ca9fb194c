/*
 * chartkit.c - what every chart shares (chartkit.h): preparing it, opening
 * its script and data file, the title, the source line, the threshold
 * lines, the band colours and the rows of bar charts.  The charts
 * themselves are in charts_*.c, the registry that runs them in chart.c.
 *
 * Thresholds are drawn sorted ascending whatever order the user gave them
 * in, so that bands read from low to high.
 *
 * The script and the data are each written under a temporary name and
 * renamed into place (ds_atomic, the project's one atomic-write mechanism),
 * the data first: a script is never newer than the data it reads.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chartkit.h"
#include "defspend/fill.h"
#include "defspend/provenance.h"
#include "defspend/util.h"

/* Vermillion, orange, sky blue, bluish green: apart in hue and in lightness. */
const char *const chart_band_colors[CHART_NBANDS] = {
	"#D55E00", "#E69F00", "#56B4E9", "#009E73", "#0072B2",
	"#CC79A7", "#F0E442", "#999999", "#000000",
};
const char *const chart_line_colors[CHART_NLINES] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
};

static int cmp_threshold(const void *a, const void *b)
{
	const struct ds_threshold *x = a, *y = b;
	return (x->pct > y->pct) - (x->pct < y->pct);
}

int chart_begin(struct chart *c, struct ds_dataset *ds, const char *name,
		const struct ds_chart_opts *o, const char *dir, struct ds_chart_info *info,
		struct ds_errors *err)
{
	memset(c, 0, sizeof *c);
	c->info = info != NULL ? info : &c->own;
	c->top = o->top ? o->top : DS_CHART_TOP_DEFAULT;
	c->ds = ds;
	c->o = o;
	c->dir = dir;
	c->name = name;
	c->err = err;
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth = o->nthresholds < DS_MAX_THRESHOLDS ? o->nthresholds : DS_MAX_THRESHOLDS;
	memcpy(th, o->thresholds, nth * sizeof th[0]);
	qsort(th, nth, sizeof th[0], cmp_threshold);
	int rc = ds_calc_init(&c->calc, ds, ds->spending, th, nth, o->base_year, o->by_year);
	if (rc != DS_OK)
		return ds_errors_add(err, rc, NULL, 0, 0, "bad thresholds");
	c->year = o->year ? o->year : ds_calc_latest_year(&c->calc);
	c->fill_from = c->fill_to = c->year;
	return DS_OK;
}

/* Opens DIR/NAME.EXT on a, with gp writing to it; errno set on failure. */
static int open_file(const struct chart *c, const char *ext, struct ds_atomic *a, struct ds_gp *gp)
{
	char file[64];
	snprintf(file, sizeof file, "%s%s", c->name, ext);
	char *path = ds_path_join(c->dir, file);
	if (path == NULL) {
		errno = ENOMEM;
		return -1;
	}
	int rc = ds_atomic_open(a, path, DS_ATOMIC_NOFOLLOW, NULL);
	free(path);
	if (rc != DS_OK)
		return -1;
	gp->f = a->f;
	gp->failed = 0;
	return 0;
}

int chart_open(struct chart *c, const char *what)
{
	if (open_file(c, ".gp", &c->gp_file, &c->gp) != 0 ||
	    open_file(c, ".dat", &c->dat_file, &c->dat) != 0) {
		int e = errno;
		chart_abort(c);
		return ds_errors_add(c->err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s': %s",
				     c->dir, strerror(e));
	}
	snprintf(c->info->what, sizeof c->info->what, "%s", what);
	ds_gp_preamble(&c->gp, c->name, what);
	ds_gp_printf(&c->dat, "# %s.dat - the data of %s.gp (tab-separated; NaN: no figure)\n",
		     c->name, c->name);
	return DS_OK;
}

/* Commits a, unless its writer gp failed; errno set on failure. */
static int commit_file(struct ds_atomic *a, struct ds_gp *gp)
{
	if (gp->failed) {
		int e = a->error ? a->error : EIO;
		ds_atomic_abort(a);
		errno = e;
		return -1;
	}
	gp->f = NULL;
	return ds_atomic_commit(a, NULL) == DS_OK ? 0 : -1;
}

int chart_close(struct chart *c)
{
	int a = commit_file(&c->dat_file, &c->dat);
	int e = errno;
	if (a != 0) {
		chart_abort(c);
	} else {
		a = commit_file(&c->gp_file, &c->gp);
		e = errno;
	}
	if (a != 0)
		return ds_errors_add(c->err, DS_EIO, NULL, 0, 0, "cannot write '%s/%s.gp': %s",
				     c->dir, c->name, strerror(e));
	return DS_OK;
}

void chart_abort(struct chart *c)
{
	ds_atomic_abort(&c->gp_file);
	ds_atomic_abort(&c->dat_file);
	c->gp.f = c->dat.f = NULL;
}

/* Appends printf text to buf (of size), keeping it terminated. */
static void vappend(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vappend(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t at = strlen(buf);
	if (at + 1 < size)
		vsnprintf(buf + at, size - at, fmt, ap);
}

void chart_alt(struct chart *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c->info->alt[0] = '\0';
	vappend(c->info->alt, sizeof c->info->alt, fmt, ap);
	va_end(ap);
}

void chart_note(struct chart *c, const char *fmt, ...)
{
	va_list ap;
	char *n = c->info->notes;
	size_t at = strlen(n);
	if (at > 0 && at + 2 < sizeof c->info->notes) {
		n[at++] = ' ';
		n[at] = '\0';
	}
	va_start(ap, fmt);
	vappend(n, sizeof c->info->notes, fmt, ap);
	va_end(ap);
}

void chart_title(struct chart *c, const char *text)
{
	snprintf(c->info->title, sizeof c->info->title, "%s", text);
	ds_gp_printf(&c->gp, "set title ");
	ds_gp_quote(&c->gp, text);
	ds_gp_printf(&c->gp, " font ',14'\n");
}

static const struct ds_release *release_of(const struct chart *c, const struct ds_series *s)
{
	int r = s != NULL && s->id != NULL ? ds_dataset_find_release(c->ds, s->id) : -1;
	return r >= 0 ? &c->ds->releases[r] : NULL;
}

void chart_release_name(const struct chart *c, const struct ds_series *s, char *buf, size_t size)
{
	const struct ds_release *r = release_of(c, s);
	if (r != NULL)
		snprintf(buf, size, "NATO release %s", r->id);
	else if (s != NULL && s->id != NULL && *s->id != '\0')
		snprintf(buf, size, "release %s", s->id);
	else
		snprintf(buf, size, "%s", "release not stated");
}

/* "f: 6 figures filled from release 2026-03." for the chart's years, or "". */
static void fill_text(const struct chart *c, const struct ds_series *s, char *buf, size_t size)
{
	struct ds_fill_source v[16];
	size_t n = 0;
	struct ds_fill_scope scope = { c->fill_from, c->fill_to, c->fill_members,
				       c->nfill_members };
	buf[0] = '\0';
	if (s == NULL || s->nfilled == 0)
		return;
	ds_fill_sources(c->ds, s, &scope, v, sizeof v / sizeof v[0], &n);
	ds_fill_text_filled(c->ds, v, n, buf, size > 1 ? size - 1 : size);
	if (*buf != '\0')
		strcat(buf, ".");
}

void chart_source(struct chart *c, const struct ds_series *s, const char *extra)
{
	char buf[800], filled[256];
	const struct ds_release *r = release_of(c, s);
	fill_text(c, s, filled, sizeof filled);
	if (r != NULL)
		snprintf(buf, sizeof buf, "Source: NATO, %s (%s, %s basis).%s%s%s%s", r->title,
			 r->published, r->basis, extra ? " " : "", extra ? extra : "",
			 *filled ? " " : "", filled);
	else
		snprintf(buf, sizeof buf, "Source: %s.%s%s%s%s",
			 s != NULL && s->path != NULL ? "the spending file given" : "defspend data",
			 extra ? " " : "", extra ? extra : "", *filled ? " " : "", filled);
	chart_source_text(c, buf);
}

void chart_source_text(struct chart *c, const char *text)
{
	snprintf(c->info->source, sizeof c->info->source, "%s", text);
	/* A source longer than the image is wide goes on two lines, split at a
	 * space, the first a line higher so that the second stays in the image. */
	size_t len = strlen(text), cut = 0;
	if (len > CHART_SOURCE_LINE) /* after a sentence, else at a space */
		for (int pass = 0; pass < 2 && cut == 0; pass++)
			for (size_t i = CHART_SOURCE_LINE; i > CHART_SOURCE_LINE / 2 && cut == 0;
			     i--)
				if (text[i] == ' ' && (pass == 1 || text[i - 1] == '.'))
					cut = i;
	ds_gp_printf(&c->gp, "ds_source = ");
	if (cut == 0) {
		ds_gp_quote(&c->gp, text);
	} else {
		char *first = strndup(text, cut);
		if (first == NULL) {
			ds_gp_quote(&c->gp, text); /* one line, if cut off, rather than none */
			cut = 0;
		} else {
			ds_gp_quote(&c->gp, first);
			ds_gp_printf(&c->gp, " . \"\\n\" . ");
			/* gnuplot misreads a string that opens with a quote (''): keep its space.
			 */
			ds_gp_quote(&c->gp, text + cut + (text[cut + 1] != '\''));
			free(first);
		}
	}
	ds_gp_printf(&c->gp, "\nds_source_y = %s\n%s\n", cut ? "1.7" : "0.8", CHART_SOURCE_LABEL);
}

void chart_nothing(struct chart *c, const char *message, int width, int height)
{
	chart_note(c, "%s.", message);
	if (c->info->alt[0] == '\0')
		chart_alt(c, "%s: %s.", c->info->title, message);
	ds_gp_printf(&c->gp, "\n# Nothing to draw: the message says so, in words.\n"
			     "unset border\nunset xtics\nunset ytics\nunset y2tics\n"
			     "unset key\nunset arrow\nunset object\n"
			     "set xrange [0:1]\nset yrange [0:1]\nset label 97 ");
	ds_gp_quote(&c->gp, message);
	ds_gp_printf(&c->gp, " at graph 0.5, graph 0.5 center font ',14'\n");
	ds_gp_loop_begin(&c->gp, c->name, width, height);
	/* A function above the range draws nothing and raises no warning. */
	ds_gp_printf(&c->gp, "    plot 2 notitle\n");
	ds_gp_loop_end(&c->gp);
}

static const char *target_name(const struct ds_threshold *t)
{
	if (t->pct == 2 * DS_PCT_SCALE)
		return " (Wales 2014)";
	if (t->pct == 35 * DS_PCT_SCALE / 10)
		return " (Hague core)";
	if (t->pct == 5 * DS_PCT_SCALE)
		return " (Hague total)";
	return "";
}

void chart_threshold_lines(struct chart *c, int vertical)
{
	ds_gp_printf(&c->gp, "\n# The thresholds, as dashed lines with their names.\n");
	for (size_t i = 0; i < c->calc.nth; i++) {
		const struct ds_threshold *t = &c->calc.th[i];
		if (vertical) {
			ds_gp_printf(&c->gp,
				     "set arrow %zu from first %s, graph 0 to first %s, graph 1 "
				     "nohead dt 2 lw 1.5 lc rgb '#333333' back\n",
				     i + 1, t->label, t->label);
			ds_gp_printf(&c->gp,
				     "set label %zu '%s%%%s' at first %s, graph 1 center "
				     "offset 0, 0.7 font ',9'\n",
				     i + 1, t->label, target_name(t), t->label);
		} else {
			ds_gp_printf(&c->gp,
				     "set arrow %zu from graph 0, first %s to graph 1, first %s "
				     "nohead dt 2 lw 1.5 lc rgb '#333333' back\n",
				     i + 1, t->label, t->label);
		}
	}
	/* Across the years the lines would run through labels inside the plot: name
	 * the thresholds on the right-hand axis instead. */
	if (!vertical && c->calc.nth > 0) {
		ds_gp_printf(&c->gp, "set link y2\nset y2tics (");
		for (size_t i = 0; i < c->calc.nth; i++) {
			const struct ds_threshold *t = &c->calc.th[i];
			ds_gp_printf(&c->gp, "%s'%s%%%%%s' %s", i ? ", " : "", t->label,
				     target_name(t), t->label);
		}
		ds_gp_printf(&c->gp, ") scale 0 font ',9'\n");
	}
}

const char *chart_missing_label(const struct chart *c, size_t m)
{
	const struct ds_obs *o = ds_series_get(c->calc.s, m, c->year);
	return ds_provenance_missing(c->ds, o) == DS_MISSING_UNPUBLISHED ? "NATO published none"
									 : "no figure";
}

void chart_missing_caption(const struct chart *c, char *buf, size_t size)
{
	for (size_t m = 0; m < c->ds->nmembers; m++) {
		const struct ds_obs *o = ds_series_get(c->calc.s, m, c->year);
		if ((o == NULL || !(o->flags & DS_OBS_PCT)) &&
		    ds_provenance_missing(c->ds, o) == DS_MISSING_NOT_IN_DATA) {
			size_t len = strlen(buf);
			snprintf(buf + len, size - len, "%s'no figure': %s.", len ? " " : "",
				 ds_provenance_missing_text(DS_MISSING_NOT_IN_DATA));
			return;
		}
	}
}

size_t chart_band(const struct chart *c, int32_t pct)
{
	size_t b = 0;
	while (b < c->calc.nth && pct >= c->calc.th[b].pct)
		b++;
	return b;
}

void chart_band_title(const struct chart *c, size_t band, char *buf, size_t size)
{
	if (band == 0)
		snprintf(buf, size, "below %s%%", c->calc.th[0].label);
	else if (band == c->calc.nth)
		snprintf(buf, size, "%s%% and over", c->calc.th[band - 1].label);
	else
		snprintf(buf, size, "%s%% to %s%%", c->calc.th[band - 1].label,
			 c->calc.th[band].label);
}

void chart_row_tics(struct chart *c, const char *const *rnames, const int *rows, size_t n)
{
	ds_gp_printf(&c->gp, "set ytics (");
	for (size_t i = 0; i < n; i++) {
		ds_gp_printf(&c->gp, "%s\\\n    ", i ? "," : "");
		ds_gp_quote_tic(&c->gp, rnames[i]);
		ds_gp_printf(&c->gp, " %d", rows[i]);
	}
	ds_gp_printf(&c->gp, ") scale 0\n");
}

int chart_rows_height(size_t n)
{
	/* chart_rows_bound() keeps at most 2 x DS_CHART_TOP_MAX + 2 rows, which fit. */
	size_t h = n > 1000 ? CHART_MAX_HEIGHT : 220 + 22 * n;
	if (h < 600)
		h = 600;
	if (h > CHART_MAX_HEIGHT)
		h = CHART_MAX_HEIGHT;
	return (int)h;
}

static int cmp_row(const void *a, const void *b)
{
	const struct chart_row *x = a, *y = b;
	if (x->sep != y->sep)
		return x->sep - y->sep;
	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->key != y->key)
		return x->key < y->key ? 1 : -1;
	int s = strcmp(x->name, y->name);
	return s ? s : (x->m > y->m) - (x->m < y->m);
}

void chart_sort_rows(struct chart_row *r, size_t n)
{
	qsort(r, n, sizeof *r, cmp_row);
	for (size_t i = 0; i < n; i++)
		r[i].row = (int)(n - i);
}

int chart_filled(const struct chart *c, size_t m)
{
	const struct ds_obs *o = ds_series_get(c->calc.s, m, c->year);
	return o != NULL && (o->flags & DS_OBS_FILLED) != 0;
}

int chart_rows_tics(struct chart *c, const struct chart_row *r, size_t n)
{
	const char **nm = calloc(n ? n : 1, sizeof *nm);
	char **own = calloc(n ? n : 1, sizeof *own);
	int *rows = calloc(n ? n : 1, sizeof *rows);
	int rc = DS_OK;
	if (nm == NULL || own == NULL || rows == NULL) {
		rc = ds_errors_nomem(c->err, NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		nm[i] = r[i].name;
		rows[i] = r[i].row;
		if (r[i].filled && !r[i].sep) {
			size_t len = strlen(r[i].name);
			if ((own[i] = malloc(len + 3)) == NULL) {
				rc = ds_errors_nomem(c->err, NULL);
				goto out;
			}
			memcpy(own[i], r[i].name, len);
			memcpy(own[i] + len, " f", 3);
			nm[i] = own[i];
		}
	}
	chart_row_tics(c, nm, rows, n);
out:
	for (size_t i = 0; own != NULL && i < n; i++)
		free(own[i]);
	free(own);
	free(nm);
	free(rows);
	return rc;
}

size_t chart_rows_bound(struct chart *c, struct chart_row *r, size_t n, const char *what)
{
	size_t top = c->top, with = 0;
	while (with < n && r[with].has)
		with++;
	size_t without = n - with;
	if (n <= 2 * top)
		return n;
	size_t k = 0;
	size_t cut = with > 2 * top ? with - 2 * top : 0;
	if (cut > 0) {
		/* top rows stay where they are; the bottom ones move up behind a separator */
		memmove(&r[top + 1], &r[with - top], top * sizeof *r);
		snprintf(c->sep[0], sizeof c->sep[0], "... %zu more %s ...", cut, what);
		r[top] = (struct chart_row){ .name = c->sep[0], .sep = 1 };
		k = 2 * top + 1;
	} else {
		k = with;
	}
	if (without > 0) {
		snprintf(c->sep[1], sizeof c->sep[1], "%zu %s without a figure", without, what);
		r[k++] = (struct chart_row){ .name = c->sep[1], .sep = 1 };
	}
	for (size_t i = 0; i < k; i++)
		r[i].row = (int)(k - i);
	if (cut > 0)
		chart_note(
			c,
			"Of %zu %s with a figure, the chart shows the top %zu and the bottom %zu; "
			"%zu in between are left out (--top N changes how many).",
			with, what, top, top, cut);
	if (without > 0)
		chart_note(c, "%zu %s without a figure are counted in one row.", without, what);
	return k;
}

void chart_value_margin(struct chart *c, int chars)
{
	ds_gp_printf(&c->gp,
		     "# The values stand in a column in the right margin, where no bar,\n"
		     "# line or marker can cross them.\nset rmargin %d\n",
		     chars + 2);
}

void chart_value_labels(struct chart *c, const char *xmax, int col)
{
	ds_gp_printf(&c->gp,
		     "ds_data using (%s):1:%d with labels left offset 1, 0 font ',9' notitle", xmax,
		     col);
}

void chart_hover(struct chart *c, const char *x, const char *y, int col)
{
	ds_gp_printf(&c->gp,
		     "ds_data using (%s):(%s):%d with labels hypertext point pt 7 ps 1.6 "
		     "lc rgb '#FF000000' notitle",
		     x, y, col);
}
