/*
 * load_spending.h - the loader of a spending file: one release's figures,
 * member by year, into a new ds_series.
 *
 * This is the loader's hot path (see load_spending.c); the rules of each
 * cell are load_cell.h's, shared with the updaters.
 */
#ifndef DEFSPEND_LOAD_SPENDING_H
#define DEFSPEND_LOAD_SPENDING_H

#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * Reads the spending file at path into a new series (*out, freed by the
 * caller with ds_series_free()) and records the file's summary for `check`
 * (ds->files).
 * Every row must carry release_id in its release column unless it is NULL.
 * When lone is set, the file stands alone: a member it names that ds does
 * not know is added from its iso3 and country columns; otherwise such a
 * row is an error.  Every problem is added to err; the status of the first
 * is returned and *out is NULL.
 *
 * A lone file is a user's own table as much as an export of ours, so it
 * needs only country, year and pct_gdp, in any order, other columns kept:
 *   - without iso3, a member is found by its name or an alias among
 *     ds->names_from (when set; it then gets that member's code and name),
 *     else it is known by the name as written (iso3 empty), rows of the
 *     same name, in any case or accents, being one member;
 *   - without estimate, no figure is an estimate;
 *   - without release, the release is named after the file ("my.csv" is
 *     "my"; standard input "stdin");
 *   - without source, every figure's source is "unsourced".
 * A file of a data directory (lone unset) keeps every rule: each figure
 * comes with its release and its source.
 */
int ds_load_spending(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
		     struct ds_series **out, struct ds_errors *err);

/*
 * The same, reading the file in parts on at most nthreads threads at the
 * same time (csvparts.h): 0 is ds_load_spending()'s choice (one per idle
 * core, for files of several megabytes), 1 reads it serially.  Whatever the number, the
 * dataset, the series and the diagnostics are those of the serial reading
 * (the tests and fuzz/fuzz_load.c hold them to that).
 */
int ds_load_spending_parts(struct ds_dataset *ds, const char *path, const char *release_id,
			   int lone, size_t nthreads, struct ds_series **out,
			   struct ds_errors *err);

/*
 * A record an update writes anew into a file that was loaded (update.c):
 * its bytes as they will be in the file (one record, its line ending
 * included), the line it will start on, its member and year, and whether
 * it replaces the loaded row of that member and year.
 */
struct ds_spending_edit {
	const char *raw;
	size_t len;
	long line;
	int replaces;
	size_t member;
	int year;
};

/*
 * Checks edits e[0..n) as rows of the file s was loaded from (path, not
 * lone, rows carrying release_id when not NULL), whose header is
 * header[0..hlen): the rows replaced are taken out of s, then each record
 * is read by the strict reader and checked by the loader's row rules (a
 * second row of a member and year included).  The result is what loading
 * the new file would say of these rows, with their positions.  DS_OK, or
 * the status of the problems added.  s is left as it was (its grid may be
 * widened, ds_series_widen_grid()).
 */
int ds_load_spending_patch(struct ds_dataset *ds, struct ds_series *s, const char *path,
			   const char *release_id, const char *header, size_t hlen,
			   const struct ds_spending_edit *e, size_t n, struct ds_errors *err);

/*
 * The years whose rows a load keeps: a query that answers from a few years
 * of a large file (list --year) need not hold the others.  Every row is
 * still read and checked, duplicates across years included, and the
 * series says of the whole file what it says read in full (its years, its
 * latest % figure, its decimals, which years it covers: dataset.h,
 * ds_series.partial); only ds_series_get() of another year finds nothing.
 */
#define DS_KEEP_YEARS 4
struct ds_keep_years {
	int year[DS_KEEP_YEARS];
	size_t n;
	/* The grid keeps the line of each row not kept (DS_GRID_LINE,
	 * dataset.h): an update finds the rows it changes in the file from
	 * it.  With lines set, n may be 0: no row is kept. */
	int lines;
};

/* ds_load_spending_parts(), keeping the rows of keep's years only (NULL: all). */
int ds_load_spending_keep(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
			  size_t nthreads, const struct ds_keep_years *keep, struct ds_series **out,
			  struct ds_errors *err);

/* The same on a lone file's content already in memory (len bytes), named path in messages. */
int ds_load_spending_mem(struct ds_dataset *ds, const char *path, const char *data, size_t len,
			 struct ds_series **out, struct ds_errors *err);

/* The source given to every figure of a lone file without a source column. */
#define DS_UNSOURCED "unsourced"

#endif
