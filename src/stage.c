/*
 * stage.c - staged, checked, committed updates (see stage.h).
 *
 * The set is a small array of atomic writers that are closed (complete on
 * disk) but not yet renamed, and of removals.  Keeping them until the
 * commit rather than renaming each as it is written is what lets one check
 * see all of them, and what lets the journal (journal.h) make their
 * renames one step.
 *
 * Where a set may write is decided at the commit from the locks the
 * process holds (safefile.h): each file's directory, resolved, must be a
 * locked directory or the releases/ directory of one.  That is what keeps
 * a symbolic link from taking an update where no lock of ours protects it,
 * and what makes the journal's relative names possible.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/journal.h"
#include "defspend/stage.h"
#include "defspend/util.h"

void ds_stage_init(struct ds_stage *st)
{
	memset(st, 0, sizeof *st);
}

static struct ds_stage_file *find(const struct ds_stage *st, const char *path)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].path != NULL && strcmp(st->v[i].path, path) == 0)
			return &st->v[i];
	return NULL;
}

/* Drops entry f from the set (its staged copy removed). */
static void drop(struct ds_stage *st, struct ds_stage_file *f)
{
	ds_atomic_abort(&f->a);
	free(f->path);
	size_t i = (size_t)(f - st->v);
	memmove(f, f + 1, (st->n - i - 1) * sizeof *f);
	st->n--;
}

int ds_stage_add_stream(struct ds_stage *st, const char *path, unsigned flags,
			ds_stage_write_fn write, void *ctx, struct ds_errors *err)
{
	struct ds_stage_file *f = find(st, path);
	st->checked = 0;
	if (f != NULL) {
		/* Staged before: the new content replaces the old; a file this
		 * set creates is still one it creates. */
		ds_atomic_abort(&f->a);
		flags |= f->flags & DS_ATOMIC_NEW;
		f->remove = 0;
	} else {
		if (ds_grow(&st->v, &st->cap, st->n + 1, sizeof *st->v) != 0)
			return ds_errors_nomem(err, path);
		f = &st->v[st->n];
		memset(f, 0, sizeof *f);
		if ((f->path = ds_strdup(path)) == NULL)
			return ds_errors_nomem(err, path);
		st->n++;
	}
	f->flags = flags;
	/* A large file keeps a spare (safefile.h) only while it is the one file
	 * the set writes: two writers could otherwise both take one spare (two
	 * names of one file), and an update of several files is the journal's. */
	int alone = 1;
	for (size_t i = 0; i < st->n; i++)
		alone &= &st->v[i] == f || st->v[i].remove;
	int rc = ds_atomic_open(&f->a, path, alone ? flags | DS_ATOMIC_SPARE : flags, err);
	if (rc == DS_OK && write(ctx, &f->a) != 0)
		rc = ds_errors_nomem(err, path);
	if (rc == DS_OK)
		rc = ds_atomic_close(&f->a, err);
	if (rc != DS_OK)
		drop(st, f);
	return rc;
}

struct bytes {
	const char *data;
	size_t len;
};

static int write_bytes(void *ctx, struct ds_atomic *a)
{
	const struct bytes *b = ctx;
	ds_atomic_write(a, b->data, b->len);
	return 0;
}

int ds_stage_add(struct ds_stage *st, const char *path, const char *data, size_t len,
		 unsigned flags, struct ds_errors *err)
{
	struct bytes b = { data, len };
	return ds_stage_add_stream(st, path, flags, write_bytes, &b, err);
}

int ds_stage_remove(struct ds_stage *st, const char *path, struct ds_errors *err)
{
	struct ds_stage_file *f = find(st, path);
	st->checked = 0;
	if (f != NULL && f->remove)
		return DS_OK;
	if (f != NULL && (f->flags & DS_ATOMIC_NEW)) {
		drop(st, f); /* created by this set: as if never staged */
		return DS_OK;
	}
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return ds_errors_add(err, DS_ENOINPUT, path, 0, 0, "cannot remove: %s",
				     strerror(errno));
	if (f != NULL) {
		ds_atomic_abort(&f->a);
	} else {
		if (ds_grow(&st->v, &st->cap, st->n + 1, sizeof *st->v) != 0)
			return ds_errors_nomem(err, path);
		f = &st->v[st->n];
		memset(f, 0, sizeof *f);
		if ((f->path = ds_strdup(path)) == NULL)
			return ds_errors_nomem(err, path);
		st->n++;
	}
	f->remove = 1;
	f->flags = 0;
	return DS_OK;
}

