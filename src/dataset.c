/*
 * dataset.c - the dataset container (see dataset.h): its lifecycle, the
 * mutators the loaders fill it through, and the accessors.
 *
 * Nothing here reads a file.  Every array grows through ds_grow(), so the
 * overflow checks exist once, and every mutator either adds its record
 * whole or leaves the dataset as it was, so that a loader that runs out of
 * memory halfway hands ds_dataset_free() nothing half-made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/util.h"

struct ds_dataset *ds_dataset_new(void)
{
	struct ds_dataset *ds = calloc(1, sizeof *ds);
	if (ds == NULL)
		return NULL;
	ds->current_release = -1;
	ds_strmap_init(&ds->by_iso3);
	ds_strmap_init(&ds->by_key);
	if (ds_pool_init(&ds->pool) != 0 || ds_pool_init(&ds->keys) != 0) {
		ds_dataset_free(ds);
		return NULL;
	}
	return ds;
}

static void release_strings(struct ds_release *r)
{
	free(r->id);
	free(r->title);
	free(r->published);
	free(r->cutoff);
	free(r->basis);
	free(r->file);
	free(r->source);
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
	free(ds->macro);
	free(ds->macro_path);
	free(ds->agg);
	for (size_t i = 0; i < ds->nreleases; i++)
		release_strings(&ds->releases[i]);
	free(ds->releases);
	for (size_t i = 0; i < ds->nfiles; i++)
		free(ds->files[i].path);
	free(ds->files);
	ds_strmap_release(&ds->by_key);
	ds_pool_release(&ds->keys);
	ds_pool_release(&ds->pool);
	ds_dataset_free(ds->names_from);
	free(ds->dir);
	free(ds);
}

long ds_dataset_add_member(struct ds_dataset *ds, const char *iso3, const char *iso2,
			   const char *name, const char *aliases, int joined)
{
	if (ds_grow(&ds->members, &ds->members_cap, ds->nmembers + 1, sizeof *ds->members) != 0)
		return -1;
	struct ds_member *m = &ds->members[ds->nmembers];
	m->iso3 = ds_strdup(iso3);
	m->iso2 = ds_strdup(iso2);
	m->name = ds_strdup(name);
	m->aliases = ds_strdup(aliases);
	m->joined = joined;
	if (m->iso3 == NULL || m->iso2 == NULL || m->name == NULL || m->aliases == NULL ||
	    (m->iso3[0] != '\0' &&
	     ds_strmap_put(&ds->by_iso3, m->iso3, strlen(m->iso3), (uint32_t)ds->nmembers) != 0)) {
		free(m->iso3);
		free(m->iso2);
		free(m->name);
		free(m->aliases);
		return -1;
	}
	return (long)ds->nmembers++;
}

long ds_dataset_take_member(struct ds_dataset *ds, struct ds_member *m)
{
	if (ds_grow(&ds->members, &ds->members_cap, ds->nmembers + 1, sizeof *ds->members) != 0 ||
	    (m->iso3[0] != '\0' &&
	     ds_strmap_put(&ds->by_iso3, m->iso3, strlen(m->iso3), (uint32_t)ds->nmembers) != 0))
		return -1;
	ds->members[ds->nmembers] = *m;
	m->iso3 = m->iso2 = m->name = m->aliases = NULL;
	return (long)ds->nmembers++;
}

int ds_dataset_reserve_members(struct ds_dataset *ds, size_t n)
{
	if (n <= ds->members_cap)
		return 0;
	if (n > SIZE_MAX / sizeof *ds->members)
		return -1;
	struct ds_member *m = realloc(ds->members, n * sizeof *m);
	if (m == NULL)
		return -1;
	ds_prefault(m + ds->nmembers, (n - ds->nmembers) * sizeof *m);
	ds->members = m;
	ds->members_cap = n;
	return 0;
}

/* A copy of s, "" for NULL; NULL only when memory runs out. */
static char *copy(const char *s)
{
	return ds_strdup(s != NULL ? s : "");
}

long ds_dataset_add_release(struct ds_dataset *ds, const struct ds_release *r)
{
	if (ds_grow(&ds->releases, &ds->releases_cap, ds->nreleases + 1, sizeof *ds->releases) != 0)
		return -1;
	struct ds_release *v = &ds->releases[ds->nreleases];
	v->id = copy(r->id);
	v->title = copy(r->title);
	v->published = copy(r->published);
	v->cutoff = copy(r->cutoff);
	v->basis = copy(r->basis);
	v->file = copy(r->file);
	v->source = copy(r->source);
	v->decimals = r->decimals;
	if (v->id == NULL || v->title == NULL || v->published == NULL || v->cutoff == NULL ||
	    v->basis == NULL || v->file == NULL || v->source == NULL) {
		release_strings(v);
		return -1;
	}
	return (long)ds->nreleases++;
}

