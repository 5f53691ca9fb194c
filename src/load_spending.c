/*
 * load_spending.c - reads a spending file (one release) into a ds_series.
 *
 * This is the hot path of the project: a million rows must load in well
 * under a second, so each record is parsed once, strings that repeat from
 * row to row (release, source) are interned with a one-entry cache in front
 * of the pool, and duplicates are found through the member x year grid
 * rather than by searching.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/load_cell.h"
#include "defspend/load_spending.h"
#include "defspend/lookup.h"
#include "defspend/num.h"
#include "defspend/provenance.h"
#include "defspend/util.h"

enum { C_ISO3, C_COUNTRY, C_YEAR, C_PCT, C_SPEND, C_GDP, C_EST, C_RELEASE, C_SOURCE, C_NOTE, NCOL };

static const struct ds_colspec spending_cols[NCOL] = {
	[C_ISO3] = { "iso3", 1 },         [C_COUNTRY] = { "country", 1 },
	[C_YEAR] = { "year", 1 },         [C_PCT] = { "pct_gdp", 1 },
	[C_SPEND] = { "spend_usd_m", 0 }, [C_GDP] = { "gdp_usd_bn", 0 },
	[C_EST] = { "estimate", 1 },      [C_RELEASE] = { "release", 1 },
	[C_SOURCE] = { "source", 1 },     [C_NOTE] = { "note", 0 },
};

struct cache {
	char *s;
	size_t len, cap;
	uint32_t id;
	int valid;
};

struct spend_ctx {
	struct ds_dataset *ds;
	struct ds_series *s;
	const char *file;
	const char *release_id; /* rows must carry it; NULL: any */
	struct ds_errors *err;
	int lone;
	int idx[NCOL];
	size_t nheader;
	int header_ok;
	struct cache release, source, note;
	uint32_t first_release; /* pool id of the first non-empty release cell */
	unsigned char *seen;    /* members present in this file */
	size_t seen_cap;
	struct ds_file_info info;
	struct ds_strmap releases_seen;
	size_t last_member; /* rows come grouped by member: the last one found */
	size_t last_name_len;
	int have_last;
	uint32_t last_release; /* pool id of the last release cell counted */
	int have_release;
};

static int intern_cached(struct ds_pool *pool, struct cache *c, const char *s, size_t len,
			 uint32_t *id)
{
	if (c->valid && c->len == len && memcmp(c->s, s, len) == 0) {
		*id = c->id;
		return 0;
	}
	if (ds_pool_intern(pool, s, len, id) != 0)
		return -1;
	if (len + 1 > c->cap && ds_grow(&c->s, &c->cap, len + 1, 1) != 0)
		return -1;
	memcpy(c->s, s, len);
	c->len = len;
	c->id = *id;
	c->valid = 1;
	return 0;
}

/*
 * Room for nmembers rows of the grid.  Only the rows in use are zeroed:
 * with many members (a lone file of 17,576) zeroing the doubled capacity
 * would touch twice the memory for nothing.
 */
static int grid_fit(struct ds_series *s, size_t nmembers)
{
	if (nmembers <= s->grid_members)
		return 0;
	if (nmembers > s->grid_cap &&
	    ds_grow(&s->grid, &s->grid_cap, nmembers, DS_NYEARS * sizeof *s->grid) != 0)
		return -1;
	memset(s->grid + s->grid_members * DS_NYEARS, 0,
	       (nmembers - s->grid_members) * DS_NYEARS * sizeof *s->grid);
	s->grid_members = nmembers;
	return 0;
}

static int mark_seen(struct spend_ctx *c, size_t m)
{
	if (m >= c->seen_cap) {
		size_t old = c->seen_cap;
		if (ds_grow(&c->seen, &c->seen_cap, m + 1, 1) != 0)
			return -1;
		memset(c->seen + old, 0, c->seen_cap - old);
	}
	if (!c->seen[m]) {
		c->seen[m] = 1;
		c->info.members++;
	}
	return 0;
}

