/*
 * import_run.c - the steps of `defspend import` (see import_run.h).
 *
 * Each step writes through the checked stage-load-commit primitive
 * (stage.h) and is ordered so that the data loads after each one: the
 * release's file is written first, while nothing refers to it yet when it
 * is new; then releases.csv names it; then, with --current, the promotion,
 * which reads the data again under the same lock so that no other writer
 * comes between the import and the promotion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/import_run.h"
#include "defspend/release.h"

/* The most decimals of any pct_gdp cell of the rows u added: what releases.csv records. */
static int max_decimals(const struct ds_update *u)
{
	int c = ds_csvdoc_column(&u->doc, "pct_gdp"), best = -1;
	for (size_t i = 0; c >= 0 && i < u->doc.nins; i++) {
		const char *dot = strchr(u->doc.ins[i].f[c], '.');
		int d = u->doc.ins[i].f[c][0] == '\0' ? -1 : dot ? (int)strlen(dot + 1) : 0;
		if (d > best)
			best = d;
	}
	return best;
}

/* Opens the update of a new release's file: the current file's header row, byte for byte. */
static int open_new(struct ds_session *s, const char *id, struct ds_update *u,
		    struct ds_errors *err)
{
	/* The data directory as given, then a slash: the path the outcome shows. */
	size_t n = strlen(s->dir) + strlen(id) + 32;
	char *path = malloc(n);
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	snprintf(path, n, "%s/releases/%s.csv", s->dir, id);
	struct ds_update cur;
	int rc = ds_update_open(&cur, s->ds, s->target, NULL, NULL, 0, err);
	if (rc != DS_OK) {
		free(path);
		return rc;
	}
	size_t hl = cur.doc.rows[0].rawlen;
	char *header = malloc(hl + 1);
	if (header != NULL)
		memcpy(header, cur.doc.data, hl);
	ds_update_release(&cur);
	if (header == NULL)
		rc = ds_errors_nomem(err, NULL);
	else
		rc = ds_update_open_new(u, s->ds, path, header, hl, id, id, err);
	free(header);
	free(path);
	return rc;
}

/* Opens the update of the session's file, or of release r's file when r is not current. */
static int open_existing(struct ds_session *s, const char *id, int r, struct ds_update *u,
			 struct ds_errors *err)
{
	const struct ds_dataset *ds = s->ds;
	const char *target = s->target;
	char *path = NULL;
	if (r >= 0 && r != ds->current_release) {
		size_t n = strlen(s->dir) + strlen(ds->releases[r].file) + 2;
		if ((path = malloc(n)) == NULL)
			return ds_errors_nomem(err, NULL);
		snprintf(path, n, "%s/%s", s->dir, ds->releases[r].file);
		target = path;
	}
	int rc = ds_update_open(u, s->ds, target, id ? id : s->release, id ? id : s->check_release,
				s->lone, err);
	free(path);
	return rc;
}

static int register_release(struct ds_session *s, const struct ds_import_request *rq,
			    const struct ds_update *u, struct ds_errors *err)
{
	const char *id = rq->release;
	char file[128];
	snprintf(file, sizeof file, "releases/%s.csv", id);
	const char *published = rq->published;
	if (published == NULL && strlen(id) == 7 && id[4] == '-')
		published = id;
	/* ds_release's strings are not const: they are owned when the loader fills one. */
	struct ds_release meta = {
		.id = (char *)id,
		.title = (char *)rq->title,
		.published = (char *)published,
		.cutoff = (char *)rq->cutoff,
		.basis = (char *)rq->basis,
		.decimals = max_decimals(u),
		.file = file,
		.source = (char *)rq->source,
	};
	return ds_release_register(s->dir, &meta, rq->dry_run, err);
}

int ds_import_run(struct ds_session *s, const char *data, const struct ds_import_request *rq,
		  struct ds_import_outcome *out, struct ds_errors *err)
{
	memset(out, 0, sizeof *out);
	const char *id = rq->release;
	int r = id ? ds_dataset_find_release(s->ds, id) : -1;
	out->is_new =
		id != NULL && r < 0 && !(s->lone && s->release && strcmp(s->release, id) == 0);
	if (out->is_new && s->lone)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				     "a new release '%s' needs a data directory", id);
	/* The id becomes a file name (the command says so before it gets here). */
	if (out->is_new && !ds_release_id_valid(id))
		return ds_errors_add(
			err, DS_EUSAGE, NULL, 0, 0,
			"release id '%s' may hold only letters, digits, '.', '-' and '_'", id);
	if (rq->make_current && id == NULL)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				     "making a release current needs its id");
	int rc =
		out->is_new ? open_new(s, id, &out->u, err) : open_existing(s, id, r, &out->u, err);
	if (rc != DS_OK)
		return rc;
	out->opened = 1;
	struct ds_import_opts o = { .source = rq->source,
				    .release = id,
				    .skip_unknown = rq->skip_unknown };
	if ((rc = ds_import_file(&out->u, rq->file, &o, &out->res, err)) != DS_OK ||
	    (rc = ds_update_commit(&out->u, rq->dry_run, NULL, err)) != DS_OK)
		return rc;
	out->merged = 1;
	if (out->is_new) {
		if ((rc = register_release(s, rq, &out->u, err)) != DS_OK)
			return rc;
		out->registered = 1;
	}
	if (rq->make_current) {
		if (!rq->dry_run) {
			/* Under the same lock: the data is read again, now with the new
			 * release in releases.csv, and promoted with no other writer in
			 * between.  The merge keeps the dataset it was made against. */
			out->merged_ds = s->ds;
			s->ds = NULL;
			if ((rc = ds_session_reload(s, data, NULL, err)) != DS_OK ||
			    (rc = ds_release_promote(s, id, 0, err)) != DS_OK)
				return rc;
		}
		out->current = 1;
	}
	return DS_OK;
}

void ds_import_outcome_release(struct ds_import_outcome *out)
{
	if (out->opened)
		ds_update_release(&out->u);
	ds_import_result_release(&out->res);
	ds_dataset_free(out->merged_ds);
	memset(out, 0, sizeof *out);
}
