/*
 * load.h - loading a dataset: a data directory or one spending CSV on its
 * own, and another release's spending file on demand.
 *
 * A data directory holds members.csv, spending.csv and the optional
 * aid.csv, aggregates.csv, releases.csv and releases/ files; a lone
 * spending file's iso3 and country columns define the members.  This module
 * only orchestrates: which files, in which order, and which release answers.
 * The rules of each file are its loader's (load_aux.h, load_spending.h) and
 * what is loaded goes into the container (dataset.h).  The two functions
 * keep the dataset's names, ds_dataset_load*, which every command calls.
 */
#ifndef DEFSPEND_LOAD_H
#define DEFSPEND_LOAD_H

#include "defspend/dataset.h"
#include "defspend/error.h"

struct ds_load_opts {
	const char *release; /* answer from this release; NULL: the current one */
	int all_releases;    /* also read and validate every file of releases.csv */
	size_t parts;        /* read each spending file in this many parts at once
				(ds_load_spending_parts()); 0: the loader's choice */
};

/*
 * Loads the dataset at path (a directory or a spending CSV); opts may be
 * NULL.  On success *out is set and the caller frees it with
 * ds_dataset_free().  Every problem found is added to err; the status of
 * the first is returned and *out is NULL.
 */
int ds_dataset_load(const char *path, const struct ds_load_opts *opts, struct ds_dataset **out,
		    struct ds_errors *err);

/*
 * Reads the spending file of release `id` (listed in releases.csv) into a new
 * series sharing the dataset's members.  Caller frees with ds_series_free().
 */
int ds_dataset_load_release(struct ds_dataset *ds, const char *id, struct ds_series **out,
			    struct ds_errors *err);

#endif
