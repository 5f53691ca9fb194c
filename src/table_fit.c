/*
 * table_fit.c - what the aligned table shows when it must fit a width (the
 * rules are in table.h; table_text.c measures and writes).
 *
 * The plan is built on units: a column, or a group of columns collapsed
 * into one compact cell.  Each step that shrinks the table (collapsing,
 * short headers, cutting text, leaving out columns) is taken only when the
 * table does not fit without it, so a wide terminal sees the table exactly
 * as a file gets it, and a narrow one loses the least it can.  A header is
 * never cut: a column with cut text stays at least as wide as its header,
 * so no header breaks mid-word.
 *
 * Widths are display columns, so the arithmetic is all there is here; it
 * is tested directly (tests/test_table.c) on tables of chosen widths.
 */
#include "table_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/utf8.h"

#define GAP 2 /* spaces between columns */

struct unit {
	size_t col;     /* the column, or a group's FLAG column */
	long shortfall; /* a group's SHORTFALL column, -1 when none */
	int group;      /* a collapsed group */
	int shown;
	size_t cut; /* cut to this width (0: not cut) */
};

struct fitter {
	const struct ds_table *t;
	const struct ds_fit_measure *m;
	struct unit *u;
	size_t n;
	int use_short;
};

static const char *name_of(const struct ds_table *t, size_t c)
{
	return t->text + t->names[c];
}

static const char *group_of(const struct ds_table *t, size_t c)
{
	return t->meta[c].has_group ? t->text + t->meta[c].group_off : NULL;
}

/* The width of a unit's header as it would be shown. */
static size_t header_width(const struct fitter *f, const struct unit *u)
{
	if (u->group)
		return ds_utf8_width(group_of(f->t, u->col));
	return f->use_short ? f->m[u->col].shorth : f->m[u->col].header;
}

static size_t unit_width(const struct fitter *f, const struct unit *u)
{
	size_t h = header_width(f, u);
	size_t d = u->group ? f->m[u->col].compact : f->m[u->col].data;
	if (u->cut && u->cut < d)
		d = u->cut;
	return d > h ? d : h;
}

static size_t total(const struct fitter *f)
{
	size_t sum = 0, shown = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (!f->u[i].shown)
			continue;
		sum += unit_width(f, &f->u[i]);
		shown++;
	}
	return sum + (shown > 1 ? GAP * (shown - 1) : 0);
}

/* How far a unit may be cut: to its minimum width, never below its header. */
static size_t cut_floor(const struct fitter *f, const struct unit *u)
{
	size_t min = f->t->meta[u->col].min_width;
	size_t h = header_width(f, u);
	if (u->group || min == 0)
		return unit_width(f, u);
	return min > h ? min : h;
}

/* One unit per column the display formats show: the table as it is. */
static void units_plain(struct fitter *f)
{
	f->n = 0;
	for (size_t c = 0; c < f->t->ncols; c++)
		if (ds_table_col_shown(f->t, c))
			f->u[f->n++] = (struct unit){ c, -1, 0, 1, 0 };
}

/* Each group that has a FLAG column becomes one unit where its first column stood. */
static int units_collapsed(struct fitter *f)
{
	const struct ds_table *t = f->t;
	size_t n = 0;
	int any = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *g = group_of(t, c);
		long flag = -1, shortfall = -1;
		if (!ds_table_col_shown(t, c))
			continue;
		int first = 1;
		for (size_t k = 0; g != NULL && k < t->ncols; k++) {
			const char *h = group_of(t, k);
			if (h == NULL || strcmp(g, h) != 0 || !ds_table_col_shown(t, k))
				continue;
			if (k < c)
				first = 0;
			if (t->meta[k].role == DS_COL_FLAG && flag < 0)
				flag = (long)k;
			if (t->meta[k].role == DS_COL_SHORTFALL && shortfall < 0)
				shortfall = (long)k;
		}
		if (g == NULL || flag < 0) {
			f->u[n++] = (struct unit){ c, -1, 0, 1, 0 };
		} else if (first) {
			f->u[n++] = (struct unit){ (size_t)flag, shortfall, 1, 1, 0 };
			any = 1;
		}
	}
	f->n = n;
	return any;
}

/* Cuts the widest cuttable units until the table is `excess` narrower; 0 when it cannot. */
static int cut_text(struct fitter *f, size_t excess)
{
	size_t room = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->u[i].shown)
			room += unit_width(f, &f->u[i]) - cut_floor(f, &f->u[i]);
	if (room < excess)
		return 0;
	while (excess > 0) {
		struct unit *best = NULL;
		size_t best_w = 0;
		for (size_t i = 0; i < f->n; i++) {
			struct unit *u = &f->u[i];
			size_t w = unit_width(f, u);
			if (u->shown && w > cut_floor(f, u) && w > best_w) {
				best = u;
				best_w = w;
			}
		}
		if (best == NULL)
			return 0;
		best->cut = best_w - 1;
		excess--;
	}
	return 1;
}

