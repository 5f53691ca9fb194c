/*
 * import_wide.h - the parser of NATO's wide tables: one row per country,
 * one column per year, as NATO publishes its figures.
 *
 * It works on memory and knows nothing of the dataset, so that a fuzzer can
 * drive it directly; matching names to members and merging the figures is
 * the importer's job (import.h).
 */
#ifndef DEFSPEND_IMPORT_WIDE_H
#define DEFSPEND_IMPORT_WIDE_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/error.h"

/* One cell of a wide table. */
struct ds_wide_value {
	int year;
	int estimate;     /* the column header carries NATO's 'e' mark: "2025e" */
	int present;      /* 0 for "..", an empty cell or a blank */
	const char *text; /* the figure exactly as written (NUL-terminated) */
	int32_t pct;      /* millionths of a point */
	int decimals;
	long line, column;
};

/* One country row: values[i] belongs to the i-th year column. */
struct ds_wide_row {
	const char *name;
	long line;
	size_t n;
	const struct ds_wide_value *values;
};

/* Called once per country row; return 0 to go on, or a status to stop. */
typedef int (*ds_wide_row_fn)(void *ctx, const struct ds_wide_row *row);

/*
 * Parses a wide table in data[0..len): a header whose first cell labels the
 * names and whose other cells are years, "YYYY" or "YYYYe" (an estimate);
 * then one row per country, the name first, each cell a percentage of GDP
 * as the loader accepts it, or ".." / empty when not published.  Blank
 * lines are skipped.  Every problem is added to err with its position in
 * `name`; a row with a problem is not passed to fn.  Returns DS_OK or the
 * first problem's status.  fn may be NULL (syntax check only).
 */
int ds_import_parse_wide(const char *name, const char *data, size_t len, ds_wide_row_fn fn,
			 void *ctx, struct ds_errors *err);

#endif
