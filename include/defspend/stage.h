/*
 * stage.h - the one way an update reaches the data: stage, load, commit.
 *
 * Every new file is staged (written in full beside the file it replaces
 * and flushed to disk, safefile.h), then loaded by the real loader from
 * where it was staged, and only when the loader accepts it renamed into
 * place.  So a file the loader would refuse never replaces one it accepts,
 * and the rules that span rows or files are enforced by the code that
 * enforces them on reading, not by a second copy of them.
 *
 *     struct ds_stage st;
 *     ds_stage_init(&st);
 *     int rc = ds_stage_add(&st, path, data, len, 0, err);   (one or more files)
 *     if (rc == DS_OK)
 *             rc = ds_stage_check(&st, check, ctx, err);
 *     if (rc == DS_OK && !dry_run)
 *             rc = ds_stage_commit(&st, err);
 *     ds_stage_release(&st);          (removes whatever was not committed)
 *
 * The check is one function for the whole set: it loads each staged file
 * from ds_stage_path() (or the data around them, files that are not staged
 * mapping to themselves), and what it reports about a staged copy is then
 * reported against the file the copy will replace.  An update of a file
 * the session loaded and accepted, whose other bytes it copies unchanged,
 * may instead run the loader's own row rules on the records it wrote, in
 * the context of the loaded rows (update.h: a lazy update); that is what
 * a full load of the staged copy would find, without reading a million
 * rows again.  ds_stage_commit()
 * refuses, as a bug (DS_ESOFTWARE), a stage whose last check did not pass
 * or that changed since.
 *
 * A set may also remove files (ds_stage_remove()), and a file staged
 * twice keeps the later content: an update of several steps (an import
 * into a new release that is then made current) builds its whole result in
 * one set, each step reading what the earlier ones staged
 * (ds_stage_read()).
 *
 * The commit is one step whatever the number of files: a single file is
 * renamed into place; several are committed through a journal (journal.h),
 * so that a crash at any instant leaves the data as before or, once the
 * next command has finished the journal, as after.  It happens under the
 * commit lock of the data directory (safefile.h), which readers respect.
 * The caller holds the data's writer lock throughout (session.h): the
 * commit finds it among the locks the process holds, and refuses a set
 * that writes where no lock of the process reaches, or (for several
 * files) outside one data directory and its releases/ directory.
 */
#ifndef DEFSPEND_STAGE_H
#define DEFSPEND_STAGE_H

#include <stddef.h>

#include "defspend/error.h"
#include "defspend/safefile.h"

struct ds_stage_file {
	char *path;         /* the file as the caller named it */
	struct ds_atomic a; /* its staged copy: a.tmp, to be renamed to a.target */
	unsigned flags;     /* as given to ds_stage_add() */
	int remove;         /* not a new content: path is to be removed */
	int done;           /* committed (or left to the journal): nothing to clean up */
};

/* Files staged for one update.  Embedded; ds_stage_init() / ds_stage_release(). */
struct ds_stage {
	struct ds_stage_file *v;
	size_t n, cap;
	int checked; /* the last check passed and nothing was added since */
};

/*
 * Checks the staged set, typically by loading ds_stage_path() of each file
 * with the loader.  Returns DS_OK or the status of the problems it added.
 */
typedef int (*ds_stage_check_fn)(void *ctx, const struct ds_stage *st, struct ds_errors *err);

void ds_stage_init(struct ds_stage *st);

/*
 * Stages data[0..len) as the new content of path: written to a temporary
 * file beside it (beside a symbolic link's target), flushed to disk.
 * flags: DS_ATOMIC_NEW when path must not exist yet.  A path staged before
 * (or staged for removal) gets this content instead.  On failure nothing
 * is staged for path.
 */
int ds_stage_add(struct ds_stage *st, const char *path, const char *data, size_t len,
		 unsigned flags, struct ds_errors *err);

/*
 * The same, the content written by write(ctx, a) through the atomic
 * writer a (ds_atomic_write(), ds_atomic_copy()); write returns 0, or -1
 * when out of memory.  A write error is reported as ds_stage_add() does.
 */
typedef int (*ds_stage_write_fn)(void *ctx, struct ds_atomic *a);
int ds_stage_add_stream(struct ds_stage *st, const char *path, unsigned flags,
			ds_stage_write_fn write, void *ctx, struct ds_errors *err);

/*
 * Stages the removal of path.  A file this set created (staged with
 * DS_ATOMIC_NEW) is simply dropped from it.  DS_ENOINPUT when there is no
 * such file.
 */
int ds_stage_remove(struct ds_stage *st, const char *path, struct ds_errors *err);

/*
 * Reads path as this set will leave it: its staged content, or the file
 * itself when not staged (ds_file_read()); DS_ENOINPUT when the set
 * removes it.  *data is NUL-terminated; caller frees.
 */
int ds_stage_read(const struct ds_stage *st, const char *path, char **data, size_t *len,
		  struct ds_errors *err);

/*
 * Where the new content of path is while staged (a temporary file), or
 * path itself when path is not staged: what a check loads.  Borrowed from
 * st (or the argument); valid until st changes.
 */
const char *ds_stage_path(const struct ds_stage *st, const char *path);

/*
 * Runs check on the set.  Diagnostics about a staged copy are renamed to
 * the file it replaces.  Only a passing check lets the set be committed.
 */
int ds_stage_check(struct ds_stage *st, ds_stage_check_fn check, void *ctx, struct ds_errors *err);

/*
 * Commits the set as one step (see above), in the order added.  On a
 * failure before the commit point nothing changed and the staged files
 * stay for ds_stage_release() to remove; after it (DS_EIO, "committed but
 * not finished") the journal keeps them for the next command to finish.
 */
int ds_stage_commit(struct ds_stage *st, struct ds_errors *err);

/* Removes every staged file not committed and frees the set. */
void ds_stage_release(struct ds_stage *st);

#endif
