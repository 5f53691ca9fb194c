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
 *          -> table_out.c (the sticky-error writer)
 *
 * and every one of them reads the layout below, which table.c fills.
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
enum { DS_COL_MACHINE_ONLY = 1 };

struct ds_table {
	char *text; /* the arena */
	size_t text_len, text_cap;
	uint32_t *names; /* arena offsets of the column names */
	size_t ncols, names_cap;
	unsigned char *col_flags; /* DS_COL_* of each column */
	size_t flags_cap;
	struct ds_cell *cells; /* row-major, nrows * ncols */
	size_t nrows, rows_cap;
};

/* Whether the display formats (aligned, Markdown, HTML) show column col. */
static inline int ds_table_col_shown(const struct ds_table *t, size_t col)
{
	return !(t->col_flags[col] & DS_COL_MACHINE_ONLY);
}

static inline const struct ds_cell *ds_table_cell_at(const struct ds_table *t, size_t row,
						     size_t col)
{
	return &t->cells[row * t->ncols + col];
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
