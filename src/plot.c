/*
 * plot.c - the chart registry and what every chart shares: opening its
 * script and data file, the title, the source line, the threshold lines and
 * the band colours.  The charts themselves are in charts_*.c.
 *
 * Thresholds are drawn sorted ascending whatever order the user gave them
 * in, so that bands read from low to high.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plot_priv.h"

static const char *const names[DS_NCHARTS] = {
	[DS_CHART_RANKING] = "ranking",
	[DS_CHART_TREND] = "trend",
	[DS_CHART_COUNT] = "count",
	[DS_CHART_GAP] = "gap",
	[DS_CHART_AID] = "aid",
	[DS_CHART_PATH] = "path",
	[DS_CHART_REVISIONS] = "revisions",
};

/* Vermillion, orange, sky blue, bluish green: apart in hue and in lightness. */
const char *const ds_plot_band_colors[DS_PLOT_NBANDS] = {
	"#D55E00", "#E69F00", "#56B4E9", "#009E73", "#0072B2",
	"#CC79A7", "#F0E442", "#999999", "#000000",
};
const char *const ds_plot_line_colors[DS_PLOT_NLINES] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
};

const char *ds_chart_name(enum ds_chart c)
{
	return (unsigned)c < DS_NCHARTS ? names[c] : NULL;
}

int ds_chart_find(const char *name, enum ds_chart *c)
{
	for (int i = 0; i < DS_NCHARTS; i++)
		if (strcmp(names[i], name) == 0) {
			*c = (enum ds_chart)i;
			return 0;
		}
	return -1;
}

int chart_open(struct chart *c, const char *what)
{
	char gname[64], dname[64];
	snprintf(gname, sizeof gname, "%s.gp", c->name);
	snprintf(dname, sizeof dname, "%s.dat", c->name);
	if (ds_gp_open(&c->gp, c->dir, gname, &c->gp_tmp) != 0 ||
	    ds_gp_open(&c->dat, c->dir, dname, &c->dat_tmp) != 0) {
		int e = errno;
		ds_gp_abort(&c->gp, c->gp_tmp);
		c->gp_tmp = NULL;
		return ds_errors_add(c->err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s': %s",
				     c->dir, strerror(e));
	}
	ds_gp_preamble(&c->gp, c->name, what);
	ds_gp_printf(&c->dat, "# %s.dat - the data of %s.gp (tab-separated; NaN: no figure)\n",
		     c->name, c->name);
	return DS_OK;
}

int chart_close(struct chart *c)
{
	char gname[64], dname[64];
	snprintf(gname, sizeof gname, "%s.gp", c->name);
	snprintf(dname, sizeof dname, "%s.dat", c->name);
	int a = ds_gp_commit(&c->dat, c->dir, dname, c->dat_tmp);
	int e = errno;
	c->dat_tmp = NULL;
	if (a != 0) {
		ds_gp_abort(&c->gp, c->gp_tmp);
		c->gp_tmp = NULL;
	} else {
		a = ds_gp_commit(&c->gp, c->dir, gname, c->gp_tmp);
		e = errno;
		c->gp_tmp = NULL;
	}
	if (a != 0)
		return ds_errors_add(c->err, DS_EIO, NULL, 0, 0, "cannot write '%s/%s': %s", c->dir,
				     gname, strerror(e));
	return DS_OK;
}

void chart_abort(struct chart *c)
{
	ds_gp_abort(&c->gp, c->gp_tmp);
	ds_gp_abort(&c->dat, c->dat_tmp);
	c->gp_tmp = c->dat_tmp = NULL;
}

void chart_title(struct chart *c, const char *text)
{
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

void chart_source(struct chart *c, const struct ds_series *s, const char *extra)
{
	char buf[768];
	const struct ds_release *r = release_of(c, s);
	if (r != NULL)
		snprintf(buf, sizeof buf, "Source: NATO, %s (%s, %s basis).%s%s", r->title,
			 r->published, r->basis, extra ? " " : "", extra ? extra : "");
	else
		snprintf(buf, sizeof buf, "Source: %s.%s%s",
			 s != NULL && s->path != NULL ? "the spending file given" : "defspend data",
			 extra ? " " : "", extra ? extra : "");
	ds_gp_printf(&c->gp, "set label 99 ");
	ds_gp_quote(&c->gp, buf);
	ds_gp_printf(&c->gp,
		     " at screen 0.01, screen 0.015 left font ',9' textcolor rgb '#444444'\n");
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
	size_t h = 200 + 22 * n;
	if (h < 600)
		h = 600;
	/* cairo cannot draw a surface taller than 32767 pixels. */
	if (h > 32000)
		h = 32000;
	return (int)h;
}

static int cmp_row(const void *a, const void *b)
{
	const struct chart_row *x = a, *y = b;
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

int chart_rows_tics(struct chart *c, const struct chart_row *r, size_t n)
{
	const char **nm = malloc((n ? n : 1) * sizeof *nm);
	int *rows = malloc((n ? n : 1) * sizeof *rows);
	if (nm == NULL || rows == NULL) {
		free(nm);
		free(rows);
		return ds_errors_nomem(c->err, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		nm[i] = r[i].name;
		rows[i] = r[i].row;
	}
	chart_row_tics(c, nm, rows, n);
	free(nm);
	free(rows);
	return DS_OK;
}

static int cmp_threshold(const void *a, const void *b)
{
	const struct ds_threshold *x = a, *y = b;
	return (x->pct > y->pct) - (x->pct < y->pct);
}

int ds_chart_write(struct ds_dataset *ds, enum ds_chart which, const struct ds_chart_opts *o,
		   const char *dir, const char **skip, struct ds_errors *err)
{
	struct chart c;
	memset(&c, 0, sizeof c);
	*skip = NULL;
	c.ds = ds;
	c.o = o;
	c.dir = dir;
	c.err = err;
	c.name = ds_chart_name(which);
	if (c.name == NULL)
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "no chart number %d",
				     (int)which);
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth = o->nthresholds < DS_MAX_THRESHOLDS ? o->nthresholds : DS_MAX_THRESHOLDS;
	memcpy(th, o->thresholds, nth * sizeof th[0]);
	qsort(th, nth, sizeof th[0], cmp_threshold);
	int rc = ds_calc_init(&c.calc, ds, ds->spending, th, nth, o->base_year, o->by_year);
	if (rc != DS_OK)
		return ds_errors_add(err, rc, NULL, 0, 0, "bad thresholds");
	c.year = o->year ? o->year : ds_calc_latest_year(&c.calc);
	switch (which) {
	case DS_CHART_RANKING:
		rc = chart_ranking(&c);
		break;
	case DS_CHART_TREND:
		rc = chart_trend(&c);
		break;
	case DS_CHART_COUNT:
		rc = chart_count(&c);
		break;
	case DS_CHART_GAP:
		rc = chart_gap(&c);
		break;
	case DS_CHART_AID:
		rc = chart_aid(&c, skip);
		break;
	case DS_CHART_PATH:
		rc = chart_path(&c);
		break;
	case DS_CHART_REVISIONS:
		rc = chart_revisions(&c, skip);
		break;
	default:
		rc = DS_ESOFTWARE;
		break;
	}
	if (rc != DS_OK)
		chart_abort(&c);
	return rc;
}
