/*
 * load.c - loading a data directory or a lone spending file (see load.h).
 *
 * members.csv must be read first (every other file names its members),
 * then releases.csv (it says which file holds which release), then the
 * spending file of the release asked for, then the optional aid,
 * aggregates and macro figures; the macro file's dollar GDP is then checked
 * against every spending file read.  Every file is read even when an
 * earlier one had problems, so that one `check` lists them all.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/basis.h"
#include "defspend/fill.h"
#include "defspend/load.h"
#include "defspend/load_aux.h"
#include "defspend/load_macro.h"
#include "defspend/load_spending.h"
#include "defspend/util.h"

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Reads an optional file of the directory with `fn` when it is there. */
static int optional_file(struct ds_dataset *ds, const char *name,
			 int (*fn)(struct ds_dataset *, const char *, struct ds_errors *),
			 struct ds_errors *err)
{
	char *path = ds_path_join(ds->dir, name);
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = exists(path) ? fn(ds, path, err) : DS_OK;
	free(path);
	return rc;
}

static int unknown_release(const struct ds_dataset *ds, const char *id, struct ds_errors *err)
{
	char known[512] = "";
	size_t o = 0;
	for (size_t i = 0; i < ds->nreleases && o + 1 < sizeof known; i++) {
		int n = snprintf(known + o, sizeof known - o, "%s%s", i ? ", " : "",
				 ds->releases[i].id);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "unknown release '%s'%s%s%s", id,
			     ds->nreleases ? " (known: " : " (the data has no releases.csv)", known,
			     ds->nreleases ? ")" : "");
}

int ds_dataset_load_release(struct ds_dataset *ds, const char *id, struct ds_series **out,
			    struct ds_errors *err)
{
	*out = NULL;
	/* A lone file has no releases.csv: even its own release is not another
	 * file to read (the caller has it already, as ds->spending). */
	if (ds->dir == NULL)
		return unknown_release(ds, id, err);
	int r = ds_dataset_find_release(ds, id);
	if (r < 0)
		return unknown_release(ds, id, err);
	char *path = ds_path_join(ds->dir, ds->releases[r].file);
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = ds_load_spending(ds, path, ds->releases[r].id, 0, out, err);
	free(path);
	return rc;
}