int ds_dataset_add_aid(struct ds_dataset *ds, const struct ds_aid *a)
{
	if (ds_grow(&ds->aid, &ds->aid_cap, ds->naid + 1, sizeof *ds->aid) != 0)
		return -1;
	ds->aid[ds->naid++] = *a;
	return 0;
}

/* Where a row for member m and year goes: the first row not before it. */
static size_t macro_pos(const struct ds_dataset *ds, size_t m, int year)
{
	size_t lo = 0, hi = ds->nmacro;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ds_macro *x = &ds->macro[mid];
		if (x->member < m || (x->member == m && x->year < year))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int ds_dataset_add_macro(struct ds_dataset *ds, const struct ds_macro *m, uint32_t *first)
{
	size_t at = macro_pos(ds, m->member, m->year);
	if (at < ds->nmacro && ds->macro[at].member == m->member && ds->macro[at].year == m->year) {
		*first = ds->macro[at].line;
		return 1;
	}
	if (ds_grow(&ds->macro, &ds->macro_cap, ds->nmacro + 1, sizeof *ds->macro) != 0)
		return -1;
	memmove(&ds->macro[at + 1], &ds->macro[at], (ds->nmacro - at) * sizeof *ds->macro);
	ds->macro[at] = *m;
	ds->nmacro++;
	return 0;
}

int ds_dataset_add_aggregate(struct ds_dataset *ds, const struct ds_aggregate *g)
{
	if (ds_grow(&ds->agg, &ds->agg_cap, ds->nagg + 1, sizeof *ds->agg) != 0)
		return -1;
	ds->agg[ds->nagg++] = *g;
	return 0;
}

int ds_dataset_add_file(struct ds_dataset *ds, const struct ds_file_info *info)
{
	if (ds_grow(&ds->files, &ds->files_cap, ds->nfiles + 1, sizeof *ds->files) != 0)
		return -1;
	struct ds_file_info *f = &ds->files[ds->nfiles];
	*f = *info;
	if ((f->path = ds_strdup(info->path)) == NULL)
		return -1;
	ds->nfiles++;
	return 0;
}

struct ds_series *ds_series_new(const char *path)
{
	struct ds_series *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	if ((s->path = ds_strdup(path)) == NULL) {
		free(s);
		return NULL;
	}
	s->grid_year0 = DS_YEAR_MIN;
	s->grid_span = DS_NYEARS;
	return s;
}

/*
 * Every cell moves to a lower or equal place (the span shrinks, the first
 * year only rises), so going from the first member on never overwrites a
 * cell not yet moved.  The freed tail goes back to the system.
 */
void ds_series_narrow_grid(struct ds_series *s)
{
	if (s->grid == NULL || s->year_min == 0 || s->year_min < s->grid_year0)
		return;
	size_t span = (size_t)(s->year_max - s->year_min + 1);
	size_t from = (size_t)(s->year_min - s->grid_year0);
	if (span >= s->grid_span)
		return;
	for (size_t m = 0; m < s->grid_members; m++)
		memmove(s->grid + m * span, s->grid + m * s->grid_span + from,
			span * sizeof *s->grid);
	s->grid_year0 = s->year_min;
	s->grid_span = span;
	if (s->grid_members > 0) {
		uint32_t *g = realloc(s->grid, s->grid_members * span * sizeof *g);
		if (g != NULL)
			s->grid = g;
	}
	/* grid_cap counts full-width members: none fit now, so that code
	 * growing the grid at full width reallocates it first. */
	s->grid_cap = 0;
}

/* The reverse: from the last member down, a cell only moves up. */
int ds_series_widen_grid(struct ds_series *s)
{
	if (s->grid_span == DS_NYEARS)
		return 0;
	/* Always a new array: grid_cap counts members at the width the grid
	 * had while rows were added, which may not be its width now. */
	size_t span = s->grid_span, from = (size_t)(s->grid_year0 - DS_YEAR_MIN);
	uint32_t *g = NULL;
	if (s->grid_members > 0) {
		if (s->grid_members > SIZE_MAX / DS_NYEARS / sizeof *g ||
		    (g = calloc(s->grid_members * DS_NYEARS, sizeof *g)) == NULL)
			return -1;
		for (size_t m = 0; m < s->grid_members; m++)
			memcpy(g + m * DS_NYEARS + from, s->grid + m * span, span * sizeof *g);
	}
	free(s->grid);
	s->grid = g;
	s->grid_cap = s->grid_members;
	s->grid_year0 = DS_YEAR_MIN;
	s->grid_span = DS_NYEARS;
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
	free(s->marks);
	free(s);
}

void ds_series_summarise(struct ds_series *s)
{
	s->year_min = s->year_max = s->pct_year_max = s->max_decimals = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct ds_obs *o = &s->obs[i];
		if (s->year_min == 0 || o->year < s->year_min)
			s->year_min = o->year;
		if (o->year > s->year_max)
			s->year_max = o->year;
		if ((o->flags & DS_OBS_PCT) && o->year > s->pct_year_max)
			s->pct_year_max = o->year;
		if ((o->flags & DS_OBS_PCT) && o->pct_dec > s->max_decimals)
			s->max_decimals = o->pct_dec;
	}
}

