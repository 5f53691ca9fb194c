/*
 * release.h - the releases of a data directory as files: registering a new
 * release in releases.csv, and promoting a release to current.
 *
 * Each file written is checked by the loader before it replaces the old
 * one.  Both run inside a session (session.h).
 */
#ifndef DEFSPEND_RELEASE_H
#define DEFSPEND_RELEASE_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/session.h"

/*
 * Whether id can name a release that gets a file of its own
 * (releases/ID.csv): 1 to 64 letters, digits, '.', '-' and '_', not
 * starting with '.'.
 */
int ds_release_id_valid(const char *id);

/*
 * Adds release r (its id, title, published, cutoff, basis, decimals -1 for
 * none, file, source) as a row of dir/releases.csv, which is created with
 * the standard header when missing.  The file is checked by the loader.
 */
int ds_release_register(const char *dir, const struct ds_release *r, int dry_run,
			struct ds_errors *err);

/*
 * Makes release id the current one: the current spending.csv moves to
 * releases/OLD.csv and release id's file becomes spending.csv, releases.csv
 * following each step so that the data loads after every one of them.
 * s must be a session on a data directory.
 */
int ds_release_promote(struct ds_session *s, const char *id, int dry_run, struct ds_errors *err);

#endif
