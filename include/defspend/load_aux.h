/*
 * load_aux.h - the loaders of the small files beside the spending data:
 * members.csv, releases.csv, aid.csv and aggregates.csv.
 *
 * Each reads one file into ds (dataset.h), checking every row with the cell
 * rules of load_cell.h, and when the file is sound records its summary for
 * `check` (ds->files).  Every problem is added to err and reading goes on,
 * so that one run lists them all; the status of the first is returned.  The caller chooses the
 * files and their order (load.h does for a data directory; an update loads
 * a staged file into a fresh ds_dataset_new() to check it).
 */
#ifndef DEFSPEND_LOAD_AUX_H
#define DEFSPEND_LOAD_AUX_H

#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * members.csv: adds every member and builds the matching index of
 * lookup.h; a name, code or alias shared by two members is an error.
 */
int ds_load_members(struct ds_dataset *ds, const char *path, struct ds_errors *err);
/* The same on members.csv's content in memory (data[0..len), NULL: read path), named path. */
int ds_load_members_mem(struct ds_dataset *ds, const char *path, const char *data, size_t len,
			struct ds_errors *err);

/*
 * releases.csv: adds every release; the one whose file is "spending.csv"
 * becomes ds->current_release.
 */
int ds_load_releases(struct ds_dataset *ds, const char *path, struct ds_errors *err);

/* aid.csv (members must be loaded): sets ds->has_aid when the file is sound. */
int ds_load_aid(struct ds_dataset *ds, const char *path, struct ds_errors *err);

/* aggregates.csv: NATO's own totals, of every release the file names. */
int ds_load_aggregates(struct ds_dataset *ds, const char *path, struct ds_errors *err);

#endif
