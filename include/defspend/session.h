/*
 * session.h - how a command gets at the data: a writer locks it, finishes
 * or rolls back an interrupted update, and loads it under the lock; a
 * reader waits for a commit in progress, finishes an interrupted update
 * first, and reads under the shared commit lock (safefile.h, journal.h).
 *
 * Loading happens after the lock is taken so that a writer always builds on
 * the last committed version.  Every update (update.h, release.h,
 * member.h, import_run.h) runs inside an open session.
 *
 * The lock is taken on the data directory resolved (realpath), so two
 * paths to one directory share it.  A file of the directory that is a
 * symbolic link to a file elsewhere (spending.csv, members.csv,
 * releases.csv, or the releases/ directory itself) brings the lock of the
 * directory it really lies in too, taken in a fixed order: two data
 * directories that share one file through a link exclude each other while
 * either writes it.  An update of several files must stay inside the data
 * directory and its releases/ directory (stage.h refuses one that does
 * not); a single file may be written where a link leads, under that lock.
 */
#ifndef DEFSPEND_SESSION_H
#define DEFSPEND_SESSION_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/safefile.h"

#define DS_SESSION_MAX_LOCKS 5 /* the directory, its releases/ and three linked files */

/*
 * An update session: the data's locks, the dataset loaded under them, and
 * the spending file a change goes to.  `data` is a data directory or a
 * lone spending file; release (may be NULL) picks another release's file
 * of the directory.
 */
struct ds_session {
	struct ds_lock locks[DS_SESSION_MAX_LOCKS]; /* in the order taken */
	size_t nlocks;
	struct ds_dataset *ds;
	char *dir;  /* the data directory as given (the lone file's directory), for paths shown */
	char *root; /* the same, resolved: where the lock and the journal are */
	int lone;
	int recovered; /* what opening did about an interrupted update (enum ds_journal_outcome) */
	const char *target;        /* the spending file to change (ds->spending->path) */
	const char *release;       /* release id for new rows, NULL when the file has none */
	const char *check_release; /* what the loader demands of every row, or NULL */
	const char *names; /* load.h's ds_load_opts.names for a lone file (borrowed), or NULL */
	int dry_run;       /* opened to write nothing: a reader's lock (see ds_session_open_with) */
};

/* How to open a session (ds_session_open_with). */
struct ds_session_opts {
	const char *release; /* another release's file of the directory, or NULL */
	const char *names;   /* ds_load_opts.names for a lone file (borrowed), or NULL */
	long timeout_ms;     /* the longest wait for a lock */
	int dry_run;         /* the caller will write nothing */
};

/*
 * Opens a session on data: refuses files to be written that are not
 * regular files, and a lone file that belongs to a data directory (whose
 * rules a lone update would bypass: DS_EUSAGE); takes the locks (waiting
 * at most timeout_ms for each, then DS_ETEMPFAIL naming the holder);
 * finishes an interrupted update or removes what it left
 * (ds_journal_recover()) in each locked directory; loads the dataset.
 * Close with ds_session_close() whatever it returns.
 */
int ds_session_open(struct ds_session *s, const char *data, const char *release, long timeout_ms,
		    struct ds_errors *err);

/*
 * The same with options: o->names loads a lone file with the members of
 * that data directory (borrowed until the session closes; see
 * ds_load_opts.names), so that an update names its members as the queries
 * do.  With o->dry_run the caller writes nothing, so the session takes the
 * reader's lock that queries take (ds_session_read_lock) instead of the
 * writers' locks: a dry run works on data it may not write, even with no
 * lock file there, and never creates one.
 */
int ds_session_open_with(struct ds_session *s, const char *data, const struct ds_session_opts *o,
			 struct ds_errors *err);

/*
 * Reads the data of an open session again, keeping its lock, after the
 * session's own writes changed what a later step must see.  On failure
 * s->ds is NULL; close the session as usual.
 */
int ds_session_reload(struct ds_session *s, const char *data, const char *release,
		      struct ds_errors *err);

/* Frees the dataset and releases the locks; harmless on a session whose open failed. */
void ds_session_close(struct ds_session *s);

/*
 * What a command that only reads does before it reads data (a directory
 * or a lone file): waits at most timeout_ms for a commit in progress, and
 * when an update was interrupted finishes it first (which needs the
 * writer lock and a writable directory: DS_ECANTCREAT or DS_ETEMPFAIL
 * otherwise), or removes the temporary files a writer killed before its
 * commit left (when no writer is at work), then holds lk, the shared commit
 * lock, so that no update of several files is committed while it reads.
 * Without a lock file (data never written, or read-only) it reads without
 * a lock.  *recovered (may be NULL) is set to what was done (enum
 * ds_journal_outcome).  A path that
 * does not exist is left for the loader to report (DS_OK, no lock).
 * Release lk with ds_lock_release() when done reading.
 */
int ds_session_read_lock(const char *data, long timeout_ms, struct ds_lock *lk, int *recovered,
			 struct ds_errors *err);

/*
 * Whether path (a file) lies in a data directory: its directory, resolved,
 * holds members.csv, or is the releases/ directory of one that does.  Sets
 * *dir (caller frees) to that data directory when it does.
 */
int ds_session_file_in_data(const char *path, char **dir);

#endif
