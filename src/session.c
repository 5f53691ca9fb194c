/*
 * session.c - getting at the data: the writer's session and the reader's
 * lock, each finishing an interrupted update first (see session.h).
 *
 * Loading happens after the lock is taken so that a writer always builds on
 * the last committed version: two `set` commands on different rows both
 * land, because the second reads the file the first one wrote.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/journal.h"
#include "defspend/load.h"
#include "defspend/load_spending.h"
#include "defspend/session.h"
#include "defspend/util.h"

/*
 * Refuses a file to be written that is not a regular file before anything
 * reads it: opening a fifo to load it would hang, and replacing /dev/null
 * or a directory by rename would be worse.
 */
static int refuse_irregular(const char *path, struct ds_errors *err)
{
	struct stat st;
	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return DS_OK; /* a missing file is the loader's to report */
	const char *what = S_ISDIR(st.st_mode)                          ? "a directory"
			   : S_ISFIFO(st.st_mode)                       ? "a fifo"
			   : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
									: "a special file";
	return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
			     "refusing to update: %s, not a regular file", what);
}

static int has_members(const char *dir)
{
	char *p = ds_path_join(dir, "members.csv");
	struct stat st;
	int yes = p != NULL && stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return yes;
}

int ds_session_file_in_data(const char *path, char **dir)
{
	*dir = NULL;
	char *real = ds_path_real_dir(path);
	if (real == NULL)
		return 0;
	char *resolved = realpath(real, NULL);
	free(real);
	if (resolved == NULL)
		return 0;
	if (has_members(resolved)) {
		*dir = resolved;
		return 1;
	}
	const char *slash = strrchr(resolved, '/');
	if (slash != NULL && strcmp(slash + 1, "releases") == 0) {
		char *parent = ds_path_dir(resolved);
		if (parent != NULL && has_members(parent)) {
			free(resolved);
			*dir = parent;
			return 1;
		}
		free(parent);
	}
	free(resolved);
	return 0;
}

/*
 * Loads the dataset of a locked session and notes what its writes need.
 * No update reads the spending file's rows from the series: it reads the
 * rows it changes from the file (update.h), found from the lines the grid
 * keeps.  So a data directory's file is read keeping no row where the
 * loader allows it (ds_load_opts.keep), in a third of the memory.
 */
static int load(struct ds_session *s, const char *data, const char *release, struct ds_errors *err)
{
	static const struct ds_keep_years lines_only = { .n = 0, .lines = 1 };
	struct ds_load_opts opts = { .release = release,
				     .all_releases = 0,
				     .names = s->names,
				     .keep = s->lone ? NULL : &lines_only };
	s->ds = NULL;
	s->target = s->release = s->check_release = NULL;
	int rc = ds_dataset_load(data, &opts, &s->ds, err);
	if (rc != DS_OK)
		return rc;
	struct ds_series *sp = s->ds->spending;
	s->target = sp->path;
	s->release = sp->id[0] != '\0' && strcmp(sp->id, "mixed") != 0 ? sp->id : NULL;
	if (!s->lone) {
		const struct ds_dataset *ds = s->ds;
		if (release != NULL)
			s->check_release = release;
		else if (ds->current_release >= 0)
			s->check_release = ds->releases[ds->current_release].id;
	}
	return DS_OK;
}

int ds_session_reload(struct ds_session *s, const char *data, const char *release,
		      struct ds_errors *err)
{
	ds_dataset_free(s->ds);
	return load(s, data, release, err);
}

/* Adds dir (resolved) to the list when it is neither there nor the root's releases/. */
static int add_dir(char **dirs, size_t *n, const char *root, char *dir)
{
	if (dir == NULL)
		return 0;
	size_t rl = strlen(root);
	int covered = strcmp(dir, root) == 0 ||
		      (strncmp(dir, root, rl) == 0 && strcmp(dir + rl, "/releases") == 0);
	for (size_t i = 0; i < *n && !covered; i++)
		covered = strcmp(dirs[i], dir) == 0;
	if (covered || *n >= DS_SESSION_MAX_LOCKS) {
		free(dir);
		return 0;
	}
	dirs[(*n)++] = dir;
	return 1;
}