/* The unit to leave out next: highest priority number, rightmost; NULL when one is left. */
static struct unit *next_to_drop(struct fitter *f)
{
	struct unit *best = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct unit *u = &f->u[i];
		if (!u->shown)
			continue;
		shown++;
		if (best == NULL || f->t->meta[u->col].priority >= f->t->meta[best->col].priority)
			best = u;
	}
	return shown > 1 ? best : NULL;
}

/* Appends s to buf (size bytes) after ", " when buf is not empty, ending in "..." when full. */
static void add_name(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);
	if (len >= 3 && strcmp(buf + len - 3, "...") == 0)
		return;
	size_t need = len + (len ? 2 : 0) + strlen(s) + 1;
	if (need + 5 > size) {
		if (len + 5 <= size)
			memcpy(buf + len, len ? ", ..." : "...", len ? 6 : 4);
		return;
	}
	if (len)
		strcat(buf, ", ");
	strcat(buf, s);
}

/* Fills fit from the final units. */
static void report(const struct fitter *f, struct ds_table_fit *fit)
{
	const struct ds_table *t = f->t;
	unsigned char *shown_cols = calloc(t->ncols ? t->ncols : 1, 1);
	if (shown_cols == NULL)
		return; /* the report is a courtesy; the plan stands */
	for (size_t i = 0; i < f->n; i++) {
		const struct unit *u = &f->u[i];
		if (!u->shown)
			continue;
		shown_cols[u->col] = 1;
		if (u->shortfall >= 0)
			shown_cols[u->shortfall] = 1;
		if (u->group) {
			fit->collapsed++;
			add_name(fit->groups, sizeof fit->groups, group_of(t, u->col));
		}
		if (!u->group && unit_width(f, u) < f->m[u->col].data)
			fit->cut = 1;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (shown_cols[c] || !ds_table_col_shown(t, c))
			continue; /* a machine-only column is never shown: nothing was left out */
		fit->left_out++;
		add_name(fit->left_names, sizeof fit->left_names, name_of(t, c));
	}
	fit->shortened = f->use_short;
	fit->fitted = fit->left_out > 0 || fit->collapsed > 0 || fit->shortened || fit->cut;
	free(shown_cols);
}

/* Whether any column has a short header different from its header. */
static int any_short(const struct fitter *f)
{
	for (size_t c = 0; c < f->t->ncols; c++)
		if (f->m[c].shorth != f->m[c].header || f->t->meta[c].has_short)
			return 1;
	return 0;
}

static void fit_to(struct fitter *f, size_t width)
{
	units_plain(f);
	if (width == 0 || total(f) <= width)
		return;
	if (units_collapsed(f) && total(f) <= width)
		return;
	if (any_short(f)) {
		f->use_short = 1;
		if (total(f) <= width)
			return;
	}
	for (;;) {
		size_t w = total(f);
		if (w <= width)
			return;
		/* Extras and details go before any text is cut; after them,
		 * cutting a long name beats losing a column. */
		struct unit *u = next_to_drop(f);
		if ((u == NULL || f->t->meta[u->col].priority <= DS_COL_NORMAL) &&
		    cut_text(f, w - width))
			return;
		if (u == NULL)
			break;
		u->shown = 0;
	}
	/* One unit is left and still too wide: cut it to the width. */
	for (size_t i = 0; i < f->n; i++)
		if (f->u[i].shown && !f->u[i].group && width > 0)
			f->u[i].cut = width;
}

int ds_table_fit_plan(const struct ds_table *t, const struct ds_fit_measure *m, size_t width,
		      struct ds_fit_plan *plan, struct ds_table_fit *fit)
{
	struct fitter f = { t, m, NULL, 0, 0 };
	plan->cols = NULL;
	plan->n = 0;
	if (fit != NULL)
		memset(fit, 0, sizeof *fit);
	f.u = calloc(t->ncols ? t->ncols : 1, sizeof *f.u);
	plan->cols = calloc(t->ncols ? t->ncols : 1, sizeof *plan->cols);
	if (f.u == NULL || plan->cols == NULL) {
		free(f.u);
		free(plan->cols);
		plan->cols = NULL;
		errno = ENOMEM;
		return -1;
	}
	fit_to(&f, width);
	for (size_t i = 0; i < f.n; i++) {
		const struct unit *u = &f.u[i];
		if (!u->shown)
			continue;
		struct ds_fit_col *pc = &plan->cols[plan->n++];
		pc->col = u->col;
		pc->shortfall = u->group ? u->shortfall : -1;
		pc->group = u->group;
		pc->use_short = !u->group && f.use_short;
		pc->width = unit_width(&f, u);
		pc->cut = !u->group && pc->width < m[u->col].data;
	}
	if (fit != NULL)
		report(&f, fit);
	free(f.u);
	return 0;
}