/* Finds (or, for a lone file, creates) the member of this row. */
static int row_member(struct spend_ctx *c, const struct ds_csv_record *rec, size_t *m)
{
	const struct ds_csv_field *iso = &rec->fields[c->idx[C_ISO3]];
	const struct ds_csv_field *country = &rec->fields[c->idx[C_COUNTRY]];
	char shown[64];
	uint32_t id;
	if (c->have_last && iso->len == 3 &&
	    memcmp(c->ds->members[c->last_member].iso3, iso->s, 4) == 0 &&
	    (country->len == 0 ||
	     (country->len == c->last_name_len &&
	      memcmp(c->ds->members[c->last_member].name, country->s, country->len) == 0))) {
		*m = c->last_member;
		return 0;
	}
	if (ds_load_iso3(c->err, c->file, rec, (size_t)c->idx[C_ISO3]) != 0)
		return -1;
	if (ds_strmap_get(&c->ds->by_iso3, iso->s, iso->len, &id)) {
		*m = id;
		const struct ds_member *mb = &c->ds->members[id];
		if (country->len == 0 || strcmp(mb->name, country->s) == 0) {
			c->last_member = id;
			c->last_name_len = strlen(mb->name);
			c->have_last = 1;
			return 0;
		}
		size_t other;
		if (!c->lone && ds_lookup_member(c->ds, country->s, &other) == 0 && other == id)
			return 0;
		ds_load_field_error(
			c->err, c->file, rec, (size_t)c->idx[C_COUNTRY],
			c->lone ? "country '%s' differs from '%s', the name %s has on an earlier row"
				: "country '%s' is not a name of %s (%s) in members.csv",
			ds_load_shown(shown, sizeof shown, country->s, country->len),
			c->lone ? mb->name : mb->iso3, c->lone ? mb->iso3 : mb->name);
		return -1;
	}
	if (!c->lone) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_ISO3],
				    "unknown member '%s': not in members.csv",
				    ds_load_shown(shown, sizeof shown, iso->s, iso->len));
		return -1;
	}
	if (country->len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_COUNTRY],
				    "country is empty for a new member '%s'", iso->s);
		return -1;
	}
	if (ds_load_name(c->err, c->file, rec, (size_t)c->idx[C_COUNTRY], "country") != 0)
		return -1;
	long n = ds_dataset_add_member(c->ds, iso->s, "", country->s, "", 0);
	if (n < 0)
		return -2;
	*m = (size_t)n;
	return 0;
}

/*
 * With one field too many, a decimal comma at `field` shifts the later
 * columns by one: then the estimate flag stands one field to the right.
 * Checking that keeps the hint off rows that merely have an extra cell.
 */
static int comma_hint(struct spend_ctx *c, const struct ds_csv_record *rec, int col)
{
	int f = c->idx[col], e = c->idx[C_EST];
	if (f < 0 || rec->nfields != c->nheader + 1)
		return 0;
	if (e > f) {
		const struct ds_csv_field *flag = &rec->fields[e + 1];
		if (!(flag->len == 0 ||
		      (flag->len == 1 && (flag->s[0] == '0' || flag->s[0] == '1'))))
			return 0;
	}
	return ds_load_comma_split(c->err, c->file, rec, c->nheader, (size_t)f,
				   spending_cols[col].name);
}

static int on_header(struct spend_ctx *c, const struct ds_csv_record *rec)
{
	c->nheader = rec->nfields;
	int rc = ds_load_header(rec, c->file, spending_cols, NCOL, c->idx, c->err);
	c->header_ok = rc == DS_OK;
	return c->header_ok ? 0 : DS_EDATA; /* without a header no row can be read */
}

