/*
 * journal.c - one step for an update of several files (see journal.h).
 *
 * The journal is a redo log of names, not of contents: the new contents
 * are already on disk under their staged names when it is written, so it
 * stays a few lines long whatever the size of the files, and replaying it
 * is only renames.  What makes the replay safe to repeat is that a staged
 * name exists until its rename and never after (mkstemp names are used
 * once), and that nothing but a replay touches the directory while a
 * journal is there: every writer takes the lock and replays first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/journal.h"
#include "defspend/safefile.h"
#include "defspend/util.h"

static const char magic[] = "defspend journal 1\n";

int ds_journal_pending(const char *dir)
{
	char *p = ds_path_join(dir, DS_JOURNAL_NAME);
	struct stat st;
	int there = p != NULL && lstat(p, &st) == 0;
	free(p);
	return there;
}

/* A path the journal may name: relative, inside dir, no tab or line break. */
static int safe_name(const char *p)
{
	if (*p == '\0' || *p == '/')
		return 0;
	for (const char *s = p; *s; s++) {
		if (*s == '\t' || *s == '\n' || *s == '\r')
			return 0;
		if ((s == p || s[-1] == '/') && s[0] == '.' && s[1] == '.' &&
		    (s[2] == '/' || s[2] == '\0'))
			return 0;
	}
	return 1;
}

/* Adds the directory part of rel (relative to dir) to dirs[] when new; -1 out of memory. */
static int note_dir(const char *dir, const char *rel, char ***dirs, size_t *n, size_t *cap)
{
	const char *slash = strrchr(rel, '/');
	char *d;
	if (slash == NULL) {
		d = ds_strdup(dir);
	} else {
		char *sub = strndup(rel, (size_t)(slash - rel));
		d = sub != NULL ? ds_path_join(dir, sub) : NULL;
		free(sub);
	}
	if (d == NULL)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*dirs)[i], d) == 0) {
			free(d);
			return 0;
		}
	if (ds_grow(dirs, cap, *n + 1, sizeof **dirs) != 0) {
		free(d);
		return -1;
	}
	(*dirs)[(*n)++] = d;
	return 0;
}

/*
 * Does ops[0..n) in dir: renames whose staged name is gone were done
 * already, removals of files that are gone too.  Then flushes every
 * directory touched, removes the journal and flushes dir.
 */
static int apply(const char *dir, const struct ds_journal_op *ops, size_t n, struct ds_errors *err)
{
	char **dirs = NULL;
	size_t ndirs = 0, cap = 0;
	int rc = DS_OK;
	for (size_t i = 0; i < n && rc == DS_OK; i++) {
		char *to = ds_path_join(dir, ops[i].to);
		char *from =
			ops[i].kind == DS_JOURNAL_RENAME ? ds_path_join(dir, ops[i].from) : NULL;
		if (to == NULL || (ops[i].kind == DS_JOURNAL_RENAME && from == NULL) ||
		    note_dir(dir, ops[i].to, &dirs, &ndirs, &cap) != 0) {
			rc = ds_errors_nomem(err, dir);
		} else if (ops[i].kind == DS_JOURNAL_RENAME) {
			if (rename(from, to) != 0 && errno != ENOENT)
				rc = ds_errors_add(err, DS_EIO, to, 0, 0, "cannot replace: %s",
						   strerror(errno));
		} else if (unlink(to) != 0 && errno != ENOENT) {
			rc = ds_errors_add(err, DS_EIO, to, 0, 0, "cannot remove: %s",
					   strerror(errno));
		}
		free(to);
		free(from);
	}
	for (size_t i = 0; i < ndirs; i++) {
		if (rc == DS_OK)
			rc = ds_dir_sync(dirs[i], err);
		free(dirs[i]);
	}
	free(dirs);
	if (rc != DS_OK)
		return rc;
	char *j = ds_path_join(dir, DS_JOURNAL_NAME);
	if (j == NULL)
		return ds_errors_nomem(err, dir);
	if (unlink(j) != 0 && errno != ENOENT)
		rc = ds_errors_add(err, DS_EIO, j, 0, 0, "cannot remove: %s", strerror(errno));
	free(j);
	return rc == DS_OK ? ds_dir_sync(dir, err) : rc;
}

