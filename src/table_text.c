/*
 * table_text.c - the display formats: the aligned terminal table and
 * GitHub-flavoured Markdown.
 *
 * Both pad cells to a column width measured in display columns, not bytes,
 * with ds_utf8_width(): "Türkiye" is seven columns and a CJK ideograph two,
 * whatever the locale.  Both therefore make two passes over the table, one
 * to measure and one to write, rendering each cell into a scratch buffer.
 *
 * Aligned table - the header, a rule of '-' as wide as each column, then
 *   the rows; columns are separated by two spaces.  Numbers and booleans are
 *   right-aligned, text left-aligned; a column whose non-NULL cells are all
 *   numbers or booleans right-aligns its header and its NULLs too.  NULL
 *   shows as "-", booleans as yes and no, control characters (C0, DEL, C1
 *   and the bidirectional overrides, which could scramble a terminal line)
 *   as '?'.  No line ends in a space.  With colour the header is bold, yes
 *   green and no red; escape codes sit inside the padding so that they take
 *   no column.
 *
 * Markdown - "| a | b |", then a delimiter row ("---", or "---:" for a
 *   column whose non-NULL cells are all numbers), then the rows, each cell
 *   padded so that the raw file reads as a table too.  '|' and '\' are
 *   escaped with a backslash, '<', '>' and '&' written as HTML entities
 *   (Markdown passes HTML through, so a name can never become markup), a
 *   line break (CRLF, CR or LF) and a tab become a space, other controls
 *   '?'.  Other Markdown markup in text is left as it is.  NULL is an empty cell, booleans yes and
 * no.
 *
 * A cell's mark (ds_table_set_mark) follows its value after a space,
 * "2.0 f"; in a column with marks the other cells get two spaces instead,
 * so that the values stay aligned.  Machine-only columns are left out.
 *
 * A table without columns has no display form: both write nothing.
 */
#include "table_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/utf8.h"
#include "defspend/util.h"

#define BOLD "\033[1m"
#define GREEN "\033[32m"
#define RED "\033[31m"
#define RESET "\033[0m"

struct sbuf {
	char *p;
	size_t len, cap;
};

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (n >= SIZE_MAX - b->len || ds_grow(&b->p, &b->cap, b->len + n + 1, 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Fills b with the display form of text s (see the top of the file). */
static int render_text(struct sbuf *b, const char *s, int md)
{
	size_t len = strlen(s), i = 0;

	b->len = 0;
	if (sb_add(b, "", 0) != 0)
		return -1;
	while (i < len) {
		uint32_t cp;
		size_t n = ds_utf8_decode(s + i, len - i, &cp);
		int rc;

		if (n == 0) { /* cannot happen: the setters validate text */
			n = 1;
			cp = 0;
		}
		if (md && (cp == '\r' || cp == '\n' || cp == '\t')) {
			if (cp == '\r' && s[i + 1] == '\n')
				n = 2;
			rc = sb_add(b, " ", 1);
		} else if (md && (cp == '|' || cp == '\\')) {
			rc = sb_add(b, "\\", 1) || sb_add(b, s + i, 1);
		} else if (md && (cp == '<' || cp == '>' || cp == '&')) {
			/* Markdown passes HTML through: text never becomes markup. */
			const char *ent = cp == '<' ? "&lt;" : cp == '>' ? "&gt;" : "&amp;";
			rc = sb_add(b, ent, strlen(ent));
		} else if (is_control(cp)) {
			rc = sb_add(b, "?", 1);
		} else {
			rc = sb_add(b, s + i, n);
		}
		if (rc != 0)
			return -1;
		i += n;
	}
	return 0;
}

/* Sets *s to the display form of a cell's value, rendering text into b. */
static int value_display(const struct ds_table *t, const struct ds_cell *c, int md, struct sbuf *b,
			 const char **s)
{
	switch ((enum ds_cell_type)c->type) {
	case DS_CELL_TEXT:
		if (render_text(b, t->text + c->off, md) != 0)
			return -1;
		*s = b->p;
		return 0;
	case DS_CELL_NUMBER:
		*s = t->text + c->off;
		return 0;
	case DS_CELL_BOOL:
		*s = c->off ? "yes" : "no";
		return 0;
	case DS_CELL_NULL:
		break;
	}
	*s = md ? "" : "-";
	return 0;
}

/*
 * Sets *s to the display form of a cell: its value, then " m" for a mark m.
 * In a column with marks (marks set) an unmarked cell gets two spaces in
 * their place, so that the values stay aligned.
 */
static int cell_display(const struct ds_table *t, const struct ds_cell *c, int md, int marks,
			struct sbuf *b, const char **s)
{
	if (value_display(t, c, md, b, s) != 0)
		return -1;
	if (!marks || (c->type == DS_CELL_NULL && md))
		return 0;
	char tail[3] = { ' ', c->mark ? c->mark : ' ', '\0' };
	if (*s != b->p) {
		b->len = 0;
		if (sb_add(b, *s, strlen(*s)) != 0)
			return -1;
	}
	if (sb_add(b, tail, 2) != 0)
		return -1;
	*s = b->p;
	return 0;
}

struct col {
	size_t width;
	size_t data;   /* the widest cell, header aside */
	size_t header; /* the header's width */
	int right;     /* header and NULLs right-aligned too */
	int seen;      /* the column has a non-NULL cell */
	int any_other; /* ... and one that is not a number (or bool, aligned table) */
	int marks;     /* a cell of the column has a mark */
};

/* Measures every column; Markdown has a 3-column minimum (4 right-aligned). */
static int layout(const struct ds_table *t, int md, struct sbuf *b, struct col *cols)
{
	size_t r, c, w;
	const char *s;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (ds_table_cell_at(t, r, c)->mark)
				cols[c].marks = 1;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct ds_cell *cell = ds_table_cell_at(t, r, c);

			if (cell->type == DS_CELL_NULL && !cols[c].marks)
				continue;
			if (cell->type != DS_CELL_NULL)
				cols[c].seen = 1;
			if (cell->type == DS_CELL_TEXT || (md && cell->type == DS_CELL_BOOL))
				cols[c].any_other = 1;
			if (cell_display(t, cell, md, cols[c].marks, b, &s) != 0)
				return -1;
			w = ds_utf8_width(s);
			if (w > cols[c].width)
				cols[c].width = w;
		}
	}
	for (c = 0; c < t->ncols; c++) {
		cols[c].data = cols[c].width;
		cols[c].right = cols[c].seen && !cols[c].any_other;
		if (render_text(b, t->text + t->names[c], md) != 0)
			return -1;
		w = ds_utf8_width(b->p);
		if (md && w < (cols[c].right ? 4u : 3u))
			w = cols[c].right ? 4 : 3;
		cols[c].header = w;
		if (w > cols[c].width)
			cols[c].width = w;
	}
	return 0;
}

