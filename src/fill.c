/*
 * fill.c - a release with its gaps filled from others of the same basis
 * (see fill.h for the rules).
 *
 * The merge copies the chosen release's rows, fills the % figure of those
 * that lack one, then appends the rows of member-years the chosen release
 * has no row for at all, and rebuilds the member x year grid.  The others
 * are walked in the order given, so the first release that has a figure
 * wins and an older one never overwrites it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/fill.h"
#include "defspend/util.h"

/* The first row of others[0..n) with a % figure for member m and year y, or NULL. */
static const struct ds_obs *first_figure(const struct ds_series *const *others, size_t n, size_t m,
					 int y)
{
	for (size_t k = 0; k < n; k++) {
		const struct ds_obs *o = ds_series_get(others[k], m, y);
		if (o != NULL && (o->flags & DS_OBS_PCT))
			return o;
	}
	return NULL;
}

/*
 * The figure of `from` in row `to`: its %, decimals, estimate flag, release,
 * source, note and line; IMF GDP only when `to` has none; never the dollars.
 */
static void take_figure(struct ds_obs *to, const struct ds_obs *from)
{
	to->pct = from->pct;
	to->pct_dec = from->pct_dec;
	to->release = from->release;
	to->source = from->source;
	to->note = from->note;
	to->line = from->line;
	to->flags = (uint8_t)((to->flags & ~DS_OBS_ESTIMATE) | DS_OBS_PCT | DS_OBS_FILLED |
			      (from->flags & DS_OBS_ESTIMATE));
	if (!(to->flags & DS_OBS_GDP) && (from->flags & DS_OBS_GDP)) {
		to->gdp_usd_bn = from->gdp_usd_bn;
		to->flags |= DS_OBS_GDP;
	}
}

int ds_fill_merge(const struct ds_dataset *ds, const struct ds_series *base,
		  const struct ds_series *const *others, size_t n, struct ds_series **out,
		  struct ds_errors *err)
{
	*out = NULL;
	size_t nm = ds->nmembers;
	struct ds_series *s = ds_series_new(base->path ? base->path : "");
	if (s == NULL || (base->id != NULL && (s->id = ds_strdup(base->id)) == NULL))
		goto nomem;
	if (nm > 0 && ds_grow(&s->grid, &s->grid_cap, nm, DS_NYEARS * sizeof *s->grid) != 0)
		goto nomem;
	if (nm > 0)
		memset(s->grid, 0, nm * DS_NYEARS * sizeof *s->grid);
	s->grid_members = nm;
	if (base->n > 0 && ds_grow(&s->obs, &s->cap, base->n, sizeof *s->obs) != 0)
		goto nomem;
	for (size_t i = 0; i < base->n; i++) {
		struct ds_obs o = base->obs[i];
		if (o.member >= nm)
			continue;
		if (!(o.flags & DS_OBS_PCT)) {
			const struct ds_obs *f = first_figure(others, n, o.member, o.year);
			if (f != NULL) {
				take_figure(&o, f);
				s->nfilled++;
			}
		}
		s->obs[s->n++] = o;
		s->grid[o.member * DS_NYEARS + (size_t)(o.year - DS_YEAR_MIN)] = (uint32_t)s->n;
	}
	/* Member-years the chosen release has no row for. */
	for (size_t k = 0; k < n; k++) {
		const struct ds_series *other = others[k];
		for (size_t i = 0; i < other->n; i++) {
			const struct ds_obs *f = &other->obs[i];
			if (!(f->flags & DS_OBS_PCT) || f->member >= nm)
				continue;
			uint32_t *cell =
				&s->grid[f->member * DS_NYEARS + (size_t)(f->year - DS_YEAR_MIN)];
			if (*cell != 0)
				continue;
			if (ds_grow(&s->obs, &s->cap, s->n + 1, sizeof *s->obs) != 0)
				goto nomem;
			struct ds_obs o = { 0 };
			o.member = f->member;
			o.year = f->year;
			take_figure(&o, f);
			s->obs[s->n++] = o;
			*cell = (uint32_t)s->n;
			s->nfilled++;
		}
	}
	ds_series_summarise(s);
	ds_series_narrow_grid(s);
	*out = s;
	return DS_OK;
nomem:
	ds_series_free(s);
	return ds_errors_nomem(err, NULL);
}

