/*
 * release.c - registering a new release in releases.csv and promoting a
 * release to current (see release.h).
 *
 * Promotion touches three files, and no rename can swap three files at
 * once.  So the steps are ordered to keep the data loadable after each: a
 * releases.csv in which no release owns spending.csv makes the loader accept
 * spending.csv whatever release its rows carry, and that is the state the
 * data passes through while spending.csv is replaced.  A crash leaves at
 * worst a stale copy under releases/ and a releases.csv to finish by hand,
 * never a file that fails to load.  Each new releases.csv and the new
 * spending.csv go through the checked stage-load-commit primitive
 * (stage.h), which can later hold all of them as one set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defspend/csvdoc.h"
#include "defspend/load.h"
#include "defspend/load_aux.h"
#include "defspend/release.h"
#include "defspend/safefile.h"
#include "defspend/stage.h"
#include "defspend/update.h"
#include "defspend/util.h"

int ds_release_id_valid(const char *id)
{
	if (id[0] == '\0' || id[0] == '.' || strlen(id) > 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

static const char releases_header[] = "id,title,published,cutoff,basis,decimals,file,source\n";

/* The stage check of releases.csv: its loader, on a dataset of its own. */
static int check_releases(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	const char *path = ctx;
	struct ds_dataset *d = ds_dataset_new();
	if (d == NULL)
		return ds_errors_nomem(err, path);
	int rc = ds_load_releases(d, ds_stage_path(st, path), err);
	ds_dataset_free(d);
	return rc;
}

/* Stages doc as the new releases.csv at path, checks it with the loader, commits it. */
static int write_releases(const char *path, const struct ds_csvdoc *doc, struct ds_errors *err)
{
	char *buf;
	size_t len;
	if (ds_csvdoc_render(doc, &buf, &len) != 0)
		return ds_errors_nomem(err, path);
	struct ds_stage st;
	ds_stage_init(&st);
	int rc = ds_stage_add(&st, path, buf, len, 0, err);
	free(buf);
	if (rc == DS_OK)
		rc = ds_stage_check(&st, check_releases, (void *)path, err);
	if (rc == DS_OK)
		rc = ds_stage_commit(&st, err);
	ds_stage_release(&st);
	return rc;
}

static int open_releases(const char *path, struct ds_csvdoc *doc, struct ds_errors *err)
{
	char *data;
	size_t len;
	int rc;
	if (access(path, F_OK) != 0)
		return ds_csvdoc_parse(doc, path, releases_header, strlen(releases_header), err);
	if ((rc = ds_file_read(path, &data, &len, err)) != DS_OK)
		return rc;
	rc = ds_csvdoc_parse(doc, path, data, len, err);
	free(data);
	return rc;
}

