/*
 * release.c - registering a new release in releases.csv, promoting a
 * release to current, and checking a data directory as an update of its
 * releases will leave it (see release.h).
 *
 * Promotion touches four files: the current spending.csv is copied to
 * releases/OLD.csv, the promoted release's file becomes spending.csv and
 * goes, and releases.csv says so.  No rename can do that at once, so the
 * four are staged as one set and committed through the journal (stage.h,
 * journal.h): a crash leaves the data before or after the promotion,
 * never between.  Each step reads the files as the set leaves them
 * (ds_stage_read()), so a promotion can follow the import of a new release
 * in the same set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/csvdoc.h"
#include "defspend/load.h"
#include "defspend/load_aux.h"
#include "defspend/load_spending.h"
#include "defspend/provenance.h"
#include "defspend/release.h"
#include "defspend/safefile.h"
#include "defspend/update.h"
#include "defspend/util.h"

int ds_release_id_valid(const char *id)
{
	return ds_provenance_release_id_valid(id);
}

static const char releases_header[] = "id,title,published,cutoff,basis,decimals,file,source\n";

/* Stages doc as the new content of path. */
static int stage_doc(struct ds_stage *st, const char *path, const struct ds_csvdoc *doc,
		     struct ds_errors *err)
{
	char *buf;
	size_t len;
	if (ds_csvdoc_render(doc, &buf, &len) != 0)
		return ds_errors_nomem(err, path);
	int rc = ds_stage_add(st, path, buf, len, 0, err);
	free(buf);
	return rc;
}

static int exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

/* releases.csv as st leaves it; the standard header alone when there is none. */
static int open_releases(const struct ds_stage *st, const char *path, struct ds_csvdoc *doc,
			 struct ds_errors *err)
{
	char *data;
	size_t len;
	int rc;
	if (ds_stage_path(st, path) == path && !exists(path))
		return ds_csvdoc_parse(doc, path, releases_header, strlen(releases_header), err);
	if ((rc = ds_stage_read(st, path, &data, &len, err)) != DS_OK)
		return rc;
	rc = ds_csvdoc_parse(doc, path, data, len, err);
	free(data);
	return rc;
}

int ds_release_register(struct ds_stage *st, const char *dir, const struct ds_release *r,
			struct ds_errors *err)
{
	char *path = ds_path_join(dir, "releases.csv");
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	struct ds_csvdoc doc;
	int rc = open_releases(st, path, &doc, err);
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
	else
		rc = stage_doc(st, path, &doc, err);
out:
	free(vals);
	ds_csvdoc_release(&doc);
	free(path);
	return rc;
}

/* The first record of doc whose column col holds value, or 0. */
static size_t find_row(const struct ds_csvdoc *doc, int col, const char *value)
{
	for (size_t i = 1; col >= 0 && i < doc->nrows; i++)
		if (doc->rows[i].nfields == doc->ncols &&
		    strcmp(ds_csvdoc_get(doc, i, (size_t)col), value) == 0)
			return i;
	return 0;
}

/* Stages content read from `from` (as st leaves it) as the content of `to`. */
static int stage_copy(struct ds_stage *st, const char *from, const char *to, unsigned flags,
		      struct ds_errors *err)
{
	char *data;
	size_t len;
	int rc = ds_stage_read(st, from, &data, &len, err);
	if (rc == DS_OK)
		rc = ds_stage_add(st, to, data, len, flags, err);
	free(data);
	return rc;
}

