/*
 * import.h - merging a NATO release file into a spending file being
 * updated (update.h): the dataset's own long format (one row per member and
 * year), or the wide layout of NATO's published tables (one row per
 * country, one column per year), read by import_wide.h.
 *
 * Matching names to members and merging the figures happen here; choosing
 * the file to merge into, committing, registering and promoting the release
 * is the import's run (import_run.h).
 */
#ifndef DEFSPEND_IMPORT_H
#define DEFSPEND_IMPORT_H

#include <stddef.h>

#include "defspend/error.h"
#include "defspend/strmap.h"
#include "defspend/import_wide.h"
#include "defspend/update.h"

struct ds_import_opts {
	const char *source;  /* source of the figures of a wide table (required for one) */
	const char *release; /* release cell of imported rows; NULL: as in the file (long) or the
				target's */
	int skip_unknown;    /* names that match no member are listed, not fatal */
};

struct ds_import_result {
	int wide;              /* the file was a wide table */
	size_t unmatched;      /* distinct names or codes that matched no member */
	size_t unmatched_rows; /* the rows that carried them */
	/* With skip_unknown, each of those names once, in the order met, as
	 * "line LINE: NAME" of its first row (owned), and how many rows had it. */
	char **names;
	size_t *rows;
	size_t nnames, names_cap, rows_cap;
	struct ds_strmap seen_names; /* name -> index into names */
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