int ds_dataset_load_same_basis(struct ds_dataset *ds, const char *id, struct ds_series ***out,
			       size_t *n, struct ds_errors *err)
{
	*out = NULL;
	*n = 0;
	int r = ds->dir != NULL ? ds_dataset_find_release(ds, id) : -1;
	if (r < 0 || ds->nreleases < 2)
		return DS_OK;
	size_t *order = malloc(ds->nreleases * sizeof *order);
	struct ds_series **v = calloc(ds->nreleases, sizeof *v);
	int rc = DS_OK;
	if (order == NULL || v == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	ds_dataset_release_order(ds, order);
	size_t k = 0;
	for (size_t i = ds->nreleases; i-- > 0;) {
		const struct ds_release *rel = &ds->releases[order[i]];
		if ((int)order[i] == r || !ds_basis_same(rel->basis, ds->releases[r].basis))
			continue;
		if ((rc = ds_dataset_load_release(ds, rel->id, &v[k], err)) != DS_OK)
			goto out;
		k++;
	}
	*out = k > 0 ? v : NULL;
	*n = k;
	if (k > 0)
		v = NULL;
out:
	for (size_t i = 0; v != NULL && i < ds->nreleases; i++)
		ds_series_free(v[i]);
	free(v);
	free(order);
	return rc;
}

/* Replaces ds->spending by itself filled from the other releases of its basis. */
static int fill_spending(struct ds_dataset *ds, struct ds_errors *err)
{
	struct ds_series **others;
	size_t n;
	int rc = ds_dataset_load_same_basis(ds, ds->spending->id, &others, &n, err);
	if (rc != DS_OK || n == 0)
		return rc;
	struct ds_series *filled;
	rc = ds_fill_merge(ds, ds->spending, (const struct ds_series *const *)others, n, &filled,
			   err);
	if (rc == DS_OK) {
		ds_series_free(ds->spending);
		ds->spending = filled;
	}
	for (size_t i = 0; i < n; i++)
		ds_series_free(others[i]);
	free(others);
	return rc;
}

int ds_dataset_fill_preview(struct ds_dataset *ds, const struct ds_fill_scope *scope,
			    size_t *lacking, struct ds_fill_source *out, size_t cap, size_t *nout,
			    struct ds_errors *err)
{
	*nout = 0;
	*lacking = ds_fill_lacking(ds, ds->spending, scope);
	if (*lacking == 0 || ds->spending->id == NULL)
		return DS_OK;
	struct ds_series **others;
	size_t n;
	int rc = ds_dataset_load_same_basis(ds, ds->spending->id, &others, &n, err);
	if (rc != DS_OK || n == 0)
		return rc;
	struct ds_series *filled;
	rc = ds_fill_merge(ds, ds->spending, (const struct ds_series *const *)others, n, &filled,
			   err);
	if (rc == DS_OK)
		ds_fill_sources(ds, filled, scope, out, cap, nout);
	ds_series_free(filled);
	for (size_t i = 0; i < n; i++)
		ds_series_free(others[i]);
	free(others);
	return rc;
}

/*
 * aggregates.csv carries its own release column (today only the current
 * release's aggregates).  A query answers from one release alone, so the
 * aggregates of other releases are dropped once the file has been checked:
 * with --release 2024-06 there is no "NATO Total", rather than 2025-08's.
 */
static void keep_release_aggregates(struct ds_dataset *ds)
{
	if (ds->spending == NULL || ds->spending->id == NULL)
		return;
	size_t n = 0;
	for (size_t i = 0; i < ds->nagg; i++)
		if (strcmp(ds_pool_str(&ds->pool, ds->agg[i].release), ds->spending->id) == 0)
			ds->agg[n++] = ds->agg[i];
	ds->nagg = n;
}

/*
 * What `check` adds to the rules of each file: the releases and their files
 * agree.  Every file under releases/ belongs to a release (an orphan blocks
 * a promotion, which would move a release there), and spending.csv belongs
 * to one when releases.csv lists any.  Each message says how to repair.
 */
static int check_release_files(struct ds_dataset *ds, struct ds_errors *err)
{
	int rc = DS_OK;
	if (ds->nreleases > 0 && ds->current_release < 0) {
		const char *held = ds->spending != NULL ? ds->spending->id : NULL;
		int r = held != NULL && *held ? ds_dataset_find_release(ds, held) : -1;
		char *path = ds_path_join(ds->dir, "releases.csv");
		if (path == NULL)
			return ds_errors_nomem(err, NULL);
		if (r >= 0)
			rc = ds_errors_add(err, DS_EDATA, path, 0, 0,
					   "spending.csv holds release '%s', which releases.csv "
					   "gives the file '%s': one release in two files; keep "
					   "one and set the release's file to it",
					   held, ds->releases[r].file);
		else if (held != NULL && *held && strcmp(held, "mixed") != 0)
			rc = ds_errors_add(err, DS_EDATA, path, 0, 0,
					   "no release has the file spending.csv: add a row for "
					   "release '%s' (the release of its figures) with file "
					   "spending.csv",
					   held);
		else
			rc = ds_errors_add(err, DS_EDATA, path, 0, 0,
					   "no release has the file spending.csv: add a row for "
					   "the release of its figures with file spending.csv");
		free(path);
	}
	char *sub = ds_path_join(ds->dir, "releases");
	if (sub == NULL)
		return ds_errors_nomem(err, NULL);
	DIR *d = opendir(sub);
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0)
			continue;
		char rel[300];
		snprintf(rel, sizeof rel, "releases/%s", e->d_name);
		int owned = 0;
		for (size_t i = 0; i < ds->nreleases && !owned; i++)
			owned = strcmp(ds->releases[i].file, rel) == 0;
		if (owned)
			continue;
		char *path = ds_path_join(sub, e->d_name);
		if (path == NULL) {
			rc = ds_errors_nomem(err, NULL);
			break;
		}
		rc = ds_errors_add(err, DS_EDATA, path, 0, 0,
				   "no release in releases.csv has this file: add its row to "
				   "releases.csv, or remove the file");
		free(path);
	}
	if (d != NULL)
		closedir(d);
	free(sub);
	return rc;
}

/*
 * Whether the spending file may be read keeping some years only (see
 * ds_load_opts.keep): nothing after it needs the other rows.  ds is the
 * data directory's dataset, NULL for a lone file.
 */
static int may_keep(const struct ds_dataset *ds, const struct ds_load_opts *opts)
{
	if (opts == NULL || opts->keep == NULL || opts->fill)
		return 0;
	if (ds == NULL)
		return 1; /* a lone file has no other release, no macro.csv */
	if (opts->all_releases)
		return 0;
	char *macro = ds_path_join(ds->dir, "macro.csv");
	struct stat st;
	int none = macro != NULL && stat(macro, &st) != 0 && errno == ENOENT;
	free(macro);
	return none;
}

