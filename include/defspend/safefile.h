/*
 * safefile.h - reading and replacing data files so that a crash, a kill or
 * a second writer can never leave a mix of old and new, and the advisory
 * lock that serialises writers of one data directory.
 *
 * A replacement is written to a temporary file in the same directory,
 * flushed to disk, renamed over the original and the directory flushed:
 * rename() is atomic, so a reader sees either the old file or the new one.
 * A large data file is written over a spare instead of a new file, and the
 * file it replaces becomes the spare (DS_ATOMIC_SPARE).
 * Every writer of the project (data updates, charts, reports) goes through
 * one mechanism, struct ds_atomic; ds_file_replace() is a shorthand over it
 * for content already in memory.  A data update goes one step further: its
 * staged files are checked by the loader before their commit (stage.h).
 * Only regular files are read or replaced; a symbolic link is followed to
 * its target, which is replaced in its own directory (the link survives),
 * except for output files (DS_ATOMIC_NOFOLLOW), where a link is replaced
 * like any other name and nothing outside the directory is ever written.
 *
 * The lock of a data directory (ds_lock) has two parts, both fcntl locks
 * on DIR/.defspend.lock: the writer lock (byte 0), which a writer holds
 * from before it reads the data until it is done, so that writers follow
 * one another; and the commit lock (byte 1), which a writer holds
 * exclusively only while its files are renamed into place (and while an
 * interrupted update is finished), and readers hold shared while they read,
 * so that a reader never sees half of an update of several files.
 */
#ifndef DEFSPEND_SAFEFILE_H
#define DEFSPEND_SAFEFILE_H

#include <stddef.h>
#include <stdio.h>

#include "defspend/error.h"

/* Temporary files are named ".defspend-tmp.<file>.XXXXXX" beside the file. */
#define DS_TMP_PREFIX ".defspend-tmp."
#define DS_LOCK_NAME ".defspend.lock"
/*
 * A data file of DS_SPARE_MIN bytes or more that an update replaces is kept
 * as ".defspend-spare.<file>" beside it, and the next update of the file
 * writes over it (DS_ATOMIC_SPARE).
 */
#define DS_SPARE_PREFIX ".defspend-spare."
#define DS_SPARE_MIN (1L << 20)

/*
 * Reads the whole regular file at path into *data (NUL-terminated, caller
 * frees) and its length into *len.  Refuses anything that is not a regular
 * file (DS_ECANTCREAT, since it is read in order to be replaced).  For a
 * file that is only read (a FIFO is fine) see input.h.
 */
int ds_file_read(const char *path, char **data, size_t *len, struct ds_errors *err);

/*
 * The one atomic-write mechanism: a file written as a stream under a
 * temporary name beside the file it replaces, then renamed into place.
 *
 *     struct ds_atomic a;
 *     if (ds_atomic_open(&a, path, 0, err) != DS_OK)
 *             return ...;                 // nothing was created
 *     fprintf(a.f, ...);                  // or ds_atomic_write/printf
 *     return ds_atomic_commit(&a, err);   // or ds_atomic_abort(&a)
 *
 * ds_atomic_open() resolves where the file lands (path, or the regular file
 * a symbolic link at path names: the link survives), creates the temporary
 * file ".defspend-tmp.<name>.XXXXXX" in that directory with the mode of the
 * file it replaces (0666 less the umask for a new one) and opens a.f on it.
 * Write through a.f freely; a write error is caught at the latest by
 * ds_atomic_close(), which flushes, fsyncs and closes the temporary file
 * (it stays, complete on disk, under a.tmp: a caller may read it back, e.g.
 * to check it with the loader, before committing).  ds_atomic_commit()
 * closes it when still open, renames it over a.target and flushes the
 * directory.  A reader therefore sees the old file or the new one, never a
 * mix, whatever moment the writer is killed at.
 *
 * Ownership: the struct is the caller's (usually on the stack); its strings
 * and stream are the writer's.  After ds_atomic_open() succeeds, exactly one
 * of ds_atomic_commit() or ds_atomic_abort() must be called; either frees
 * everything, and the temporary file is gone (renamed or removed) unless
 * the commit's rename succeeded.  ds_atomic_abort() is harmless on a writer
 * already committed, aborted or whose open failed.
 *
 * Errors: each function returns a status.  err may be NULL for a caller
 * that words its own message: then nothing is added to a record, and
 * a.error (like errno on return) holds the system's reason.
 */
