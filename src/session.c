/*
 * session.c - what every writing command does first: lock the data, sweep
 * what killed writers left, load the dataset under the lock, and find the
 * file to change (see session.h).
 *
 * Loading happens after the lock is taken so that a writer always builds on
 * the last committed version: two `set` commands on different rows both
 * land, because the second reads the file the first one wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "defspend/load.h"
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

/* Loads the dataset of a locked session and notes what its writes need. */
static int load(struct ds_session *s, const char *data, const char *release, struct ds_errors *err)
{
	struct ds_load_opts opts = { .release = release, .all_releases = 0 };
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

int ds_session_open(struct ds_session *s, const char *data, const char *release, long timeout_ms,
		    struct ds_errors *err)
{
	memset(s, 0, sizeof *s);
	s->lock.fd = -1;
	struct stat st;
	if (stat(data, &st) != 0)
		return ds_errors_add(err, DS_ENOINPUT, data, 0, 0,
				     "cannot open: no such file or directory");
	s->lone = !S_ISDIR(st.st_mode);
	/* A lone file is locked where writes to it land: beside its target
	 * when it is reached through a symbolic link. */
	s->dir = s->lone ? ds_path_real_dir(data) : ds_strdup(data);
	if (s->dir == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = DS_OK;
	if (s->lone) {
		rc = refuse_irregular(data, err);
	} else {
		static const char *const files[] = { "spending.csv", "members.csv",
						     "releases.csv" };
		for (size_t i = 0; i < 3 && rc == DS_OK; i++) {
			char p[4096];
			snprintf(p, sizeof p, "%s/%s", s->dir, files[i]);
			rc = refuse_irregular(p, err);
		}
	}
	if (rc != DS_OK)
		goto fail;
	rc = ds_lock_acquire(s->dir, timeout_ms, &s->lock, err);
	if (rc != DS_OK)
		goto fail;
	ds_file_sweep(s->dir);
	if (!s->lone) {
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/releases", s->dir);
		ds_file_sweep(sub);
	}
	if ((rc = load(s, data, release, err)) != DS_OK)
		goto fail;
	return DS_OK;
fail:
	ds_session_close(s);
	return rc;
}

void ds_session_close(struct ds_session *s)
{
	ds_dataset_free(s->ds);
	ds_lock_release(&s->lock);
	free(s->dir);
	memset(s, 0, sizeof *s);
	s->lock.fd = -1;
}
