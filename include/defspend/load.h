/*
 * load.h - loading a dataset: a data directory or one spending CSV on its
 * own, and another release's spending file on demand.
 *
 * A data directory holds members.csv, spending.csv and the optional
 * aid.csv, aggregates.csv, releases.csv and releases/ files; a lone
 * spending file's iso3 and country columns define the members (see
 * load_spending.h for the few columns a lone file needs).  This module
 * only orchestrates: which files, in which order, and which release answers.
 * The rules of each file are its loader's (load_aux.h, load_spending.h) and
 * what is loaded goes into the container (dataset.h).  With `fill`, the
 * release answered from is merged with the others of its basis (fill.h).  The two functions
 * keep the dataset's names, ds_dataset_load*, which every command calls.
 */
#ifndef DEFSPEND_LOAD_H
#define DEFSPEND_LOAD_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/fill.h"

struct ds_load_opts {
	const char *release; /* answer from this release; NULL: the current one */
	int all_releases;    /* also read and validate every file of releases.csv */
	size_t parts;        /* read each spending file in this many parts at once
				(ds_load_spending_parts()); 0: the loader's choice */
	int fill;            /* fill the release's gaps from the others of its basis (fill.h) */
	/* The content of a lone spending file already read (standard input,
	 * input.h), `path` being its name in messages; NULL: read path. */
	const char *data;
	size_t len;
	/* A data directory whose members.csv gives the members of a lone file
	 * without an iso3 column their codes and aliases (a user's own CSV of
	 * country names then reads like the shipped data); NULL: none, and such
	 * members are known by their names alone. */
	const char *names;
	/* Keep only these years' rows of the spending file answered from
	 * (load_spending.h: ds_keep_years), NULL: all.  Not done where another
	 * step needs every row: with fill, all_releases, another release than
	 * the current one, or a macro.csv (whose check compares every row's
	 * GDP). */
	const struct ds_keep_years *keep;
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

/*
 * Reads the spending file of every release of releases.csv other than id
 * that has id's basis (basis.h), newest first (by publication date): the
 * releases `--fill` takes figures from.  *out is a new array of *n series
 * (NULL when *n is 0); the caller frees each with ds_series_free() and the
 * array with free().  A release that is not in releases.csv (a lone file)
 * has none.
 */
int ds_dataset_load_same_basis(struct ds_dataset *ds, const char *id, struct ds_series ***out,
			       size_t *n, struct ds_errors *err);

/*
 * What --fill would add to ds->spending in scope, without changing it:
 * *lacking is the member-years of scope without a % figure, and
 * out[0..*nout) (at most cap) how many of them each other release of the
 * same basis would fill (fill.h).  Reads those releases' files.
 */
int ds_dataset_fill_preview(struct ds_dataset *ds, const struct ds_fill_scope *scope,
			    size_t *lacking, struct ds_fill_source *out, size_t cap, size_t *nout,
			    struct ds_errors *err);

#endif