struct ds_atomic {
	FILE *f;      /* the stream on the temporary file; NULL once closed */
	char *tmp;    /* the temporary file's path */
	char *target; /* what the commit renames it to: path, or a link's target */
	int failed;   /* a write failed (sticky: the commit refuses) */
	int error;    /* errno of the first failure, 0 when none */
	int closed;   /* ds_atomic_close() succeeded */
	char *spare;  /* DS_ATOMIC_SPARE on a large file: the spare's path, else NULL */
	int recycled; /* tmp is the spare, written over */
};

/* Flags of ds_atomic_open(). */
#define DS_ATOMIC_NEW 1u /* path must not exist yet (DS_ECANTCREAT "already exists") */
/*
 * An output file: path itself is replaced, a symbolic link there included
 * (the link goes, its target is never touched), so that a link planted in
 * an output directory cannot send a write elsewhere.
 */
#define DS_ATOMIC_NOFOLLOW 2u
/*
 * A data file, replaced as the others are but without freeing or
 * allocating its blocks when it is large (DS_SPARE_MIN bytes or more).
 * Replacing a file frees the old one's blocks at the rename, which on a
 * file system mounted with `discard` costs as much as flushing the new
 * one (55-60 ms for 140 MiB), and allocates the new one's.  So the commit
 * gives the old file a second name first, the spare, and the rename frees
 * nothing; the next update writes over the spare (cut to its new length)
 * and renames it into place, and the file it replaces becomes the spare.
 * The spare is a regular file of the same owner with no other name, or it
 * is not used; it costs the file's size on disk, and holds the previous
 * version until the next update starts writing over it.  A reader that
 * still has the old file open when the next update commits sees it
 * change: the readers of defspend cannot (a commit waits for them), other
 * programs can.  An update of several files (a journal's, stage.h)
 * renames its files as before: ds_atomic_unspare().
 */
#define DS_ATOMIC_SPARE 4u

int ds_atomic_open(struct ds_atomic *a, const char *path, unsigned flags, struct ds_errors *err);
/* Writes len bytes; a failure is remembered and reported by close or commit. */
void ds_atomic_write(struct ds_atomic *a, const void *data, size_t len);
/*
 * Writes len bytes of the file open as fd, from offset off: copied in the
 * kernel where the file system can (copy_file_range), so that the bytes of
 * a large file an update leaves as they were never pass through memory.
 * A failure is remembered as ds_atomic_write()'s is.
 */