const char *ds_stage_path(const struct ds_stage *st, const char *path)
{
	const struct ds_stage_file *f = find(st, path);
	return f != NULL && !f->done && f->a.tmp != NULL ? f->a.tmp : path;
}

int ds_stage_read(const struct ds_stage *st, const char *path, char **data, size_t *len,
		  struct ds_errors *err)
{
	const struct ds_stage_file *f = find(st, path);
	if (f != NULL && f->done)
		f = NULL; /* committed: the file itself */
	if (f != NULL && f->remove) {
		*data = NULL;
		*len = 0;
		return ds_errors_add(err, DS_ENOINPUT, path, 0, 0,
				     "cannot open: removed by this update");
	}
	int rc = ds_file_read(ds_stage_path(st, path), data, len, err);
	if (f != NULL && f->a.tmp != NULL)
		ds_errors_rename(err, f->a.tmp, path);
	return rc;
}

int ds_stage_check(struct ds_stage *st, ds_stage_check_fn check, void *ctx, struct ds_errors *err)
{
	st->checked = 0;
	int rc = check(ctx, st, err);
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].a.tmp != NULL)
			ds_errors_rename(err, st->v[i].a.tmp, st->v[i].path);
	st->checked = rc == DS_OK;
	return rc;
}

/* Where an entry lands: the file renamed over or removed (a link's target when followed). */
static const char *landing(const struct ds_stage_file *f)
{
	return f->remove ? f->path : f->a.target;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/*
 * The held lock whose directory holds f, and f's directory relative to it
 * ("" or "releases") in *sub.  DS_ECANTCREAT when no lock of the process
 * reaches there.
 */
static int lock_for(const struct ds_stage_file *f, struct ds_lock **lk, const char **sub,
		    struct ds_errors *err)
{
	char *dir = ds_path_dir(landing(f));
	if (dir == NULL)
		return ds_errors_nomem(err, f->path);
	char *real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return ds_errors_add(err, DS_ECANTCREAT, f->path, 0, 0, "cannot resolve: %s",
				     strerror(errno));
	int rc = DS_OK;
	*sub = "";
	if ((*lk = ds_lock_held(real)) == NULL) {
		char *parent = ds_path_dir(real);
		if (parent != NULL && strcmp(base_name(real), "releases") == 0)
			*lk = ds_lock_held(parent);
		free(parent);
		*sub = "releases";
	}
	if (*lk == NULL)
		rc = ds_errors_add(err, DS_ECANTCREAT, f->path, 0, 0,
				   "refusing to update: it leads to '%s', outside the data "
				   "directory being updated",
				   real);
	free(real);
	return rc;
}

/* What is there now must still be what was staged against (nothing moved in between). */
static int still_replaceable(const struct ds_stage_file *f, struct ds_errors *err)
{
	struct stat sb;
	const char *to = landing(f);
	if (lstat(to, &sb) != 0) {
		if (errno == ENOENT && (f->flags & DS_ATOMIC_NEW))
			return DS_OK;
		return ds_errors_add(err, DS_ECANTCREAT, to, 0, 0, "cannot replace: %s",
				     strerror(errno));
	}
	if (f->flags & DS_ATOMIC_NEW)
		return ds_errors_add(err, DS_ECANTCREAT, to, 0, 0, "already exists");
	if (S_ISDIR(sb.st_mode))
		return ds_errors_add(err, DS_ECANTCREAT, to, 0, 0, "cannot replace: %s",
				     strerror(EISDIR));
	return DS_OK;
}

/* Several files: their names relative to the lock's directory, then the journal. */
static int commit_journal(struct ds_stage *st, struct ds_lock *lk, const char *const *subs,
			  struct ds_errors *err)
{
	struct ds_journal_op *ops = calloc(st->n, sizeof *ops);
	char **names = calloc(2 * st->n, sizeof *names);
	int rc = DS_OK;
	if (ops == NULL || names == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	for (size_t i = 0; i < st->n && rc == DS_OK; i++)
		if (!st->v[i].remove)
			rc = ds_atomic_unspare(&st->v[i].a, err);
	for (size_t i = 0; i < st->n && rc == DS_OK; i++) {
		const struct ds_stage_file *f = &st->v[i];
		const char *to = base_name(landing(f));
		names[2 * i] = *subs[i] ? ds_path_join(subs[i], to) : ds_strdup(to);
		if (!f->remove) {
			const char *from = base_name(f->a.tmp);
			names[2 * i + 1] = *subs[i] ? ds_path_join(subs[i], from) : ds_strdup(from);
		}
		if (names[2 * i] == NULL || (!f->remove && names[2 * i + 1] == NULL))
			rc = ds_errors_nomem(err, NULL);
		ops[i].kind = f->remove ? DS_JOURNAL_REMOVE : DS_JOURNAL_RENAME;
		ops[i].to = names[2 * i];
		ops[i].from = names[2 * i + 1];
	}
	if (rc == DS_OK) {
		rc = ds_journal_commit(lk->dir, ops, st->n, err);
		/* Committed (finished or not): the staged files are the journal's now. */
		if (rc == DS_OK || ds_journal_pending(lk->dir))
			for (size_t i = 0; i < st->n; i++)
				st->v[i].done = 1;
		for (size_t i = 0; i < st->n && rc == DS_OK; i++)
			if (st->v[i].remove)
				ds_file_drop_spare(st->v[i].path);
	}
out:
	for (size_t i = 0; names != NULL && i < 2 * st->n; i++)
		free(names[i]);
	free(names);
	free(ops);
	return rc;
}

/* One file: its rename (or removal) is the commit point. */
static int commit_one(struct ds_stage_file *f, struct ds_errors *err)
{
	int rc;
	if (f->remove) {
		if ((rc = ds_file_remove(f->path, err)) == DS_OK)
			ds_file_drop_spare(f->path);
	} else {
		rc = ds_atomic_commit(&f->a, err);
	}
	if (rc == DS_OK)
		f->done = 1;
	return rc;
}

int ds_stage_commit(struct ds_stage *st, struct ds_errors *err)
{
	if (!st->checked)
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0,
				     "an update committed without a passing check");
	st->checked = 0;
	size_t todo = 0;
	for (size_t i = 0; i < st->n; i++)
		todo += !st->v[i].done;
	if (todo == 0)
		return DS_OK;
	const char **subs = calloc(st->n, sizeof *subs);
	if (subs == NULL)
		return ds_errors_nomem(err, NULL);
	struct ds_lock *lk = NULL;
	int rc = DS_OK;
	for (size_t i = 0; i < st->n && rc == DS_OK; i++) {
		struct ds_lock *l;
		if (st->v[i].done)
			continue;
		if ((rc = lock_for(&st->v[i], &l, &subs[i], err)) != DS_OK)
			break;
		if (lk != NULL && l != lk)
			rc = ds_errors_add(err, DS_ECANTCREAT, st->v[i].path, 0, 0,
					   "refusing to update it together with '%s': the two "
					   "lie in different data directories",
					   st->v[0].path);
		lk = l;
	}
	if (rc == DS_OK)
		rc = ds_lock_commit_begin(lk, err);
	if (rc != DS_OK) {
		free(subs);
		return rc;
	}
	for (size_t i = 0; i < st->n && rc == DS_OK; i++)
		if (!st->v[i].done)
			rc = still_replaceable(&st->v[i], err);
	if (rc == DS_OK && todo == 1) {
		for (size_t i = 0; i < st->n; i++)
			if (!st->v[i].done)
				rc = commit_one(&st->v[i], err);
	} else if (rc == DS_OK) {
		rc = commit_journal(st, lk, subs, err);
	}
	ds_lock_commit_end(lk);
	free(subs);
	return rc;
}

void ds_stage_release(struct ds_stage *st)
{
	for (size_t i = 0; i < st->n; i++) {
		if (st->v[i].done) {
			/* Renamed, or the journal's to rename: never removed here. */
			free(st->v[i].a.tmp);
			st->v[i].a.tmp = NULL;
			if (st->v[i].a.f != NULL)
				fclose(st->v[i].a.f);
			st->v[i].a.f = NULL;
		}
		ds_atomic_abort(&st->v[i].a);
		free(st->v[i].path);
	}
	free(st->v);
	memset(st, 0, sizeof *st);
}