/* The SHORTFALL column of the group of FLAG column c, or -1. */
static long group_shortfall(const struct ds_table *t, size_t c)
{
	const char *g = t->text + t->meta[c].group_off;

	for (size_t k = 0; k < t->ncols; k++)
		if (t->meta[k].has_group && t->meta[k].role == DS_COL_SHORTFALL &&
		    strcmp(t->text + t->meta[k].group_off, g) == 0)
			return (long)k;
	return -1;
}

/*
 * The compact cell of a group on row r (table.h): "yes", the shortfall
 * negated, "no" or "-".  *hue is its colour.  Written into b.
 */
static int compact_cell(const struct ds_table *t, size_t r, size_t flag, long shortfall,
			struct sbuf *b, const char **hue)
{
	const struct ds_cell *f = ds_table_cell_at(t, r, flag);
	const char *lit = NULL;

	b->len = 0;
	*hue = NULL;
	if (f->type != DS_CELL_BOOL)
		return sb_add(b, "-", 1);
	if (f->off) {
		*hue = GREEN;
		return sb_add(b, "yes", 3);
	}
	*hue = RED;
	if (shortfall >= 0 && ds_table_cell_at(t, r, (size_t)shortfall)->type == DS_CELL_NUMBER)
		lit = t->text + ds_table_cell_at(t, r, (size_t)shortfall)->off;
	if (lit == NULL)
		return sb_add(b, "no", 2);
	if (*lit == '-')
		return sb_add(b, lit + 1, strlen(lit + 1));
	return sb_add(b, "-", 1) || sb_add(b, lit, strlen(lit));
}

/* Measures what fitting needs: every column, its short header and its compact cells. */
static int measure(const struct ds_table *t, const struct col *cols, struct sbuf *b,
		   struct ds_fit_measure *m)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const struct ds_colmeta *meta = ds_table_meta(t, c);
		const char *hue;

		m[c].data = cols[c].data;
		m[c].header = cols[c].header;
		m[c].shorth = cols[c].header;
		m[c].right = cols[c].right;
		m[c].compact = 0;
		if (meta->has_short) {
			if (render_text(b, t->text + meta->short_off, 0) != 0)
				return -1;
			m[c].shorth = ds_utf8_width(b->p);
		}
		if (!meta->has_group || meta->role != DS_COL_FLAG)
			continue;
		long sf = group_shortfall(t, c);
		for (size_t r = 0; r < t->nrows; r++) {
			if (compact_cell(t, r, c, sf, b, &hue) != 0)
				return -1;
			if (b->len > m[c].compact)
				m[c].compact = b->len;
		}
	}
	return 0;
}

