/*
 * table_priv.h - the layout of struct ds_table, shared by its writers.
 *
 * Only src/table*.c include this file.  Cells are kept compactly for tables
 * of tens of thousands of rows: every string (column names, text, number
 * literals) lives NUL-terminated in one growing arena and a cell is just a
 * 32-bit offset into it plus a type byte, eight bytes in all.  Offsets, not
 * pointers, so that growing the arena never leaves a cell dangling.
 */
#ifndef DEFSPEND_TABLE_PRIV_H
#define DEFSPEND_TABLE_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "defspend/table.h"

struct ds_cell {
	uint32_t off;       /* arena offset for TEXT and NUMBER; the value for BOOL */
	unsigned char type; /* enum ds_cell_type */
};

struct ds_table {
	char *text; /* the arena */
	size_t text_len, text_cap;
	uint32_t *names; /* arena offsets of the column names */
	size_t ncols, names_cap;
	struct ds_cell *cells; /* row-major, nrows * ncols */
	size_t nrows, rows_cap;
};

static inline const struct ds_cell *ds_table_cell_at(const struct ds_table *t, size_t row,
						     size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/*
 * A FILE with a sticky error flag, so that writers can emit freely and test
 * once: after the first failed write nothing more is attempted.
 */
struct ds_table_out {
	FILE *f;
	int err;
};

void ds_table_out_put(struct ds_table_out *o, const char *s, size_t n);
void ds_table_out_puts(struct ds_table_out *o, const char *s);
void ds_table_out_repeat(struct ds_table_out *o, char c, size_t n);

/* The display formats of table_text.c: 0, or -1 with errno ENOMEM. */
int ds_table_write_aligned(const struct ds_table *t, const struct ds_table_style *style,
			   struct ds_table_out *o);
int ds_table_write_md(const struct ds_table *t, struct ds_table_out *o);

#endif