static int in_scope(const struct ds_fill_scope *scope, size_t m, int year)
{
	if (year < scope->from || year > scope->to)
		return 0;
	if (scope->members == NULL)
		return 1;
	for (size_t i = 0; i < scope->nmembers; i++)
		if (scope->members[i] == m)
			return 1;
	return 0;
}

size_t ds_fill_sources(const struct ds_dataset *ds, const struct ds_series *s,
		       const struct ds_fill_scope *scope, struct ds_fill_source *out, size_t cap,
		       size_t *nout)
{
	size_t total = 0, k = 0;
	for (size_t i = 0; s != NULL && s->nfilled > 0 && i < s->n; i++) {
		const struct ds_obs *o = &s->obs[i];
		if (!(o->flags & DS_OBS_FILLED) || o->member >= ds->nmembers ||
		    !in_scope(scope, o->member, o->year))
			continue;
		size_t j = 0;
		while (j < k && out[j].release != o->release)
			j++;
		if (j == k) {
			if (k == cap)
				continue;
			out[k++] = (struct ds_fill_source){ o->release, 0 };
		}
		out[j].n++;
		total++;
	}
	*nout = k;
	return total;
}

size_t ds_fill_lacking(const struct ds_dataset *ds, const struct ds_series *s,
		       const struct ds_fill_scope *scope)
{
	size_t n = 0;
	size_t count = scope->members ? scope->nmembers : ds->nmembers;
	for (size_t i = 0; i < count; i++) {
		size_t m = scope->members ? scope->members[i] : i;
		for (int y = scope->from; y <= scope->to; y++) {
			const struct ds_obs *o = ds_series_get(s, m, y);
			if (o == NULL || !(o->flags & DS_OBS_PCT))
				n++;
		}
	}
	return n;
}

/* Appends to buf at *o what fmt says, as snprintf; stops quietly when full. */
static void append(char *buf, size_t size, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
	if (*o >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *o, size - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < size ? *o + (size_t)n : size - 1;
}

/* ", 3 in release 2025-04" for each source after the first. */
static void more_sources(const struct ds_dataset *ds, const struct ds_fill_source *v, size_t n,
			 const char *prep, char *buf, size_t size, size_t *o)
{
	for (size_t i = 1; i < n; i++)
		append(buf, size, o, ", %zu %s release %s", v[i].n, prep,
		       ds_dataset_str(ds, v[i].release));
}

void ds_fill_text_filled(const struct ds_dataset *ds, const struct ds_fill_source *v, size_t n,
			 char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	if (n == 0)
		return;
	append(buf, size, &o, "f: %zu figure%s filled from release %s", v[0].n,
	       v[0].n == 1 ? "" : "s", ds_dataset_str(ds, v[0].release));
	more_sources(ds, v, n, "from", buf, size, &o);
}

void ds_fill_text_hint(const struct ds_dataset *ds, const char *release,
		       const struct ds_fill_scope *scope, size_t lacking,
		       const struct ds_fill_source *v, size_t n, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	if (n == 0 || lacking == 0)
		return;
	if (scope->from == scope->to)
		append(buf, size, &o, "%zu member%s %s no %d figure", lacking,
		       lacking == 1 ? "" : "s", lacking == 1 ? "has" : "have", scope->from);
	else
		append(buf, size, &o, "%zu member-year%s of %d-%d %s no figure", lacking,
		       lacking == 1 ? "" : "s", scope->from, scope->to,
		       lacking == 1 ? "has" : "have");
	append(buf, size, &o, " in release %s; %zu %s one in release %s", release, v[0].n,
	       v[0].n == 1 ? "has" : "have", ds_dataset_str(ds, v[0].release));
	more_sources(ds, v, n, "in", buf, size, &o);
	append(buf, size, &o, ": add --fill");
}