void ds_atomic_copy(struct ds_atomic *a, int fd, size_t off, size_t len);
/* printf into the file (text the caller chose; numbers in the C locale are its business). */
void ds_atomic_printf(struct ds_atomic *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Flushes, fsyncs and closes the temporary file (DS_EIO "write error" naming it). */
int ds_atomic_close(struct ds_atomic *a, struct ds_errors *err);
/* Closes (when still open), renames into place, flushes the directory; frees. */
int ds_atomic_commit(struct ds_atomic *a, struct ds_errors *err);
/* Closes and removes the temporary file (a spare stays, whatever it holds); frees. */
void ds_atomic_abort(struct ds_atomic *a);
/*
 * For a writer closed but not committed, whose file will be renamed by
 * someone else (the journal): a spare written over moves to a temporary
 * name of its own, since the journal's names are used once, and no spare
 * is kept at the rename.  DS_OK, or the failure of the rename (the spare
 * then stays where it was).
 */
int ds_atomic_unspare(struct ds_atomic *a, struct ds_errors *err);
/* The path of the spare of the file at path (caller frees); NULL out of memory. */
char *ds_file_spare_name(const char *path);

/*
 * Replaces path with data[0..len) in one step (ds_atomic_open(),
 * ds_atomic_write(), ds_atomic_commit()); must_be_new: DS_ATOMIC_NEW.
 */
int ds_file_replace(const char *path, const char *data, size_t len, int must_be_new,
		    struct ds_errors *err);

/* Removes path and flushes its directory. */
int ds_file_remove(const char *path, struct ds_errors *err);
/* Removes the spare of the file at path, if there is one (DS_ATOMIC_SPARE). */
void ds_file_drop_spare(const char *path);

/*
 * Removes temporary files that writers killed before their rename left in
 * dir, and returns how many (dry: only counts them).  Call it only while
 * holding the directory's writer lock: then no live writer owns one.
 */
size_t ds_file_sweep(const char *dir, int dry);

/*
 * A lock held by this process.  fcntl locks belong to the process and the
 * file, not to a descriptor: closing any descriptor of the lock file drops
 * them all.  So each directory's lock file is opened once, and the locks
 * held are listed in one registry per process (ds_lock_held()), where the
 * commit of an update finds the lock of the directory it writes in.
 */
struct ds_lock {
	int fd;               /* -1: not held */
	int writer;           /* the writer lock (byte 0) is held; else a reader's lock */
	char *dir;            /* the directory, resolved (realpath) */
	long timeout_ms;      /* how long a later wait (the commit lock) may take */
	struct ds_lock *next; /* the registry */
};

#define DS_LOCK_INIT                                                                               \
	{                                                                                          \
		-1, 0, NULL, 0, NULL                                                               \
	}

/*
 * Takes the writer lock of directory dir, waiting at most timeout_ms: an
 * fcntl lock on dir/.defspend.lock, which then holds our pid.  The lock
 * file is created when missing, opened without following a symbolic link,
 * and refused (DS_ECANTCREAT) when it is not a regular file or has other
 * hard links.  On timeout returns DS_ETEMPFAIL with a message naming the
 * process that holds it.  lk->dir is dir resolved.  Release with
 * ds_lock_release(); a process that dies loses it.
 */
int ds_lock_acquire(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err);

/*
 * Takes a reader's lock of dir (the commit lock, shared), waiting at most
 * timeout_ms for a commit in progress.  The lock file is not created: when
 * there is none (no writer ever wrote here) or it cannot be opened, the
 * reader goes without (lk->fd stays -1) and DS_OK is returned.  The
 * descriptor is opened for writing when it can be, so that the same lock
 * can later take the writer lock (ds_lock_upgrade()).
 */
int ds_lock_read(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err);

/*
 * Turns a reader's lock into the writer lock, as ds_lock_acquire() would
 * take it (the shared commit lock is given up first).  DS_ECANTCREAT when
 * the lock file cannot be written.
 */
int ds_lock_upgrade(struct ds_lock *lk, struct ds_errors *err);

/*
 * Takes the commit lock exclusively (waiting at most lk->timeout_ms for
 * readers, then DS_ETEMPFAIL); lk must hold the writer lock.
 * ds_lock_commit_end() gives it back.
 */
int ds_lock_commit_begin(struct ds_lock *lk, struct ds_errors *err);
void ds_lock_commit_end(struct ds_lock *lk);

/* Gives up lk (harmless when not held) and takes it out of the registry. */
void ds_lock_release(struct ds_lock *lk);

/*
 * The writer lock this process holds on directory dir (compared as files,
 * so any path to it will do), or NULL.
 */
struct ds_lock *ds_lock_held(const char *dir);

/* Flushes directory dir itself to disk (a new, renamed or removed entry). */
int ds_dir_sync(const char *dir, struct ds_errors *err);

/* The directory part of path ("." when none), malloc'd; NULL out of memory. */
char *ds_path_dir(const char *path);

/*
 * The directory of the file path finally names, symbolic links followed
 * (ds_path_dir() of the path itself when it cannot be resolved): where a
 * write through path really lands, and so where its lock must be.
 * Caller frees.
 */
char *ds_path_real_dir(const char *path);

#endif