/* The resolved directory a link at path leads to, or NULL when path is no link. */
static char *link_dir(const char *root, const char *name)
{
	char *p = ds_path_join(root, name);
	struct stat st;
	char *dir = NULL;
	if (p != NULL && lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *d = ds_path_real_dir(p);
		dir = d != NULL ? realpath(d, NULL) : NULL;
		free(d);
	}
	free(p);
	return dir;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Takes the writer lock of dir and finishes or rolls back what an interrupted update left. */
static int lock_and_recover(struct ds_session *s, const char *dir, long timeout_ms,
			    struct ds_errors *err)
{
	struct ds_lock *lk = &s->locks[s->nlocks];
	int rc = ds_lock_acquire(dir, timeout_ms, lk, err);
	if (rc != DS_OK)
		return rc;
	s->nlocks++;
	if ((rc = ds_lock_commit_begin(lk, err)) != DS_OK)
		return rc;
	enum ds_journal_outcome done;
	rc = ds_journal_recover(lk->dir, &done, err);
	ds_lock_commit_end(lk);
	if ((int)done > s->recovered)
		s->recovered = (int)done;
	return rc;
}

int ds_session_open(struct ds_session *s, const char *data, const char *release, long timeout_ms,
		    struct ds_errors *err)
{
	struct ds_session_opts o = { .release = release, .timeout_ms = timeout_ms };
	return ds_session_open_with(s, data, &o, err);
}

int ds_session_open_with(struct ds_session *s, const char *data, const struct ds_session_opts *o,
			 struct ds_errors *err)
{
	const char *release = o->release;
	long timeout_ms = o->timeout_ms;
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < DS_SESSION_MAX_LOCKS; i++)
		s->locks[i].fd = -1;
	s->names = o->names;
	s->dry_run = o->dry_run;
	struct stat st;
	if (stat(data, &st) != 0)
		return ds_errors_add(err, DS_ENOINPUT, data, 0, 0,
				     "cannot open: no such file or directory");
	s->lone = !S_ISDIR(st.st_mode);
	char *dirs[DS_SESSION_MAX_LOCKS] = { NULL };
	size_t ndirs = 0;
	int rc = DS_OK;
	/* A lone file is locked where writes to it land: beside its target
	 * when it is reached through a symbolic link. */
	s->dir = s->lone ? ds_path_real_dir(data) : ds_strdup(data);
	if (s->dir == NULL || (s->root = realpath(s->dir, NULL)) == NULL) {
		rc = s->dir == NULL || errno == ENOMEM
			     ? ds_errors_nomem(err, NULL)
			     : ds_errors_add(err, DS_ENOINPUT, data, 0, 0, "cannot open: %s",
					     strerror(errno));
		goto fail;
	}
	if (s->lone) {
		char *owner = NULL;
		rc = refuse_irregular(data, err);
		if (rc == DS_OK && ds_session_file_in_data(data, &owner))
			rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
					   "'%s' is a file of the data directory '%s': update it "
					   "through the directory (--data '%s'), whose rules it "
					   "must keep",
					   data, owner, owner);
		free(owner);
	} else {
		static const char *const files[] = { "spending.csv", "members.csv",
						     "releases.csv" };
		for (size_t i = 0; i < 3 && rc == DS_OK; i++) {
			char *p = ds_path_join(s->dir, files[i]);
			rc = p == NULL ? ds_errors_nomem(err, NULL) : refuse_irregular(p, err);
			free(p);
		}
	}
	if (rc != DS_OK)
		goto fail;
	/* The directory, and where its linked files really lie, in one order for all. */
	if ((dirs[0] = ds_strdup(s->root)) == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto fail;
	}
	ndirs = 1;
	if (!s->lone) {
		static const char *const linked[] = { "spending.csv", "members.csv",
						      "releases.csv" };
		for (size_t i = 0; i < 3; i++)
			add_dir(dirs, &ndirs, s->root, link_dir(s->root, linked[i]));
		/* releases/ itself a link: the directory it leads to. */
		char *p = ds_path_join(s->root, "releases");
		struct stat ls;
		if (p != NULL && lstat(p, &ls) == 0 && S_ISLNK(ls.st_mode))
			add_dir(dirs, &ndirs, s->root, realpath(p, NULL));
		free(p);
	}
	qsort(dirs, ndirs, sizeof *dirs, by_path);
	if (s->dry_run) {
		/* Nothing will be written: read as queries read. */
		rc = ds_session_read_lock(s->root, timeout_ms, &s->locks[0], &s->recovered, err);
		s->nlocks = rc == DS_OK;
	}
	for (size_t i = 0; i < ndirs && rc == DS_OK && !s->dry_run; i++)
		rc = lock_and_recover(s, dirs[i], timeout_ms, err);
	if (rc != DS_OK)
		goto fail;
	if ((rc = load(s, data, release, err)) != DS_OK)
		goto fail;
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	return DS_OK;
fail:
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	ds_session_close(s);
	return rc;
}