/* Flushes the directory of every staged file, so that their names are on disk. */
static int sync_staged_dirs(const char *dir, const struct ds_journal_op *ops, size_t n,
			    struct ds_errors *err)
{
	char **dirs = NULL;
	size_t ndirs = 0, cap = 0;
	int rc = DS_OK;
	for (size_t i = 0; i < n && rc == DS_OK; i++)
		if (ops[i].kind == DS_JOURNAL_RENAME &&
		    note_dir(dir, ops[i].from, &dirs, &ndirs, &cap) != 0)
			rc = ds_errors_nomem(err, dir);
	for (size_t i = 0; i < ndirs; i++) {
		if (rc == DS_OK)
			rc = ds_dir_sync(dirs[i], err);
		free(dirs[i]);
	}
	free(dirs);
	return rc;
}

int ds_journal_commit(const char *dir, const struct ds_journal_op *ops, size_t n,
		      struct ds_errors *err)
{
	for (size_t i = 0; i < n; i++)
		if (!safe_name(ops[i].to) ||
		    (ops[i].kind == DS_JOURNAL_RENAME && !safe_name(ops[i].from)))
			return ds_errors_add(err, DS_ECANTCREAT, dir, 0, 0,
					     "cannot name '%s' in the journal", ops[i].to);
	int rc = sync_staged_dirs(dir, ops, n, err);
	if (rc != DS_OK)
		return rc;
	char *path = ds_path_join(dir, DS_JOURNAL_NAME);
	if (path == NULL)
		return ds_errors_nomem(err, dir);
	struct ds_atomic a;
	rc = ds_atomic_open(&a, path, DS_ATOMIC_NEW | DS_ATOMIC_NOFOLLOW, err);
	free(path);
	if (rc != DS_OK)
		return rc;
	ds_atomic_write(&a, magic, sizeof magic - 1);
	for (size_t i = 0; i < n; i++) {
		if (ops[i].kind == DS_JOURNAL_RENAME)
			ds_atomic_printf(&a, "rename\t%s\t%s\n", ops[i].from, ops[i].to);
		else
			ds_atomic_printf(&a, "remove\t%s\n", ops[i].to);
	}
	ds_atomic_printf(&a, "end\n");
	/* The commit point: the journal's rename, and the flush of dir after it. */
	if ((rc = ds_atomic_commit(&a, err)) != DS_OK) {
		/* Not committed, unless the rename happened and only the flush
		 * failed: then the journal is there and the update will be finished. */
		return ds_journal_pending(dir)
			       ? ds_errors_add(err, DS_EIO, dir, 0, 0,
					       "the update is committed but not "
					       "finished; the next command finishes "
					       "it")
			       : rc;
	}
	if ((rc = apply(dir, ops, n, err)) != DS_OK)
		ds_errors_add(err, DS_EIO, dir, 0, 0,
			      "the update is committed but not finished; the next command "
			      "finishes it");
	return rc;
}

