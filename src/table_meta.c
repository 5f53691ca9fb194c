/*
 * table_meta.c - what a column says about itself for fitting the aligned
 * table to a screen (priority, short header, minimum width, group; see
 * table.h), and ds_table_keep_columns(), the chosen columns in a chosen
 * order that --columns prints.
 *
 * Metadata strings live in the table's arena like every other string, so
 * a table still frees with one call.
 */
#include "table_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/utf8.h"
#include "defspend/util.h"

int ds_table_column_set_priority(struct ds_table *t, size_t col, int priority)
{
	if (col >= t->ncols || priority < 0 || priority > 255) {
		errno = EINVAL;
		return -1;
	}
	t->meta[col].priority = (unsigned char)priority;
	return 0;
}

/* Copies a valid UTF-8 string of metadata into the arena. */
static int meta_string(struct ds_table *t, size_t col, const char *s, uint32_t *off)
{
	size_t len = strlen(s);

	if (col >= t->ncols || len == 0) {
		errno = EINVAL;
		return -1;
	}
	if (!ds_utf8_valid(s, len)) {
		errno = EILSEQ;
		return -1;
	}
	return ds_table_arena_add(t, s, len, off);
}

int ds_table_column_set_short(struct ds_table *t, size_t col, const char *short_name)
{
	uint32_t off;

	if (meta_string(t, col, short_name, &off) != 0)
		return -1;
	t->meta[col].short_off = off;
	t->meta[col].has_short = 1;
	return 0;
}

int ds_table_column_set_min_width(struct ds_table *t, size_t col, size_t width)
{
	if (col >= t->ncols || width < 2 || width > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	t->meta[col].min_width = (uint32_t)width;
	return 0;
}

int ds_table_column_set_group(struct ds_table *t, size_t col, const char *group,
			      enum ds_col_role role)
{
	uint32_t off;

	if (role != DS_COL_FLAG && role != DS_COL_SHORTFALL && role != DS_COL_PART) {
		errno = EINVAL;
		return -1;
	}
	if (meta_string(t, col, group, &off) != 0)
		return -1;
	t->meta[col].group_off = off;
	t->meta[col].has_group = 1;
	t->meta[col].role = (unsigned char)role;
	return 0;
}

int ds_table_column_priority(const struct ds_table *t, size_t col)
{
	return col < t->ncols ? t->meta[col].priority : -1;
}

const char *ds_table_column_short(const struct ds_table *t, size_t col)
{
	return col < t->ncols && t->meta[col].has_short ? t->text + t->meta[col].short_off : NULL;
}

const char *ds_table_column_group(const struct ds_table *t, size_t col)
{
	return col < t->ncols && t->meta[col].has_group ? t->text + t->meta[col].group_off : NULL;
}

int ds_table_describe(struct ds_table *t, const struct ds_col_desc *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t c;

		if (ds_table_column_find(t, d[i].name, &c) != 0)
			continue;
		if (ds_table_column_set_priority(t, c, d[i].priority) != 0 ||
		    (d[i].short_name != NULL &&
		     ds_table_column_set_short(t, c, d[i].short_name) != 0) ||
		    (d[i].min_width != 0 &&
		     ds_table_column_set_min_width(t, c, d[i].min_width) != 0))
			return -1;
	}
	return 0;
}

int ds_table_keep_columns(struct ds_table *t, const size_t *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (cols[j] == cols[i]) {
				errno = EINVAL;
				return -1;
			}
		}
		if (cols[i] >= t->ncols) {
			errno = EINVAL;
			return -1;
		}
	}
	/* The kept columns' descriptions, gathered before any is overwritten. */
	uint32_t *names = malloc((n ? n : 1) * sizeof *names);
	unsigned char *flags = malloc(n ? n : 1);
	struct ds_colmeta *meta = malloc((n ? n : 1) * sizeof *meta);
	struct ds_cell *row = malloc((n ? n : 1) * sizeof *row);
	if (names == NULL || flags == NULL || meta == NULL || row == NULL) {
		free(names);
		free(flags);
		free(meta);
		free(row);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		names[i] = t->names[cols[i]];
		flags[i] = t->col_flags[cols[i]];
		meta[i] = t->meta[cols[i]];
	}
	/* Row r's n cells go to r * n, which is at most where the row was
	 * (n <= ncols): going down the rows, no row is overwritten before it
	 * is read, and each row is gathered apart first. */
	for (size_t r = 0; n > 0 && r < t->nrows; r++) {
		const struct ds_cell *from = &t->cells[r * t->ncols];
		for (size_t i = 0; i < n; i++)
			row[i] = from[cols[i]];
		memcpy(&t->cells[r * n], row, n * sizeof *row);
	}
	if (n > 0) {
		memcpy(t->names, names, n * sizeof *names);
		memcpy(t->col_flags, flags, n);
		memcpy(t->meta, meta, n * sizeof *meta);
	}
	/* rows_cap counts rows of ncols cells: the same memory holds more of n. */
	if (n > 0)
		t->rows_cap = t->rows_cap * t->ncols / n;
	t->ncols = n;
	free(names);
	free(flags);
	free(meta);
	free(row);
	return 0;
}
