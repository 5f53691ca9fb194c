/*
 * import.h - reading a NATO release for `defspend import`: the dataset's own
 * long format (one row per member and year), or the wide layout of NATO's
 * published tables (one row per country, one column per year).
 *
 * The wide parser works on memory and knows nothing of the dataset, so that
 * a fuzzer can drive it directly; matching names to members and merging the
 * figures is the driver's job (ds_import_file).
 */
#ifndef DEFSPEND_IMPORT_H
#define DEFSPEND_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/error.h"
#include "defspend/update.h"

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

struct ds_import_opts {
	const char *source;  /* source of the figures of a wide table (required for one) */
	const char *release; /* release cell of imported rows; NULL: as in the file (long) or the
				target's */
	int skip_unknown;    /* names that match no member are listed, not fatal */
};

struct ds_import_result {
	int wide;         /* the file was a wide table */
	size_t unmatched; /* rows whose name or code matched no member */
	char **names;     /* those names, "LINE: NAME" (owned) */
	size_t nnames;
};

/*
 * Reads the file at path (long or wide, told apart by an `iso3` column in
 * the header) and applies every figure to u.  Unmatched names are errors
 * (DS_EDATA, positioned) unless opts->skip_unknown.  Nothing is written:
 * the caller commits u.  Release res with ds_import_result_release().
 */
int ds_import_file(struct ds_update *u, const char *path, const struct ds_import_opts *opts,
		   struct ds_import_result *res, struct ds_errors *err);
void ds_import_result_release(struct ds_import_result *res);

#endif
