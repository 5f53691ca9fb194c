/*
 * session.h - what every writing command does first: lock the data, sweep
 * what killed writers left, load the dataset under the lock, and find the
 * spending file a change goes to.
 *
 * Loading happens after the lock is taken so that a writer always builds on
 * the last committed version.  Every update (update.h, release.h,
 * member.h) runs inside an open session.
 */
#ifndef DEFSPEND_SESSION_H
#define DEFSPEND_SESSION_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/safefile.h"

/*
 * An update session: the data's lock, the dataset loaded under it, and the
 * spending file a change goes to.  `data` is a data directory or a lone
 * spending file; release (may be NULL) picks another release's file of the
 * directory.
 */
struct ds_session {
	struct ds_lock lock;
	struct ds_dataset *ds;
	char *dir; /* the directory locked: data, or the lone file's */
	int lone;
	const char *target;        /* the spending file to change (ds->spending->path) */
	const char *release;       /* release id for new rows, NULL when the file has none */
	const char *check_release; /* what the loader demands of every row, or NULL */
};

/*
 * Opens a session on data: refuses files to be written that are not
 * regular files, takes the lock (waiting at most timeout_ms, then
 * DS_ETEMPFAIL naming the holder), sweeps temporary files of killed writers
 * and loads the dataset.  Close with ds_session_close() whatever it returns.
 */
int ds_session_open(struct ds_session *s, const char *data, const char *release, long timeout_ms,
		    struct ds_errors *err);

/*
 * Reads the data of an open session again, keeping its lock, after the
 * session's own writes changed what a later step must see (import, then
 * promote).  On failure s->ds is NULL; close the session as usual.
 */
int ds_session_reload(struct ds_session *s, const char *data, const char *release,
		      struct ds_errors *err);

/* Frees the dataset and releases the lock; harmless on a session whose open failed. */
void ds_session_close(struct ds_session *s);

#endif