int ds_release_register(const char *dir, const struct ds_release *r, int dry_run,
			struct ds_errors *err)
{
	char *path = ds_path_join(dir, "releases.csv");
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	struct ds_csvdoc doc;
	int rc = open_releases(path, &doc, err);
	if (rc != DS_OK) {
		free(path);
		return rc;
	}
	char dec[16] = "";
	if (r->decimals >= 0)
		snprintf(dec, sizeof dec, "%d", r->decimals);
	const char **vals = calloc(doc.ncols, sizeof *vals);
	if (vals == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	static const char *names[8] = { "id",    "title",    "published", "cutoff",
					"basis", "decimals", "file",      "source" };
	const char *given[8] = { r->id,    r->title, r->published, r->cutoff,
				 r->basis, dec,      r->file,      r->source };
	for (size_t i = 0; i < doc.ncols; i++)
		vals[i] = "";
	for (size_t k = 0; k < 8; k++) {
		int c = ds_csvdoc_column(&doc, names[k]);
		if (c >= 0)
			vals[c] = given[k] ? given[k] : "";
	}
	size_t last = 0;
	for (size_t i = 1; i < doc.nrows; i++)
		if (doc.rows[i].nfields > 0)
			last = i;
	if (ds_csvdoc_insert(&doc, last, vals) != 0)
		rc = ds_errors_nomem(err, NULL);
	else if (!dry_run)
		rc = write_releases(path, &doc, err);
out:
	free(vals);
	ds_csvdoc_release(&doc);
	free(path);
	return rc;
}

/* Sets the file cell of release id's row. */
static int set_file(const char *path, const char *id, const char *file, struct ds_errors *err)
{
	struct ds_csvdoc doc;
	int rc = open_releases(path, &doc, err);
	if (rc != DS_OK)
		return rc;
	int ci = ds_csvdoc_column(&doc, "id"), cf = ds_csvdoc_column(&doc, "file");
	size_t row = 0;
	for (size_t i = 1; i < doc.nrows && ci >= 0; i++)
		if (doc.rows[i].nfields == doc.ncols &&
		    strcmp(ds_csvdoc_get(&doc, i, (size_t)ci), id) == 0)
			row = i;
	if (row == 0 || cf < 0)
		rc = ds_errors_add(err, DS_ESOFTWARE, path, 0, 0, "release '%s' vanished", id);
	else if (ds_csvdoc_set(&doc, row, (size_t)cf, file) < 0)
		rc = ds_errors_nomem(err, NULL);
	else
		rc = write_releases(path, &doc, err);
	ds_csvdoc_release(&doc);
	return rc;
}

int ds_release_promote(struct ds_session *s, const char *id, int dry_run, struct ds_errors *err)
{
	struct ds_dataset *ds = s->ds;
	if (s->lone)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				     "promoting a release needs a data directory");
	int r = ds_dataset_find_release(ds, id);
	if (r < 0)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "unknown release '%s'", id);
	if (ds->current_release < 0)
		return ds_errors_add(err, DS_EDATA, NULL, 0, 0,
				     "no release in releases.csv has the file spending.csv");
	if (r == ds->current_release)
		return DS_OK;
	const char *old = ds->releases[ds->current_release].id;
	char oldrel[300];
	snprintf(oldrel, sizeof oldrel, "releases/%s.csv", old);
	char *rel_csv = ds_path_join(s->dir, "releases.csv"),
	     *spend = ds_path_join(s->dir, "spending.csv");
	char *oldpath = ds_path_join(s->dir, oldrel),
	     *idpath = ds_path_join(s->dir, ds->releases[r].file);
	char *data = NULL;
	size_t len;
	struct ds_stage st;
	ds_stage_init(&st);
	int rc = DS_OK;
	if (rel_csv == NULL || spend == NULL || oldpath == NULL || idpath == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if (access(oldpath, F_OK) == 0) {
		rc = ds_errors_add(err, DS_ECANTCREAT, oldpath, 0, 0,
				   "already exists: the current release '%s' cannot move there",
				   old);
		goto out;
	}
	/* The new current file must load as the current release before anything moves. */
	struct ds_series *check;
	if ((rc = ds_dataset_load_release(ds, id, &check, err)) != DS_OK)
		goto out;
	ds_series_free(check);
	if (dry_run)
		goto out;
	/* 1: a copy of the current release under releases/, not yet referenced.
	 * Its bytes are those of the spending.csv this session loaded, so
	 * there is nothing new for a loader to check: it is only replaced
	 * atomically (must be new). */
	if ((rc = ds_file_read(spend, &data, &len, err)) != DS_OK ||
	    (rc = ds_file_replace(oldpath, data, len, 1, err)) != DS_OK)
		goto out;
	free(data);
	data = NULL;
	/* 2: the old release points at its copy; no release owns spending.csv now. */
	if ((rc = set_file(rel_csv, old, oldrel, err)) != DS_OK)
		goto out;
	/* 3: spending.csv takes the promoted release's bytes, checked by the loader. */
	if ((rc = ds_file_read(idpath, &data, &len, err)) != DS_OK ||
	    (rc = ds_stage_add(&st, spend, data, len, 0, err)) != DS_OK)
		goto out;
	struct ds_update_check as_current = { ds, spend, id, 0 };
	if ((rc = ds_stage_check(&st, ds_update_check_spending, &as_current, err)) != DS_OK ||
	    (rc = ds_stage_commit(&st, err)) != DS_OK)
		goto out;
	/* 4: the promoted release owns spending.csv; 5: its old file goes. */
	if ((rc = set_file(rel_csv, id, "spending.csv", err)) != DS_OK)
		goto out;
	rc = ds_file_remove(idpath, err);
out:
	ds_stage_release(&st);
	free(data);
	free(rel_csv);
	free(spend);
	free(oldpath);
	free(idpath);
	return rc;
}
