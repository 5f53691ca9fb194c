/*
 * update.h - changing one spending file (the current release or another
 * release's file) cell by cell, as `set` and `import` do.
 *
 * An update opens the file as a csvdoc, applies changes keyed by member and
 * year, checks every new value with the loader's own cell rules (so a value
 * the loader would refuse is refused here, at the same line and column), and
 * commits: the new content is staged, loaded with the real loader, and only
 * then renamed over the original (stage.h).
 *
 * The file of a data directory that the session loaded is opened lazily
 * (csvdoc.h: ds_csvdoc_open_lazy()): the loaded series' grid says on
 * which line each member's row for a year starts (from its row, or from
 * the line it keeps when the session kept no rows: session.c), only those
 * records are read, the staged file is the old one's bytes copied in the
 * kernel around the records written anew, and the stage check runs the
 * loader's row rules on those records only (ds_load_spending_patch()).
 * A million-row file is then parsed once per update, by the session's
 * load, and never held in memory.  A lone file, a new file and a file
 * whose loaded rows were filled from another release take the whole-file
 * path; DEFSPEND_EAGER_UPDATE=1 forces it (the tests compare the two).
 * The caller holds the directory's lock from before ds_update_open()
 * until after ds_update_commit(), and loads the dataset inside it: a
 * session (session.h) does both.
 */
#ifndef DEFSPEND_UPDATE_H
#define DEFSPEND_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/csvdoc.h"
#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/stage.h"
#include "defspend/strmap.h"

/* One changed value: old is NULL for a cell of an added row. */
struct ds_change {
	size_t member;
	int year;
	char *column;
	char *old;
	char *new_value;
};

struct ds_update {
	struct ds_dataset *ds; /* borrowed; its members name the rows */
	char *path;            /* the file being changed */
	char *release;         /* release id of new rows; NULL: none known */
	char *check_release;   /* the release the loader demands of every row, or NULL */
	int lone;              /* path is a lone spending file (no members.csv) */
	int create;            /* path is a new file: it must not exist when committed */
	struct ds_csvdoc doc;
	int col_iso3, col_country, col_year, col_release, col_estimate;
	/* (member + 1) << 32 | year -> row index; open addressing, 0: an empty slot */
	uint64_t *index_keys;
	uint32_t *index_vals;
	size_t index_cap, index_n;
	/* A lazy document's loaded rows' lines, rising: where a new row goes
	 * (gathered when first needed) */
	uint32_t *lines;
	size_t nlines;
	struct ds_change *changes;
	size_t nchanges, changes_cap;
	size_t rows_added, rows_changed, values_changed, values_unchanged;
	size_t notes_cleared; /* notes that explained a figure now given (see ds_update_apply) */
};

/*
 * Opens the spending file at path for changes.  ds is the dataset loaded
 * from the same data (a directory, or path itself for a lone file); release
 * is the id written into new rows (NULL: the file's single release, if any);
 * check_release the id the loader requires of every row (NULL: none).  On
 * success release u with ds_update_release().
 */
int ds_update_open(struct ds_update *u, struct ds_dataset *ds, const char *path,
		   const char *release, const char *check_release, int lone, struct ds_errors *err);
void ds_update_release(struct ds_update *u);

/* The same on content in memory, for a new file at path (u->create is set). */
int ds_update_open_new(struct ds_update *u, struct ds_dataset *ds, const char *path,
		       const char *data, size_t len, const char *release, const char *check_release,
		       struct ds_errors *err);

/*
 * Sets columns cols[0..n) to vals[0..n) on the row of member m and year,
 * adding the row (after the member's last earlier year) when there is none.
 * Columns that name the row (iso3, country, year) cannot be set.  Each value
 * is checked as the loader checks it; a changed figure (pct_gdp, spend_usd_m,
 * gdp_usd_bn) needs its source column (source, spend_source, gdp_source)
 * among cols.  skip_empty: an empty value leaves the cell as it is (an
 * import never erases).  When a figure cell that was empty gets a value
 * and the row has a note (which explained the empty cell), the note is
 * cleared unless cols gives one, and u->notes_cleared counts it.  A value
 * is kept as typed: its decimals are the published precision.  On error
 * nothing of this call is applied.
 */
int ds_update_apply(struct ds_update *u, size_t m, int year, size_t n, const char *const *cols,
		    const char *const *vals, int skip_empty, struct ds_errors *err);

/* The current value of column col on member m's row for year, or NULL. */
const char *ds_update_get(struct ds_update *u, size_t m, int year, const char *col);

/*
 * Renders the file; when it changed and !dry_run, stages it, loads the
 * staged copy with the real loader and only then renames it over the file
 * (stage.h).  *changed (may be NULL) says whether the content changed.
 */
int ds_update_commit(struct ds_update *u, int dry_run, int *changed, struct ds_errors *err);

/*
 * Renders the file and, when it changed, adds it to the set st (stage.h)
 * without checking or committing: for an update of several files, which
 * the caller checks and commits as one (import_run.h).
 */
int ds_update_stage(struct ds_update *u, struct ds_stage *st, int *changed, struct ds_errors *err);

/*
 * The stage check (stage.h) of a spending file: loads the staged copy of
 * path with the loader as it will be read there, a lone file on its own or
 * a file of ds's directory whose rows must all carry check_release (NULL:
 * any).  ctx is a struct ds_update_check.
 */
struct ds_update_check {
	struct ds_dataset *ds;
	const char *path;
	const char *check_release;
	int lone;
	/* The update that staged path, or NULL: a lazy one is checked by what it changed */
	struct ds_update *u;
};
int ds_update_check_spending(void *ctx, const struct ds_stage *st, struct ds_errors *err);

#endif