/* Cuts the display form s to width columns, the last one '~', into b. */
static int cut_display(struct sbuf *b, const char *s, size_t width, const char **out)
{
	size_t len = strlen(s), i = 0, w = 0;
	struct sbuf tmp = { NULL, 0, 0 };
	int rc = sb_add(&tmp, "", 0);

	while (rc == 0 && i < len) {
		uint32_t cp;
		size_t n = ds_utf8_decode(s + i, len - i, &cp);
		int cw;

		if (n == 0)
			break;
		cw = ds_utf8_cp_width(cp);
		if (cw < 0)
			cw = 0;
		if (w + (size_t)cw + 1 > width)
			break;
		rc = sb_add(&tmp, s + i, n);
		w += (size_t)cw;
		i += n;
	}
	/* "Iceland ~" reads worse than "Iceland~". */
	while (rc == 0 && tmp.len > 0 && tmp.p[tmp.len - 1] == ' ')
		tmp.p[--tmp.len] = '\0';
	if (rc == 0)
		rc = sb_add(&tmp, "~", 1);
	b->len = 0;
	if (rc == 0)
		rc = sb_add(b, tmp.p, tmp.len);
	free(tmp.p);
	*out = b->p;
	return rc;
}

/*
 * A line of the aligned table.  Spaces are held back until something
 * visible follows them, so that no line ends in a space however its last
 * cells are aligned; escape codes that close a span do not release them.
 */
struct line {
	struct ds_table_out *o;
	size_t pending;
};

static void line_flush(struct line *l)
{
	ds_table_out_repeat(l->o, ' ', l->pending);
	l->pending = 0;
}

static void line_text(struct line *l, const char *s)
{
	size_t n = strlen(s), k = n;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k > 0) {
		line_flush(l);
		ds_table_out_put(l->o, s, k);
	}
	l->pending += n - k;
}

static void line_end(struct line *l)
{
	l->pending = 0;
	ds_table_out_puts(l->o, "\n");
}

/* Writes s, w columns wide, in a field width columns wide, optionally coloured. */
static void line_cell(struct line *l, const char *s, size_t w, size_t width, int right,
		      const char *color)
{
	if (right)
		l->pending += width - w;
	if (color != NULL && *s != '\0') {
		line_flush(l);
		ds_table_out_puts(l->o, color);
		line_text(l, s);
		ds_table_out_puts(l->o, RESET);
	} else {
		line_text(l, s);
	}
	if (!right)
		l->pending += width - w;
}

/* The header a plan column shows. */
static const char *plan_header(const struct ds_table *t, const struct ds_fit_col *pc)
{
	const struct ds_colmeta *meta = ds_table_meta(t, pc->col);

	if (pc->group)
		return t->text + meta->group_off;
	if (pc->use_short && meta->has_short)
		return t->text + meta->short_off;
	return t->text + t->names[pc->col];
}

int ds_table_write_aligned(const struct ds_table *t, const struct ds_table_style *style,
			   struct ds_table_out *o)
{
	int color = style != NULL && style->color;
	struct line l = { o, 0 };
	struct sbuf b = { NULL, 0, 0 }, cutb = { NULL, 0, 0 };
	struct col *cols = NULL;
	struct ds_fit_measure *m = NULL;
	struct ds_fit_plan plan = { NULL, 0 };
	const char *s;
	size_t r, i;
	int rc = -1;