static int on_row(void *ctx, const struct ds_csv_record *rec)
{
	struct spend_ctx *c = ctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0)
		return on_header(c, rec);
	if (!c->header_ok)
		return DS_EDATA; /* the reader lost the header: nothing can be read */
	c->info.rows++;
	if (rec->nfields != c->nheader) {
		if (comma_hint(c, rec, C_PCT) || comma_hint(c, rec, C_SPEND) ||
		    comma_hint(c, rec, C_GDP))
			return 0;
		ds_load_count_error(c->err, c->file, rec, c->nheader);
		return 0;
	}
	struct ds_obs o;
	memset(&o, 0, sizeof o);
	int bad = 0, present, year, flag, dec = 0;
	size_t m = 0;
	int rm = row_member(c, rec, &m);
	if (rm == -2)
		return ds_errors_nomem(c->err, c->file);
	bad |= rm != 0;
	if (ds_load_year(c->err, c->file, rec, (size_t)c->idx[C_YEAR], "year", 0, &year) != 0)
		bad = 1;
	if (ds_load_pct(c->err, c->file, rec, (size_t)c->idx[C_PCT], "pct_gdp", &present, &o.pct,
			&dec) != 0)
		bad = 1;
	else if (present)
		o.flags |= DS_OBS_PCT;
	o.pct_dec = (uint8_t)dec;
	if (c->idx[C_SPEND] >= 0) {
		if (ds_load_amount(c->err, c->file, rec, (size_t)c->idx[C_SPEND], "spend_usd_m",
				   &present, &o.spend_usd_m) != 0)
			bad = 1;
		else if (present)
			o.flags |= DS_OBS_SPEND;
	}
	if (c->idx[C_GDP] >= 0) {
		if (ds_load_amount(c->err, c->file, rec, (size_t)c->idx[C_GDP], "gdp_usd_bn",
				   &present, &o.gdp_usd_bn) != 0)
			bad = 1;
		else if (present)
			o.flags |= DS_OBS_GDP;
	}
	if (ds_load_flag(c->err, c->file, rec, (size_t)c->idx[C_EST], "estimate", &flag) != 0)
		bad = 1;
	else if (flag)
		o.flags |= DS_OBS_ESTIMATE;

	const struct ds_csv_field *rel = &rec->fields[c->idx[C_RELEASE]];
	const struct ds_csv_field *src = &rec->fields[c->idx[C_SOURCE]];
	if (ds_provenance_check(c->err, c->file, rec, (size_t)c->idx[C_RELEASE], c->idx[C_SOURCE],
				c->release_id, (o.flags & (DS_OBS_PCT | DS_OBS_SPEND)) != 0))
		bad = 1;
	if (bad)
		return 0;

	if (intern_cached(&c->ds->pool, &c->release, rel->s, rel->len, &o.release) != 0 ||
	    intern_cached(&c->ds->pool, &c->source, src->s, src->len, &o.source) != 0 ||
	    (c->idx[C_NOTE] >= 0 &&
	     intern_cached(&c->ds->pool, &c->note, rec->fields[c->idx[C_NOTE]].s,
			   rec->fields[c->idx[C_NOTE]].len, &o.note) != 0) ||
	    grid_fit(c->s, c->ds->nmembers) != 0 || mark_seen(c, m) != 0)
		return ds_errors_nomem(c->err, c->file);
	uint32_t *cell = &c->s->grid[m * DS_NYEARS + (size_t)(year - DS_YEAR_MIN)];
	if (*cell != 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_YEAR],
				    "a second row for %s %d (the first is on line %u)",
				    c->ds->members[m].iso3, year, c->s->obs[*cell - 1].line);
		return 0;
	}
	uint32_t rid;
	if (rel->len == 0) {
		/* a row without a figure and without a release: no release to count */
	} else if (c->have_release && o.release == c->last_release) {
		/* counted already: the common case, one release per file */
	} else if (!ds_strmap_get(&c->releases_seen, c->ds->pool.s[o.release], rel->len, &rid)) {
		if (ds_strmap_put(&c->releases_seen, c->ds->pool.s[o.release], rel->len, 0) != 0)
			return ds_errors_nomem(c->err, c->file);
		if (c->info.releases == 0)
			c->first_release = o.release;
		c->info.releases++;
	}
	c->last_release = o.release;
	c->have_release = 1;
	struct ds_series *s = c->s;
	if (s->n == s->cap && ds_grow(&s->obs, &s->cap, s->n + 1, sizeof *s->obs) != 0)
		return ds_errors_nomem(c->err, c->file);
	o.member = (uint32_t)m;
	o.year = (uint16_t)year;
	o.line = (uint32_t)rec->line;
	s->obs[s->n++] = o;
	*cell = (uint32_t)s->n;
	return 0;
}

int ds_load_spending(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
		     struct ds_series **out, struct ds_errors *err)
{
	struct spend_ctx c;
	memset(&c, 0, sizeof c);
	*out = NULL;
	size_t before = ds_errors_count(err);
	c.ds = ds;
	c.file = path;
	c.release_id = release_id;
	c.err = err;
	c.lone = lone;
	ds_strmap_init(&c.releases_seen);
	c.s = ds_series_new(path);
	int rc = DS_ENOMEM;
	if (c.s == NULL) {
		ds_errors_nomem(err, path);
		goto out;
	}
	rc = ds_csv_read_path(path, NULL, on_row, &c, err);
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = DS_EDATA;
	if (rc == DS_OK && !c.header_ok)
		rc = ds_errors_add(err, DS_EDATA, path, 0, 0, "empty file: no header");
	if (rc != DS_OK)
		goto out;
	ds_series_summarise(c.s);
	c.info.path = (char *)path;
	c.info.year_min = c.s->year_min;
	c.info.year_max = c.s->year_max;
	if (release_id != NULL)
		c.s->id = ds_strdup(release_id);
	else if (c.info.releases == 1)
		c.s->id = ds_strdup(ds->pool.s[c.first_release]);
	else
		c.s->id = ds_strdup(c.info.releases == 0 ? "" : "mixed");
	if (c.s->id == NULL || ds_dataset_add_file(ds, &c.info) != 0) {
		rc = ds_errors_nomem(err, path);
		goto out;
	}
	*out = c.s;
	c.s = NULL;
out:
	ds_series_free(c.s);
	free(c.release.s);
	free(c.source.s);
	free(c.note.s);
	free(c.seen);
	ds_strmap_release(&c.releases_seen);
	return rc;
}
