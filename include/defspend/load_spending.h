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
 */
int ds_load_spending(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
		     struct ds_series **out, struct ds_errors *err);

/*
 * The same, reading the file in at most nparts parts at the same time
 * (csvparts.h): 0 is ds_load_spending()'s choice (one per core, for files
 * of several megabytes), 1 reads it serially.  Whatever the number, the
 * dataset, the series and the diagnostics are those of the serial reading
 * (the tests and fuzz/fuzz_load.c hold them to that).
 */
int ds_load_spending_parts(struct ds_dataset *ds, const char *path, const char *release_id,
			   int lone, size_t nparts, struct ds_series **out, struct ds_errors *err);

#endif
