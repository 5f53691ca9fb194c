/*
 * safefile.h - reading and replacing data files so that a crash, a kill or
 * a second writer can never leave a mix of old and new, and the advisory
 * lock that serialises writers of one data directory.
 *
 * A replacement is written to a temporary file in the same directory,
 * flushed to disk, renamed over the original and the directory flushed:
 * rename() is atomic, so a reader sees either the old file or the new one.
 * Only regular files are read or replaced; a symbolic link is followed to
 * its target, which is replaced in its own directory (the link survives).
 */
#ifndef DEFSPEND_SAFEFILE_H
#define DEFSPEND_SAFEFILE_H

#include <stddef.h>

#include "defspend/error.h"

/* Temporary files are named ".defspend-tmp.<file>.XXXXXX" beside the file. */
#define DS_TMP_PREFIX ".defspend-tmp."
#define DS_LOCK_NAME ".defspend.lock"

/*
 * Reads the whole regular file at path into *data (NUL-terminated, caller
 * frees) and its length into *len.  Refuses anything that is not a regular
 * file (DS_ECANTCREAT, since it is read in order to be replaced).
 */
int ds_file_read(const char *path, char **data, size_t *len, struct ds_errors *err);

/*
 * Writes data[0..len) to a new temporary file beside path (or beside the
 * file a symbolic link at path points to), flushed to disk, with the mode of
 * the file it will replace (0644 less the umask for a new file).  *tmp
 * receives its path and *target the path to rename it to (the caller frees
 * both).  When must_be_new, path must not exist yet.
 */
int ds_file_stage(const char *path, const char *data, size_t len, int must_be_new, char **tmp,
		  char **target, struct ds_errors *err);

/* Renames tmp over target and flushes the directory.  On failure tmp is removed. */
int ds_file_commit(const char *tmp, const char *target, struct ds_errors *err);

/* Stage and commit in one step. */
int ds_file_replace(const char *path, const char *data, size_t len, int must_be_new,
		    struct ds_errors *err);

/* Removes path and flushes its directory. */
int ds_file_remove(const char *path, struct ds_errors *err);

/*
 * Removes temporary files that writers killed before their rename left in
 * dir.  Call it only while holding the directory's lock: then no live
 * writer owns one.
 */
void ds_file_sweep(const char *dir);

struct ds_lock {
	int fd;
};

/*
 * Takes the advisory write lock of directory dir (an fcntl lock on
 * dir/.defspend.lock, which then holds our pid), waiting at most timeout_ms.
 * On timeout returns DS_ETEMPFAIL with a message naming the process that
 * holds it.  Release with ds_lock_release(); a process that dies loses it.
 */
int ds_lock_acquire(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err);
void ds_lock_release(struct ds_lock *lk);

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