/* Reads dir's journal (not through a link) into *text; DS_OK, or a status with a diagnostic. */
static int read_journal(const char *path, char **text, struct ds_errors *err)
{
	*text = NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ds_errors_add(err, DS_EIO, path, 0, 0,
				     "cannot read the journal of an interrupted update: %s",
				     errno == ELOOP ? "it is a symbolic link" : strerror(errno));
	struct stat st;
	int rc = DS_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 1 << 20) {
		rc = ds_errors_add(err, DS_EIO, path, 0, 0,
				   "the journal of an interrupted update is not a small regular "
				   "file");
	} else if ((*text = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = ds_errors_nomem(err, path);
	} else {
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t r = read(fd, *text + got, (size_t)st.st_size - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		(*text)[got] = '\0';
		if (got != (size_t)st.st_size)
			rc = ds_errors_add(err, DS_EIO, path, 0, 0, "read error");
	}
	close(fd);
	if (rc != DS_OK) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

/* Parses the journal text in place into ops; DS_OK or DS_EIO naming what is wrong. */
static int parse(const char *path, char *text, struct ds_journal_op **ops, size_t *n,
		 struct ds_errors *err)
{
	size_t cap = 0;
	*ops = NULL;
	*n = 0;
	if (strncmp(text, magic, sizeof magic - 1) != 0)
		goto bad;
	int ended = 0;
	for (char *line = text + sizeof magic - 1; *line != '\0' && !ended;) {
		char *nl = strchr(line, '\n');
		if (nl == NULL)
			goto bad; /* a last line without its end */
		*nl = '\0';
		char *f[3] = { line, NULL, NULL };
		for (int k = 1; k < 3; k++) {
			char *tab = f[k - 1] != NULL ? strchr(f[k - 1], '\t') : NULL;
			if (tab != NULL) {
				*tab = '\0';
				f[k] = tab + 1;
			}
		}
		struct ds_journal_op op = { DS_JOURNAL_REMOVE, NULL, NULL };
		if (strcmp(f[0], "end") == 0 && f[1] == NULL) {
			ended = 1;
		} else if (strcmp(f[0], "rename") == 0 && f[2] != NULL && safe_name(f[1]) &&
			   safe_name(f[2])) {
			op = (struct ds_journal_op){ DS_JOURNAL_RENAME, f[1], f[2] };
		} else if (strcmp(f[0], "remove") == 0 && f[1] != NULL && f[2] == NULL &&
			   safe_name(f[1])) {
			op.to = f[1];
		} else {
			goto bad;
		}
		if (!ended) {
			if (ds_grow(ops, &cap, *n + 1, sizeof **ops) != 0) {
				free(*ops);
				*ops = NULL;
				return ds_errors_nomem(err, path);
			}
			(*ops)[(*n)++] = op;
		}
		line = nl + 1;
	}
	if (ended)
		return DS_OK;
bad:
	free(*ops);
	*ops = NULL;
	*n = 0;
	return ds_errors_add(err, DS_EIO, path, 0, 0,
			     "the journal of an interrupted update is damaged: check the data "
			     "with 'defspend check', then remove the journal");
}

int ds_journal_leftovers(const char *dir)
{
	if (ds_journal_pending(dir) || ds_file_sweep(dir, 1) > 0)
		return 1;
	char *sub = ds_path_join(dir, "releases");
	int any = sub != NULL && ds_file_sweep(sub, 1) > 0;
	free(sub);
	return any;
}

int ds_journal_recover(const char *dir, enum ds_journal_outcome *outcome, struct ds_errors *err)
{
	enum ds_journal_outcome done = DS_JOURNAL_CLEAN;
	int rc = DS_OK;
	if (outcome != NULL)
		*outcome = DS_JOURNAL_CLEAN;
	if (ds_journal_pending(dir)) {
		char *path = ds_path_join(dir, DS_JOURNAL_NAME), *text = NULL;
		struct ds_journal_op *ops = NULL;
		size_t n = 0;
		if (path == NULL)
			return ds_errors_nomem(err, dir);
		if ((rc = read_journal(path, &text, err)) == DS_OK &&
		    (rc = parse(path, text, &ops, &n, err)) == DS_OK &&
		    (rc = apply(dir, ops, n, err)) == DS_OK)
			done = DS_JOURNAL_FINISHED;
		if (rc != DS_OK)
			ds_errors_add(err, rc, dir, 0, 0,
				      "cannot finish an interrupted update of the data");
		free(ops);
		free(text);
		free(path);
		if (rc != DS_OK)
			return rc;
	}
	/* What no journal names was never committed: roll it back. */
	size_t swept = ds_file_sweep(dir, 0);
	char *sub = ds_path_join(dir, "releases");
	if (sub == NULL)
		return ds_errors_nomem(err, dir);
	swept += ds_file_sweep(sub, 0);
	free(sub);
	if (done == DS_JOURNAL_CLEAN && swept > 0)
		done = DS_JOURNAL_ROLLED_BACK;
	if (outcome != NULL)
		*outcome = done;
	return DS_OK;
}
