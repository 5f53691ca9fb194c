/*
 * stage.c - staged, checked, committed updates (see stage.h).
 *
 * The set is a small array of atomic writers that are closed (complete on
 * disk) but not yet renamed.  Keeping them open until the commit rather
 * than renaming each as it is written is what lets one check see all of
 * them, and what will let a journal, later, make their renames one step.
 */
#include <stdlib.h>
#include <string.h>

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

int ds_stage_add(struct ds_stage *st, const char *path, const char *data, size_t len,
		 unsigned flags, struct ds_errors *err)
{
	if (find(st, path) != NULL)
		return ds_errors_add(err, DS_ESOFTWARE, path, 0, 0, "staged twice in one update");
	if (ds_grow(&st->v, &st->cap, st->n + 1, sizeof *st->v) != 0)
		return ds_errors_nomem(err, path);
	struct ds_stage_file *f = &st->v[st->n];
	memset(f, 0, sizeof *f);
	if ((f->path = ds_strdup(path)) == NULL)
		return ds_errors_nomem(err, path);
	int rc = ds_atomic_open(&f->a, path, flags, err);
	if (rc == DS_OK) {
		ds_atomic_write(&f->a, data, len);
		rc = ds_atomic_close(&f->a, err);
	}
	if (rc != DS_OK) {
		ds_atomic_abort(&f->a);
		free(f->path);
		return rc;
	}
	st->n++;
	st->checked = 0;
	return DS_OK;
}

const char *ds_stage_path(const struct ds_stage *st, const char *path)
{
	const struct ds_stage_file *f = find(st, path);
	return f != NULL && f->a.tmp != NULL ? f->a.tmp : path;
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

int ds_stage_commit(struct ds_stage *st, struct ds_errors *err)
{
	if (!st->checked)
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0,
				     "an update committed without a passing check");
	for (size_t i = 0; i < st->n; i++) {
		if (st->v[i].a.tmp == NULL)
			continue; /* committed by an earlier call */
		int rc = ds_atomic_commit(&st->v[i].a, err);
		if (rc != DS_OK) {
			st->checked = 0;
			return rc;
		}
	}
	st->checked = 0;
	return DS_OK;
}

void ds_stage_release(struct ds_stage *st)
{
	for (size_t i = 0; i < st->n; i++) {
		ds_atomic_abort(&st->v[i].a);
		free(st->v[i].path);
	}
	free(st->v);
	memset(st, 0, sizeof *st);
}
