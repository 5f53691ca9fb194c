/*
 * table_priv.h - the layout of struct ds_table, and the entry point of each
 * output format, shared by the files of the table module.
 *
 * Only src/table*.c include this file.  Cells are kept compactly for tables
 * of tens of thousands of rows: every string (column names, text, number
 * literals) lives NUL-terminated in one growing arena and a cell is just a
 * 32-bit offset into it plus a type byte, eight bytes in all.  Offsets, not
 * pointers, so that growing the arena never leaves a cell dangling.
 *
 * The module's files depend on each other in one direction only:
 *
 *   table_write.c (format names, dispatch)
 *     -> table_text.c (aligned, Markdown), table_machine.c (CSV, TSV, JSON),
 *        table_html.c (HTML)
 *          -> table_fit.c (what the aligned table shows at a width)
 *          -> table_out.c (the sticky-error writer)
 *
 * and every one of them reads the layout below, which table.c and
 * table_meta.c (the columns' metadata) fill.
 */
#ifndef DEFSPEND_TABLE_PRIV_H
#define DEFSPEND_TABLE_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "defspend/table.h"
#include "table_out.h"

struct ds_cell {
	uint32_t off;       /* arena offset for TEXT and NUMBER; the value for BOOL */
	unsigned char type; /* enum ds_cell_type */
	char mark;          /* a display mark ('f'), '\0' for none: in the padding, no cost */
};

/* Column flags. */
enum {
	DS_COL_MACHINE_ONLY = 1,
	DS_COL_UNUSED = 2 /* cells set there are not kept (ds_table_column_unused) */
};

/* How a column may shrink when the aligned table is fitted (table.h). */
struct ds_colmeta {
	uint32_t short_off; /* arena offset of the short header; 0 with has_short unset */
	uint32_t group_off; /* arena offset of the group's name */
	uint32_t min_width; /* text may be cut to this width; 0: never cut */
	unsigned char priority;
	unsigned char has_short, has_group, role;
};

struct ds_table {
	char *text; /* the arena */
	size_t text_len, text_cap;
	uint32_t *names; /* arena offsets of the column names */
	size_t ncols, names_cap;
	unsigned char *col_flags; /* DS_COL_* of each column */
	size_t flags_cap;
	struct ds_colmeta *meta; /* one per column, names_cap of room */
	size_t meta_cap;
	struct ds_cell *cells; /* row-major, nrows * ncols */
	size_t nrows, rows_cap;
};

/* Whether the display formats (aligned, Markdown, HTML) show column col. */
static inline int ds_table_col_shown(const struct ds_table *t, size_t col)
{
	return !(t->col_flags[col] & DS_COL_MACHINE_ONLY);
}

/*
 * Copies s[0..n) and a NUL into t's arena and sets *off to where it went
 * (table.c); -1 with errno ENOMEM or EOVERFLOW.  s may point into the arena.
 */
int ds_table_arena_add(struct ds_table *t, const char *s, size_t n, uint32_t *off);

static inline const struct ds_cell *ds_table_cell_at(const struct ds_table *t, size_t row,
						     size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/*
 * Fitting the aligned table to a width (table.h): table_text.c measures
 * the display width of every column, table_fit.c chooses what to show
 * from those widths and the columns' metadata, and table_text.c writes the
 * plan.  The plan is pure arithmetic, so it is tested without output.
 */
struct ds_fit_measure {
	size_t data;    /* the widest cell */
	size_t header;  /* the header */
	size_t shorth;  /* the short header (the header when there is none) */
	size_t compact; /* a group's FLAG column: the widest compact cell; else 0 */
	int right;      /* header and NULLs right-aligned */
};

struct ds_fit_col {
	size_t col;     /* the column shown; for a collapsed group its FLAG column */
	long shortfall; /* a collapsed group's SHORTFALL column, -1 when none */
	int group;      /* a collapsed group: the compact cell under the group's name */
	int use_short;  /* the short header is shown */
	size_t width;   /* display columns */
	int cut;        /* cells wider than width are cut to it */
};

struct ds_fit_plan {
	struct ds_fit_col *cols; /* the caller frees it */
	size_t n;
};

/*
 * Lays out t from the widths m[0..t->ncols): every column as it is when
 * width is 0 or the table fits, else fitted as table.h describes.  fit (may
 * be NULL) is filled with what was done.  Returns 0, or -1 with errno
 * ENOMEM.
 */
int ds_table_fit_plan(const struct ds_table *t, const struct ds_fit_measure *m, size_t width,
		      struct ds_fit_plan *plan, struct ds_table_fit *fit);

/* The metadata of column c (every table has one per column). */
static inline const struct ds_colmeta *ds_table_meta(const struct ds_table *t, size_t c)
{
	return &t->meta[c];
}

/*
 * The formats, one function each, called by ds_table_write() only.  Each
 * writes through o and returns 0, or -1 with errno ENOMEM when it ran out
 * of memory; write errors are left in o->err.
 */
int ds_table_write_aligned(const struct ds_table *t, const struct ds_table_style *style,
			   struct ds_table_out *o);                        /* table_text.c */
int ds_table_write_md(const struct ds_table *t, struct ds_table_out *o);   /* table_text.c */
int ds_table_write_csv(const struct ds_table *t, struct ds_table_out *o);  /* table_machine.c */
int ds_table_write_tsv(const struct ds_table *t, struct ds_table_out *o);  /* table_machine.c */
int ds_table_write_json(const struct ds_table *t, struct ds_table_out *o); /* table_machine.c */
int ds_table_write_html(const struct ds_table *t, struct ds_table_out *o); /* table_html.c */

#endif