void ds_session_close(struct ds_session *s)
{
	ds_dataset_free(s->ds);
	/* In the reverse order of taking. */
	for (size_t i = s->nlocks; i-- > 0;)
		ds_lock_release(&s->locks[i]);
	free(s->dir);
	free(s->root);
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < DS_SESSION_MAX_LOCKS; i++)
		s->locks[i].fd = -1;
}

int ds_session_read_lock(const char *data, long timeout_ms, struct ds_lock *lk, int *recovered,
			 struct ds_errors *err)
{
	memset(lk, 0, sizeof *lk);
	lk->fd = -1;
	if (recovered != NULL)
		*recovered = DS_JOURNAL_CLEAN;
	struct stat st;
	if (stat(data, &st) != 0)
		return DS_OK; /* the loader says what is missing */
	char *dir = S_ISDIR(st.st_mode) ? ds_strdup(data) : ds_path_real_dir(data);
	if (dir == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = DS_OK;
	for (int round = 0;; round++) {
		if ((rc = ds_lock_read(dir, timeout_ms, lk, err)) != DS_OK)
			break;
		/* Under the shared commit lock no commit is running: a journal
		 * is an update whose writer died, to be finished first. */
		int journal = ds_journal_pending(lk->dir);
		if (!journal && (round > 0 || !ds_journal_leftovers(lk->dir)))
			break; /* read, holding lk */
		if (journal && round > 1) {
			rc = ds_errors_add(err, DS_ETEMPFAIL, NULL, 0, 0,
					   "'%s' keeps being left half-updated; try again later",
					   dir);
			ds_lock_release(lk);
			break;
		}
		/* Temporary files alone may be a live writer's, still staging:
		 * they are removed only when no writer holds the lock. */
		if (!journal)
			lk->timeout_ms = 0;
		enum ds_journal_outcome done = DS_JOURNAL_CLEAN;
		struct ds_errors quiet;
		ds_errors_init(&quiet);
		if ((rc = ds_lock_upgrade(lk, journal ? err : &quiet)) == DS_OK &&
		    (rc = ds_lock_commit_begin(lk, journal ? err : &quiet)) == DS_OK) {
			rc = ds_journal_recover(lk->dir, &done, err);
			ds_lock_commit_end(lk);
		}
		ds_errors_release(&quiet);
		ds_lock_release(lk);
		if (rc != DS_OK && !journal) {
			/* A writer at work, or a directory we cannot write: its
			 * temporary files are not part of the data; read it. */
			rc = ds_lock_read(dir, timeout_ms, lk, err);
			break;
		}
		if (rc != DS_OK) {
			ds_errors_add(err, rc, NULL, 0, 0,
				      "an interrupted update of '%s' must be finished before it is "
				      "read, and this run could not",
				      dir);
			break;
		}
		if (recovered != NULL && (int)done > *recovered)
			*recovered = (int)done;
	}
	free(dir);
	return rc;
}
