/*
 * import_run.c - the steps of `defspend import` (see import_run.h).
 *
 * An import into a file that already has its release is one file,
 * checked and committed on its own (update.h).  An import that creates a
 * release, or makes one current, changes several files: the release's file,
 * its row in releases.csv and, for --current, the promotion's files are all
 * staged into one set, checked together as the data directory they will
 * make, and committed as one transaction (stage.h, journal.h), so that an
 * import killed at any instant leaves the data as before or as after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/import_run.h"
#include "defspend/release.h"
#include "defspend/util.h"

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
	char rel[128];
	snprintf(rel, sizeof rel, "releases/%s.csv", id);
	char *path = ds_path_join(s->dir, rel);
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
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
		if ((path = ds_path_join(s->dir, ds->releases[r].file)) == NULL)
			return ds_errors_nomem(err, NULL);
		target = path;
	}
	int rc = ds_update_open(u, s->ds, target, id ? id : s->release, id ? id : s->check_release,
				s->lone, err);
	free(path);
	return rc;
}

static int register_release(struct ds_session *s, struct ds_stage *st,
			    const struct ds_import_request *rq, const struct ds_update *u,
			    struct ds_errors *err)
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
	return ds_release_register(st, s->dir, &meta, err);
}

int ds_import_run(struct ds_session *s, const struct ds_import_request *rq,
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
	if ((rc = ds_import_file(&out->u, rq->file, &o, &out->res, err)) != DS_OK)
		return rc;
	if (rq->dry_run || (!out->is_new && !rq->make_current)) {
		/* One file (or none written): the update's own check and commit. */
		if ((rc = ds_update_commit(&out->u, rq->dry_run, NULL, err)) != DS_OK)
			return rc;
		out->merged = 1;
		out->registered = out->is_new;
		out->current = rq->make_current;
		return DS_OK;
	}
	/* Several files: one set, one check of the directory they make, one commit. */
	struct ds_stage st;
	ds_stage_init(&st);
	int already = 0;
	if ((rc = ds_update_stage(&out->u, &st, NULL, err)) == DS_OK &&
	    (!out->is_new || (rc = register_release(s, &st, rq, &out->u, err)) == DS_OK) &&
	    (!rq->make_current ||
	     (rc = ds_release_promote_staged(&st, s->dir, id, &already, err)) == DS_OK) &&
	    (rc = ds_stage_check(&st, ds_release_check_staged, s->dir, err)) == DS_OK)
		rc = ds_stage_commit(&st, err);
	ds_stage_release(&st);
	if (rc != DS_OK)
		return rc;
	out->merged = 1;
	out->registered = out->is_new;
	out->current = rq->make_current;
	return DS_OK;
}

void ds_import_outcome_release(struct ds_import_outcome *out)
{
	if (out->opened)
		ds_update_release(&out->u);
	ds_import_result_release(&out->res);
	memset(out, 0, sizeof *out);
}