int ds_dataset_find_release(const struct ds_dataset *ds, const char *id)
{
	for (size_t i = 0; i < ds->nreleases; i++)
		if (strcmp(ds->releases[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* An insertion sort: there are a handful of releases, and qsort() would need ds in a global. */
static int published_before(const struct ds_dataset *ds, size_t a, size_t b)
{
	int c = strcmp(ds->releases[a].published, ds->releases[b].published);
	return c ? c < 0 : strcmp(ds->releases[a].id, ds->releases[b].id) < 0;
}

void ds_dataset_release_order(const struct ds_dataset *ds, size_t *order)
{
	for (size_t i = 0; i < ds->nreleases; i++) {
		size_t j = i;
		while (j > 0 && published_before(ds, i, order[j - 1])) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

const uint32_t *ds_series_cell(const struct ds_series *s, size_t m, int year)
{
	if (s == NULL || m >= s->grid_members || year < s->grid_year0 ||
	    (size_t)(year - s->grid_year0) >= s->grid_span)
		return NULL;
	return &s->grid[m * s->grid_span + (size_t)(year - s->grid_year0)];
}

const struct ds_obs *ds_series_get(const struct ds_series *s, size_t m, int year)
{
	const uint32_t *cell = ds_series_cell(s, m, year);
	uint32_t i = cell != NULL ? *cell : 0;
	return i != 0 && !(i & DS_GRID_LINE) ? &s->obs[i - 1] : NULL;
}

uint32_t ds_series_line(const struct ds_series *s, size_t m, int year)
{
	const uint32_t *cell = ds_series_cell(s, m, year);
	uint32_t i = cell != NULL ? *cell : 0;
	if (i & DS_GRID_LINE)
		return i & ~DS_GRID_LINE;
	return i != 0 ? s->obs[i - 1].line : 0;
}

int ds_series_covers(const struct ds_series *s, int year)
{
	if (s == NULL || s->year_min == 0 || year < s->year_min || year > s->year_max)
		return 0;
	if (s->partial)
		return s->covered[year - DS_YEAR_MIN];
	for (size_t m = 0; m < s->grid_members; m++) {
		const struct ds_obs *o = ds_series_get(s, m, year);
		if (o != NULL && (o->flags & DS_OBS_PCT))
			return 1;
	}
	return 0;
}

void ds_series_year_ranges(const struct ds_series *s, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int y = s->year_min; s->year_min != 0 && y <= s->year_max; y++) {
		if (!ds_series_covers(s, y))
			continue;
		int end = y;
		while (end + 1 <= s->year_max && ds_series_covers(s, end + 1))
			end++;
		int w = end == y ? snprintf(buf + o, size - o, "%s%d", o ? ", " : "", y)
				 : snprintf(buf + o, size - o, "%s%d-%d", o ? ", " : "", y, end);
		if (w < 0 || (size_t)w >= size - o) {
			buf[o] = '\0';
			return;
		}
		o += (size_t)w;
		y = end;
	}
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

const char *ds_dataset_aid_iso3(const struct ds_dataset *ds, const struct ds_aid *a)
{
	if (a->member < ds->nmembers)
		return ds->members[a->member].iso3;
	return ds_pool_str(&ds->pool, a->iso3);
}

const char *ds_dataset_aid_name(const struct ds_dataset *ds, const struct ds_aid *a)
{
	if (a->member < ds->nmembers)
		return ds->members[a->member].name;
	return ds_pool_str(&ds->pool, a->donor);
}

const struct ds_macro *ds_dataset_macro(const struct ds_dataset *ds, size_t m, int year)
{
	size_t at = macro_pos(ds, m, year);
	if (at < ds->nmacro && ds->macro[at].member == m && ds->macro[at].year == year)
		return &ds->macro[at];
	return NULL;
}