static int load_dir(struct ds_dataset *ds, const struct ds_load_opts *opts, struct ds_errors *err)
{
	int rc = DS_OK, r;
	char *path = ds_path_join(ds->dir, "members.csv");
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	r = ds_load_members(ds, path, err);
	free(path);
	if (r != DS_OK)
		return r; /* without members no other file can be checked */
	r = optional_file(ds, "releases.csv", ds_load_releases, err);
	if (r != DS_OK)
		rc = rc ? rc : r;

	const char *want = opts ? opts->release : NULL;
	if (want != NULL &&
	    (ds->current_release < 0 || strcmp(ds->releases[ds->current_release].id, want) != 0)) {
		r = ds_dataset_load_release(ds, want, &ds->spending, err);
	} else {
		path = ds_path_join(ds->dir, "spending.csv");
		if (path == NULL)
			return ds_errors_nomem(err, NULL);
		const char *id =
			ds->current_release >= 0 ? ds->releases[ds->current_release].id : NULL;
		r = ds_load_spending_keep(ds, path, id, 0, opts ? opts->parts : 0,
					  may_keep(ds, opts) ? opts->keep : NULL, &ds->spending,
					  err);
		free(path);
	}
	if (r == DS_OK && opts != NULL && opts->fill && ds->spending != NULL &&
	    ds->spending->id != NULL)
		r = fill_spending(ds, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	r = optional_file(ds, "aid.csv", ds_load_aid, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	r = optional_file(ds, "aggregates.csv", ds_load_aggregates, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	keep_release_aggregates(ds);
	r = optional_file(ds, "macro.csv", ds_load_macro, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	r = ds_load_macro_check(ds, ds->spending, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	if (opts != NULL && opts->all_releases) {
		r = check_release_files(ds, err);
		if (r != DS_OK)
			rc = rc ? rc : r;
		for (size_t i = 0; i < ds->nreleases; i++) {
			if ((int)i == ds->current_release ||
			    (want && strcmp(want, ds->releases[i].id) == 0))
				continue;
			struct ds_series *s;
			r = ds_dataset_load_release(ds, ds->releases[i].id, &s, err);
			if (r == DS_OK)
				r = ds_load_macro_check(ds, s, err);
			ds_series_free(s);
			if (r != DS_OK)
				rc = rc ? rc : r;
		}
	}
	return rc;
}

/*
 * The members of the data directory dir, which give a lone file's country
 * names their codes (load.h).  A directory that cannot give them is no
 * error of the lone file's: it just gives none.
 */
static struct ds_dataset *names_from(const char *dir)
{
	char *path = ds_path_join(dir, "members.csv");
	struct ds_dataset *ds = ds_dataset_new();
	struct ds_errors quiet;
	ds_errors_init(&quiet);
	if (path == NULL || ds == NULL || access(path, R_OK) != 0 ||
	    ds_load_members(ds, path, &quiet) != DS_OK) {
		ds_dataset_free(ds);
		ds = NULL;
	}
	ds_errors_release(&quiet);
	free(path);
	return ds;
}

/* A lone spending file, from path or from opts->data. */
static int load_lone(struct ds_dataset *ds, const char *path, const struct ds_load_opts *opts,
		     struct ds_errors *err)
{
	int rc;
	/* Without names to match (NULL), members are known by their own. */
	if (opts != NULL && opts->names != NULL)
		ds->names_from = names_from(opts->names);
	if (opts != NULL && opts->data != NULL)
		rc = ds_load_spending_mem(ds, path, opts->data, opts->len, &ds->spending, err);
	else
		rc = ds_load_spending_keep(ds, path, NULL, 1, opts ? opts->parts : 0,
					   may_keep(NULL, opts) ? opts->keep : NULL, &ds->spending,
					   err);
	if (rc == DS_OK && opts != NULL && opts->release != NULL &&
	    strcmp(opts->release, ds->spending->id) != 0)
		rc = unknown_release(ds, opts->release, err);
	/* The name index of a lone file is built by the first lookup
	 * (lookup.c): a query that names no member never pays for it. */
	return rc;
}

int ds_dataset_load(const char *path, const struct ds_load_opts *opts, struct ds_dataset **out,
		    struct ds_errors *err)
{
	*out = NULL;
	struct stat st;
	int in_memory = opts != NULL && opts->data != NULL;
	if (!in_memory && stat(path, &st) != 0)
		return ds_errors_add(err, DS_ENOINPUT, path, 0, 0, "cannot open: %s",
				     strerror(errno));
	struct ds_dataset *ds = ds_dataset_new();
	if (ds == NULL)
		return ds_errors_nomem(err, NULL);
	int rc;
	if (in_memory) {
		rc = load_lone(ds, path, opts, err);
	} else if (S_ISDIR(st.st_mode)) {
		if ((ds->dir = ds_strdup(path)) == NULL) {
			rc = ds_errors_nomem(err, NULL);
			goto out;
		}
		rc = load_dir(ds, opts, err);
	} else {
		rc = load_lone(ds, path, opts, err);
	}
	if (rc == DS_OK && ds_errors_count(err) > 0)
		rc = ds_errors_status(err);
out:
	if (rc != DS_OK) {
		ds_dataset_free(ds);
		return rc;
	}
	*out = ds;
	return DS_OK;
}