	if (style != NULL && style->fit != NULL)
		memset(style->fit, 0, sizeof *style->fit);
	if (t->ncols == 0)
		return 0;
	cols = calloc(t->ncols, sizeof *cols);
	m = calloc(t->ncols, sizeof *m);
	if (cols == NULL || m == NULL) {
		errno = ENOMEM;
		goto out;
	}
	if (layout(t, 0, &b, cols) != 0 || measure(t, cols, &b, m) != 0 ||
	    ds_table_fit_plan(t, m, style != NULL ? style->width : 0, &plan,
			      style != NULL ? style->fit : NULL) != 0)
		goto out;
	if (plan.n == 0) /* every column is machine-only */
		goto done;
	for (i = 0; i < plan.n; i++) {
		const struct ds_fit_col *pc = &plan.cols[i];

		if (render_text(&b, plan_header(t, pc), 0) != 0)
			goto out;
		l.pending += i > 0 ? 2 : 0;
		line_cell(&l, b.p, ds_utf8_width(b.p), pc->width, pc->group || cols[pc->col].right,
			  color ? BOLD : NULL);
	}
	line_end(&l);
	for (i = 0; i < plan.n; i++) {
		l.pending += i > 0 ? 2 : 0;
		if (plan.cols[i].width > 0) {
			line_flush(&l);
			ds_table_out_repeat(o, '-', plan.cols[i].width);
		}
	}
	line_end(&l);
	for (r = 0; r < t->nrows && !o->err; r++) {
		for (i = 0; i < plan.n; i++) {
			const struct ds_fit_col *pc = &plan.cols[i];
			const struct ds_cell *cell = ds_table_cell_at(t, r, pc->col);
			const char *hue = NULL;
			int right = cell->type == DS_CELL_NUMBER || cell->type == DS_CELL_BOOL ||
				    (cell->type == DS_CELL_NULL && cols[pc->col].right);
			size_t w;

			if (pc->group) {
				if (compact_cell(t, r, pc->col, pc->shortfall, &b, &hue) != 0)
					goto out;
				s = b.p;
				right = 1;
			} else {
				if (cell_display(t, cell, 0, cols[pc->col].marks, &b, &s) != 0)
					goto out;
				if (cell->type == DS_CELL_BOOL)
					hue = cell->off ? GREEN : RED;
			}
			w = ds_utf8_width(s);
			if (pc->cut && w > pc->width) {
				if (cut_display(&cutb, s, pc->width, &s) != 0)
					goto out;
				w = ds_utf8_width(s);
			}
			l.pending += i > 0 ? 2 : 0;
			line_cell(&l, s, w, pc->width, right, color ? hue : NULL);
		}
		line_end(&l);
	}
done:
	rc = 0;
out:
	free(plan.cols);
	free(m);
	free(cols);
	free(b.p);
	free(cutb.p);
	return rc;
}

/* Writes one Markdown cell, padded to its column, and the bar after it. */
static void md_cell(struct ds_table_out *o, const char *s, const struct col *col)
{
	size_t pad = col->width - ds_utf8_width(s);

	ds_table_out_puts(o, " ");
	if (col->right)
		ds_table_out_repeat(o, ' ', pad);
	ds_table_out_puts(o, s);
	if (!col->right)
		ds_table_out_repeat(o, ' ', pad);
	ds_table_out_puts(o, " |");
}

int ds_table_write_md(const struct ds_table *t, struct ds_table_out *o)
{
	struct sbuf b = { NULL, 0, 0 };
	struct col *cols = NULL;
	const char *s;
	size_t r, c;
	int rc = -1;

	if (t->ncols == 0)
		return 0;
	cols = calloc(t->ncols, sizeof *cols);
	if (cols == NULL) {
		errno = ENOMEM;
		goto out;
	}
	if (layout(t, 1, &b, cols) != 0)
		goto out;
	size_t shown = 0;
	for (c = 0; c < t->ncols; c++)
		shown += ds_table_col_shown(t, c) != 0;
	if (shown == 0)
		goto done;
	ds_table_out_puts(o, "|");
	for (c = 0; c < t->ncols; c++) {
		if (!ds_table_col_shown(t, c))
			continue;
		if (render_text(&b, t->text + t->names[c], 1) != 0)
			goto out;
		md_cell(o, b.p, &cols[c]);
	}
	ds_table_out_puts(o, "\n|");
	for (c = 0; c < t->ncols; c++) {
		if (!ds_table_col_shown(t, c))
			continue;
		ds_table_out_puts(o, " ");
		ds_table_out_repeat(o, '-', cols[c].width - (cols[c].right ? 1 : 0));
		ds_table_out_puts(o, cols[c].right ? ": |" : " |");
	}
	ds_table_out_puts(o, "\n");
	for (r = 0; r < t->nrows && !o->err; r++) {
		ds_table_out_puts(o, "|");
		for (c = 0; c < t->ncols; c++) {
			if (!ds_table_col_shown(t, c))
				continue;
			if (cell_display(t, ds_table_cell_at(t, r, c), 1, cols[c].marks, &b, &s) !=
			    0)
				goto out;
			md_cell(o, s, &cols[c]);
		}
		ds_table_out_puts(o, "\n");
	}
done:
	rc = 0;
out:
	free(cols);
	free(b.p);
	return rc;
}