int ds_release_promote_staged(struct ds_stage *st, const char *dir, const char *id, int *already,
			      struct ds_errors *err)
{
	if (already != NULL)
		*already = 0;
	char *rel_csv = ds_path_join(dir, "releases.csv"),
	     *spend = ds_path_join(dir, "spending.csv");
	char *oldpath = NULL, *idpath = NULL, *oldrel = NULL, *old = NULL;
	struct ds_csvdoc doc;
	int parsed = 0, rc = DS_OK;
	if (rel_csv == NULL || spend == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if ((rc = open_releases(st, rel_csv, &doc, err)) != DS_OK)
		goto out;
	parsed = 1;
	int ci = ds_csvdoc_column(&doc, "id"), cf = ds_csvdoc_column(&doc, "file");
	size_t r = find_row(&doc, ci, id), c = cf >= 0 ? find_row(&doc, cf, "spending.csv") : 0;
	if (r == 0) {
		rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "unknown release '%s'", id);
		goto out;
	}
	if (c == 0) {
		rc = ds_errors_add(err, DS_EDATA, rel_csv, 0, 0,
				   "no release in releases.csv has the file spending.csv");
		goto out;
	}
	if (r == c) {
		if (already != NULL)
			*already = 1;
		goto out;
	}
	if ((old = ds_strdup(ds_csvdoc_get(&doc, c, (size_t)ci))) == NULL ||
	    (oldrel = malloc(strlen(old) + 16)) == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	sprintf(oldrel, "releases/%s.csv", old);
	if ((oldpath = ds_path_join(dir, oldrel)) == NULL ||
	    (idpath = ds_path_join(dir, ds_csvdoc_get(&doc, r, (size_t)cf))) == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if (ds_stage_path(st, oldpath) == oldpath && exists(oldpath)) {
		rc = ds_errors_add(err, DS_ECANTCREAT, oldpath, 0, 0,
				   "already exists: the current release '%s' cannot move there; "
				   "'defspend check' says whether a release owns it",
				   old);
		goto out;
	}
	/* The current release's bytes move under releases/, the promoted
	 * release's become spending.csv, its own file goes, releases.csv follows. */
	if ((rc = stage_copy(st, spend, oldpath, DS_ATOMIC_NEW, err)) != DS_OK ||
	    (rc = stage_copy(st, idpath, spend, 0, err)) != DS_OK)
		goto out;
	if (ds_csvdoc_set(&doc, c, (size_t)cf, oldrel) < 0 ||
	    ds_csvdoc_set(&doc, r, (size_t)cf, "spending.csv") < 0) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if ((rc = stage_doc(st, rel_csv, &doc, err)) != DS_OK)
		goto out;
	rc = ds_stage_remove(st, idpath, err);
out:
	if (parsed)
		ds_csvdoc_release(&doc);
	free(rel_csv);
	free(spend);
	free(oldpath);
	free(idpath);
	free(oldrel);
	free(old);
	return rc;
}

int ds_release_check_staged(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	const char *dir = ctx;
	struct ds_dataset *d = ds_dataset_new();
	char *members = ds_path_join(dir, "members.csv"), *rel = ds_path_join(dir, "releases.csv"),
	     *spend = ds_path_join(dir, "spending.csv");
	int rc = DS_OK;
	if (d == NULL || members == NULL || rel == NULL || spend == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if ((rc = ds_load_members(d, ds_stage_path(st, members), err)) != DS_OK)
		goto out;
	if ((ds_stage_path(st, rel) != rel || exists(rel)) &&
	    (rc = ds_load_releases(d, ds_stage_path(st, rel), err)) != DS_OK)
		goto out;
	if (d->current_release < 0) {
		struct ds_series *s;
		rc = ds_load_spending(d, ds_stage_path(st, spend), NULL, 0, &s, err);
		ds_series_free(s);
	}
	for (size_t i = 0; i < d->nreleases; i++) {
		char *path = ds_path_join(dir, d->releases[i].file);
		struct ds_series *s = NULL;
		int r = path == NULL ? ds_errors_nomem(err, NULL)
				     : ds_load_spending(d, ds_stage_path(st, path),
							d->releases[i].id, 0, &s, err);
		ds_series_free(s);
		free(path);
		if (r != DS_OK && rc == DS_OK)
			rc = r;
	}
out:
	ds_dataset_free(d);
	free(members);
	free(rel);
	free(spend);
	return rc;
}

/* A dry run stages nothing (it may run on data it cannot write): it checks what would move. */
static int promote_dry(struct ds_session *s, const char *id, struct ds_errors *err)
{
	struct ds_dataset *ds = s->ds;
	int r = ds_dataset_find_release(ds, id);
	if (r < 0)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "unknown release '%s'", id);
	if (ds->current_release < 0)
		return ds_errors_add(err, DS_EDATA, NULL, 0, 0,
				     "no release in releases.csv has the file spending.csv");
	if (r == ds->current_release)
		return DS_OK;
	const char *old = ds->releases[ds->current_release].id;
	char *oldrel = malloc(strlen(old) + 16), *oldpath = NULL;
	int rc = DS_OK;
	if (oldrel != NULL) {
		sprintf(oldrel, "releases/%s.csv", old);
		oldpath = ds_path_join(s->dir, oldrel);
	}
	if (oldpath == NULL) {
		rc = ds_errors_nomem(err, NULL);
	} else if (exists(oldpath)) {
		rc = ds_errors_add(err, DS_ECANTCREAT, oldpath, 0, 0,
				   "already exists: the current release '%s' cannot move there; "
				   "'defspend check' says whether a release owns it",
				   old);
	} else {
		struct ds_series *check;
		rc = ds_dataset_load_release(ds, id, &check, err);
		ds_series_free(check);
	}
	free(oldrel);
	free(oldpath);
	return rc;
}

int ds_release_promote(struct ds_session *s, const char *id, int dry_run, struct ds_errors *err)
{
	if (s->lone)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				     "promoting a release needs a data directory");
	if (dry_run)
		return promote_dry(s, id, err);
	struct ds_stage st;
	ds_stage_init(&st);
	int already = 0;
	int rc = ds_release_promote_staged(&st, s->dir, id, &already, err);
	if (rc == DS_OK && !already &&
	    (rc = ds_stage_check(&st, ds_release_check_staged, s->dir, err)) == DS_OK)
		rc = ds_stage_commit(&st, err);
	ds_stage_release(&st);
	return rc;
}
