/*
 * session.c - what every writing command does first: lock the data, sweep
 * what killed writers left, load the dataset under the lock, and find the
 * file to change (see update.h).
 *
 * Loading happens after the lock is taken so that a writer always builds on
 * the last committed version: two `set` commands on different rows both
 * land, because the second reads the file the first one wrote.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "defspend/update.h"
#include "loadutil.h"

int ds_session_open(struct ds_session *s, const char *data, const char *release, long timeout_ms,
		    struct ds_errors *err)
{
	memset(s, 0, sizeof *s);
	s->lock.fd = -1;
	struct stat st;
	if (stat(data, &st) != 0)
		return ds_errors_add(err, DS_ENOINPUT, data, 0, 0, "cannot open: no such file or directory");
	s->lone = !S_ISDIR(st.st_mode);
	s->dir = s->lone ? ds_path_dir(data) : ds_strdup(data);
	if (s->dir == NULL)
		return ds_errors_add(err, DS_ENOMEM, NULL, 0, 0, "out of memory");
	int rc = ds_lock_acquire(s->dir, timeout_ms, &s->lock, err);
	if (rc != DS_OK)
		goto fail;
	ds_file_sweep(s->dir);
	if (!s->lone) {
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/releases", s->dir);
		ds_file_sweep(sub);
	}
	struct ds_load_opts opts = { .release = release, .all_releases = 0 };
	if ((rc = ds_dataset_load(data, &opts, &s->ds, err)) != DS_OK)
		goto fail;
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
