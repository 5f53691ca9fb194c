/*
 * release.h - the releases of a data directory as files: registering a new
 * release in releases.csv, promoting a release to current, and the check
 * of a data directory as an update of several files will leave it.
 *
 * Registering and promoting are steps staged into a set (stage.h) that the
 * caller checks with ds_release_check_staged() and commits as one
 * transaction, alone (ds_release_promote()) or with the import of the
 * release's figures (import_run.h).  They run inside a session (session.h).
 */
#ifndef DEFSPEND_RELEASE_H
#define DEFSPEND_RELEASE_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/session.h"
#include "defspend/stage.h"

/*
 * Whether id can name a release that gets a file of its own
 * (releases/ID.csv): the rule of the loader (ds_provenance_release_id_valid()).
 */
int ds_release_id_valid(const char *id);

/*
 * Stages a new row for release r (its id, title, published, cutoff, basis,
 * decimals -1 for none, file, source) in dir/releases.csv as st leaves it
 * (created with the standard header when missing).
 */
int ds_release_register(struct ds_stage *st, const char *dir, const struct ds_release *r,
			struct ds_errors *err);

/*
 * Stages the promotion of release id to current in data directory dir, on
 * the files as st leaves them: the current spending.csv becomes
 * releases/OLD.csv (which must not exist), release id's file becomes
 * spending.csv and is removed, and releases.csv says so.  Nothing is
 * staged when id is current already (*already set, may be NULL).
 * DS_EUSAGE for an unknown release, DS_EDATA when no release is current.
 */
int ds_release_promote_staged(struct ds_stage *st, const char *dir, const char *id, int *already,
			      struct ds_errors *err);

/*
 * The stage check (stage.h) of an update of a data directory's releases:
 * loads members.csv and releases.csv as the set leaves them, then every
 * release's file (the staged copy when staged) as that release, the way
 * `check` reads them.  ctx is the data directory (const char *).
 */
int ds_release_check_staged(void *ctx, const struct ds_stage *st, struct ds_errors *err);

/*
 * Makes release id the current one in session s (on a data directory) in
 * one transaction: ds_release_promote_staged(), checked, committed (not
 * when dry_run, which only checks).
 */
int ds_release_promote(struct ds_session *s, const char *id, int dry_run, struct ds_errors *err);

#endif
