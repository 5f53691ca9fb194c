/*
 * provenance.h - the rules about where a spending figure comes from, once
 * for the loader (load_spending.c), the updater (update.c) and the front
 * end's printing of changes.
 *
 * A row's release says which NATO release its figures belong to, and its
 * source columns (source, spend_source, gdp_source) where each was read.
 * These are provenance columns: they go with a figure and are not counted
 * or shown as figures.  A file of one release never holds another's rows,
 * and a figure (pct_gdp or spend_usd_m) never comes without its release and
 * a source.
 */
#ifndef DEFSPEND_PROVENANCE_H
#define DEFSPEND_PROVENANCE_H

#include <stddef.h>

#include "defspend/csvread.h"
#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * Whether id may be the id of a release in releases.csv: it names the
 * release's file when the release moves (releases/ID.csv), so it is held
 * to a file name's rules: 1 to 64 letters, digits, '.', '-' and '_', not
 * starting with '.' (no '/', no '..').
 */
int ds_provenance_release_id_valid(const char *id);

/* Whether column names provenance rather than a figure: "release", or any "...source". */
int ds_provenance_column(const char *column);

/*
 * Checks the provenance of one spending record: with release_id (NULL:
 * any), the release field must be it; when has_figure, the release field
 * and the source field (col_source < 0: the file has none) must not be
 * empty.  Each problem is added to err at its field of rec in file.
 * Returns 1 when there was one, else 0.
 */
int ds_provenance_check(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			size_t col_release, long col_source, const char *release_id,
			int has_figure);

/*
 * Why a member has no figure for a year, as every output says it.  The
 * data's note column says why a cell is empty, but only a note that says
 * NATO publishes (or published) no figure lets an output say NATO
 * published none; any other gap is only missing from this release's data
 * (a table transcribed without it, a figure not found).
 */
enum ds_missing {
	DS_MISSING_NOT_IN_DATA, /* "no figure in this release's data" */
	DS_MISSING_UNPUBLISHED  /* "NATO published none" */
};

/*
 * Whether note says NATO publishes no figure: it contains "publishes no
 * figure", "published no figure" or "published none" (ASCII case ignored).
 */
int ds_provenance_note_unpublished(const char *note);

/* The reason for a member-year whose row (NULL: none) has no % figure. */
enum ds_missing ds_provenance_missing(const struct ds_dataset *ds, const struct ds_obs *o);

/* The words of a reason: "no figure in this release's data" or "NATO published none". */
const char *ds_provenance_missing_text(enum ds_missing why);

#endif
