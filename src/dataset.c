/*
 * dataset.c - loading a data directory or a lone spending file, and the
 * accessors of the loaded dataset (see dataset.h).
 *
 * members.csv must be read first (every other file names its members),
 * then releases.csv (it says which file holds which release), then the
 * spending file of the release asked for, then the optional aid and
 * aggregates.  Every file is read even when an earlier one had problems,
 * so that one `check` lists them all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/lookup.h"
#include "loadutil.h"

long ds_dataset_add_member(struct ds_dataset *ds, const char *iso3, const char *iso2,
			   const char *name, const char *aliases, int joined)
{
	if (ds->nmembers == ds->members_cap) {
		size_t cap = ds->members_cap ? ds->members_cap * 2 : 64;
		struct ds_member *v = realloc(ds->members, cap * sizeof *v);
		if (v == NULL)
			return -1;
		ds->members = v;
		ds->members_cap = cap;
	}
	struct ds_member *m = &ds->members[ds->nmembers];
	m->iso3 = ds_strdup(iso3);
	m->iso2 = ds_strdup(iso2);
	m->name = ds_strdup(name);
	m->aliases = ds_strdup(aliases);
	m->joined = joined;
	if (m->iso3 == NULL || m->iso2 == NULL || m->name == NULL || m->aliases == NULL ||
	    ds_strmap_put(&ds->by_iso3, m->iso3, strlen(m->iso3), (uint32_t)ds->nmembers) != 0) {
		free(m->iso3);
		free(m->iso2);
		free(m->name);
		free(m->aliases);
		return -1;
	}
	return (long)ds->nmembers++;
}

int ds_load_add_info(struct ds_dataset *ds, const struct ds_file_info *info)
{
	struct ds_file_info *v = realloc(ds->files, (ds->nfiles + 1) * sizeof *v);
	if (v == NULL)
		return -1;
	ds->files = v;
	v[ds->nfiles] = *info;
	if ((v[ds->nfiles].path = ds_strdup(info->path)) == NULL)
		return -1;
	ds->nfiles++;
	return 0;
}

void ds_series_free(struct ds_series *s)
{
	if (s == NULL)
		return;
	free(s->id);
	free(s->path);
	free(s->obs);
	free(s->grid);
	free(s);
}

void ds_dataset_free(struct ds_dataset *ds)
{
	if (ds == NULL)
		return;
	for (size_t i = 0; i < ds->nmembers; i++) {
		free(ds->members[i].iso3);
		free(ds->members[i].iso2);
		free(ds->members[i].name);
		free(ds->members[i].aliases);
	}
	free(ds->members);
	ds_strmap_release(&ds->by_iso3);
	ds_series_free(ds->spending);
	free(ds->aid);
	free(ds->agg);
	for (size_t i = 0; i < ds->nreleases; i++) {
		struct ds_release *r = &ds->releases[i];
		free(r->id);
		free(r->title);
		free(r->published);
		free(r->cutoff);
		free(r->basis);
		free(r->file);
		free(r->source);
	}
	free(ds->releases);
	for (size_t i = 0; i < ds->nfiles; i++)
		free(ds->files[i].path);
	free(ds->files);
	ds_strmap_release(&ds->by_key);
	ds_pool_release(&ds->keys);
	ds_pool_release(&ds->pool);
	free(ds->dir);
	free(ds);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int ds_dataset_find_release(const struct ds_dataset *ds, const char *id)
{
	for (size_t i = 0; i < ds->nreleases; i++)
		if (strcmp(ds->releases[i].id, id) == 0)
			return (int)i;
	return -1;
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
	if (ds->dir == NULL) {
		if (ds->spending != NULL && strcmp(ds->spending->id, id) == 0)
			return unknown_release(ds, id, err); /* the caller has it already */
		return unknown_release(ds, id, err);
	}
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
		r = ds_load_spending(ds, path, id, 0, &ds->spending, err);
		free(path);
	}
	if (r != DS_OK)
		rc = rc ? rc : r;
	r = optional_file(ds, "aid.csv", ds_load_aid, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	r = optional_file(ds, "aggregates.csv", ds_load_aggregates, err);
	if (r != DS_OK)
		rc = rc ? rc : r;
	keep_release_aggregates(ds);
	if (opts != NULL && opts->all_releases) {
		for (size_t i = 0; i < ds->nreleases; i++) {
			if ((int)i == ds->current_release ||
			    (want && strcmp(want, ds->releases[i].id) == 0))
				continue;
			struct ds_series *s;
			r = ds_dataset_load_release(ds, ds->releases[i].id, &s, err);
			ds_series_free(s);
			if (r != DS_OK)
				rc = rc ? rc : r;
		}
	}
	return rc;
}

int ds_dataset_load(const char *path, const struct ds_load_opts *opts, struct ds_dataset **out,
		    struct ds_errors *err)
{
	*out = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return ds_errors_add(err, DS_ENOINPUT, path, 0, 0, "cannot open: %s",
				     strerror(errno));
	struct ds_dataset *ds = calloc(1, sizeof *ds);
	if (ds == NULL)
		return ds_errors_nomem(err, NULL);
	ds->current_release = -1;
	ds_strmap_init(&ds->by_iso3);
	ds_strmap_init(&ds->by_key);
	int rc;
	if (ds_pool_init(&ds->pool) != 0 || ds_pool_init(&ds->keys) != 0) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		if ((ds->dir = ds_strdup(path)) == NULL) {
			rc = ds_errors_nomem(err, NULL);
			goto out;
		}
		rc = load_dir(ds, opts, err);
	} else {
		rc = ds_load_spending(ds, path, NULL, 1, &ds->spending, err);
		if (rc == DS_OK && opts != NULL && opts->release != NULL &&
		    strcmp(opts->release, ds->spending->id) != 0)
			rc = unknown_release(ds, opts->release, err);
		/* The name index of a lone file is built by the first lookup
		 * (lookup.c): a query that names no member never pays for it. */
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

const struct ds_obs *ds_series_get(const struct ds_series *s, size_t m, int year)
{
	if (s == NULL || m >= s->grid_members || year < DS_YEAR_MIN || year > DS_YEAR_MAX)
		return NULL;
	uint32_t i = s->grid[m * DS_NYEARS + (size_t)(year - DS_YEAR_MIN)];
	return i ? &s->obs[i - 1] : NULL;
}

const char *ds_dataset_str(const struct ds_dataset *ds, uint32_t id)
{
	return ds_pool_str(&ds->pool, id);
}

const struct ds_aid *ds_dataset_aid(const struct ds_dataset *ds, size_t m)
{
	for (size_t i = 0; i < ds->naid; i++)
		if (ds->aid[i].member == m)
			return &ds->aid[i];
	return NULL;
}
