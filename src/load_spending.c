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

#include "defspend/csvparts.h"
#include "defspend/input.h"
#include "defspend/load_cell.h"
#include "defspend/load_spending.h"
#include "defspend/lookup.h"
#include "defspend/num.h"
#include "defspend/provenance.h"
#include "defspend/text.h"
#include "defspend/util.h"

enum { C_ISO3, C_COUNTRY, C_YEAR, C_PCT, C_SPEND, C_GDP, C_EST, C_RELEASE, C_SOURCE, C_NOTE, NCOL };

static const struct ds_colspec spending_cols[NCOL] = {
	[C_ISO3] = { "iso3", 1 },         [C_COUNTRY] = { "country", 1 },
	[C_YEAR] = { "year", 1 },         [C_PCT] = { "pct_gdp", 1 },
	[C_SPEND] = { "spend_usd_m", 0 }, [C_GDP] = { "gdp_usd_bn", 0 },
	[C_EST] = { "estimate", 1 },      [C_RELEASE] = { "release", 1 },
	[C_SOURCE] = { "source", 1 },     [C_NOTE] = { "note", 0 },
};

/* A lone file needs only country, year and pct_gdp (load_spending.h). */
static const struct ds_colspec lone_cols[NCOL] = {
	[C_ISO3] = { "iso3", 0 },         [C_COUNTRY] = { "country", 1 },
	[C_YEAR] = { "year", 1 },         [C_PCT] = { "pct_gdp", 1 },
	[C_SPEND] = { "spend_usd_m", 0 }, [C_GDP] = { "gdp_usd_bn", 0 },
	[C_EST] = { "estimate", 0 },      [C_RELEASE] = { "release", 0 },
	[C_SOURCE] = { "source", 0 },     [C_NOTE] = { "note", 0 },
};

struct cache {
	char *s;
	size_t len, cap;
	uint32_t id;
	int valid;
};

/*
 * The state of reading one file.  The first fields are set before the rows
 * (and, from the header, by on_header()); the rest change with every row.
 * A file read in parts (csvparts.h) gives each part a copy of this with the
 * changing fields reset (part_new()), which merge_part() adds back: a field
 * added here that rows change must be handled in both.
 */
struct spend_ctx {
	struct ds_dataset *ds;
	/* Where the rows' strings are interned: the dataset's pool, or the
	 * part's own when it shares the caller's dataset (part_new()). */
	struct ds_pool *pool;
	struct ds_pool own_pool;
	int shares_ds;
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
	size_t nprior;     /* members ds had before this file (a part: its copy's) */
	size_t prefaulted; /* rows of s->obs mapped ahead of use (ds_prefault) */
	off_t expect;      /* bytes of the file that will come here (csvparts.h) */
	size_t records;    /* records seen, and their bytes: the rows' average size */
	size_t bytes;
	/* A lone file without iso3: members by folded name (load_spending.h). */
	struct ds_strmap by_name;
	struct ds_pool names;
	/* A lone file without release or source: what every row gets. */
	struct ds_csv_field default_release, unsourced;
	char *release_name;
	/* Checking an update's rows (ds_load_spending_patch): rows are checked,
	 * not added; a checked row's grid cell is s->n + 1 + k, its line
	 * checked_line[k]. */
	int check_only;
	uint32_t *checked_line;
	size_t nchecked, checked_cap;
	/* Keeping only some years' rows (ds_load_spending_keep): the others are
	 * read and checked, their grid cell is DROPPED | line, and what the
	 * series says of the whole file is counted here for every row. */
	const struct ds_keep_years *keep;
	int ymin, ymax, pct_ymax, maxdec;
	unsigned char covered[DS_NYEARS];
	/* Where one record in DS_MARK_EVERY starts (ds_series.marks); a
	 * part's lines count from its start until merged. */
	struct ds_line_mark *marks;
	size_t nmarks, marks_cap, since_mark;
	/* How far the grid at mapped_grid, rows of mapped_row bytes, is
	 * mapped (grid_fit()). */
	const uint32_t *mapped_grid;
	size_t mapped_row, grid_mapped;
};

/* How many rows of s->obs are mapped ahead of the rows written (1 MiB). */
#define PREFAULT_ROWS ((size_t)(1u << 20) / sizeof(struct ds_obs))

/*
 * Room for `need` rows in s->obs.  Growing, the rows move to a fresh block
 * twice the size (huge pages once large: ds_malloc_huge()), not by
 * realloc(), which would copy them into small pages, each a fault.
 */
static int obs_room(struct ds_series *s, size_t need)
{
	if (need <= s->cap)
		return 0;
	size_t cap = s->cap < 16 ? 16 : s->cap;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / sizeof *s->obs)
			return -1;
		cap *= 2;
	}
	struct ds_obs *o = ds_malloc_huge(cap * sizeof *o);
	if (o == NULL)
		return -1;
	/* Mapped at once, the rows copied and the next ones (ds_prefault()). */
	size_t mapped = s->n + PREFAULT_ROWS < cap ? s->n + PREFAULT_ROWS : cap;
	ds_prefault(o, mapped * sizeof *o);
	if (s->n > 0)
		memcpy(o, s->obs, s->n * sizeof *o);
	free(s->obs);
	s->obs = o;
	s->cap = cap;
	return 0;
}

/* A grid cell of a row read and not kept: the bit, and the row's line below it. */
#define DROPPED DS_GRID_LINE

/* The line of the row a grid cell names. */
static uint32_t cell_line(const struct spend_ctx *c, uint32_t cell)
{
	if (cell & DROPPED)
		return cell & ~DROPPED;
	return cell <= c->s->n ? c->s->obs[cell - 1].line : c->checked_line[cell - 1 - c->s->n];
}

/* Whether a row of year is kept. */
static int kept(const struct ds_keep_years *k, int year)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->year[i] == year)
			return 1;
	return 0;
}

/* What ds_series_summarise() would count of a row, counted as it is read. */
static void count_year(struct spend_ctx *c, const struct ds_obs *o, int year)
{
	if (c->ymin == 0 || year < c->ymin)
		c->ymin = year;
	if (year > c->ymax)
		c->ymax = year;
	if (!(o->flags & DS_OBS_PCT))
		return;
	c->covered[year - DS_YEAR_MIN] = 1;
	if (year > c->pct_ymax)
		c->pct_ymax = year;
	if (o->pct_dec > c->maxdec)
		c->maxdec = o->pct_dec;
}

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
 * The grid's years hold `year`.  A file's years are not known before its
 * rows, and most files cover a few decades of the 152 years the grid could
 * hold (1949-2100), so the grid starts with none and its span doubles
 * around the years met (8, 16, 32, ...); each change lays the rows in use
 * out again.  A file of 60 years keeps 64 cells a member, not 152.
 */
static int grid_years(struct ds_series *s, int year)
{
	int lo = s->grid_year0, hi = s->grid_year0 + (int)s->grid_span;
	if (s->grid_span > 0 && year >= lo && year < hi)
		return 0;
	int want = s->grid_span > 0 ? 2 * (int)s->grid_span : 8, nlo, nhi;
	if (s->grid_span == 0) {
		nlo = year;
		nhi = year + want;
	} else if (year >= hi) {
		nlo = lo;
		nhi = year + 1 > lo + want ? year + 1 : lo + want;
	} else {
		nhi = hi;
		nlo = year < hi - want ? year : hi - want;
	}
	if (nhi > DS_YEAR_MAX + 1) {
		nlo -= nhi - (DS_YEAR_MAX + 1);
		nhi = DS_YEAR_MAX + 1;
	}
	if (nlo < DS_YEAR_MIN)
		nlo = DS_YEAR_MIN;
	size_t span = (size_t)(nhi - nlo), from = s->grid_span > 0 ? (size_t)(lo - nlo) : 0;
	uint32_t *g = NULL;
	if (s->grid_cap > 0) {
		if (s->grid_cap > SIZE_MAX / span / sizeof *g ||
		    (g = malloc(s->grid_cap * span * sizeof *g)) == NULL)
			return -1;
		ds_advise_huge(g, s->grid_cap * span * sizeof *g);
		ds_prefault(g, s->grid_members * span * sizeof *g);
		for (size_t m = 0; m < s->grid_members; m++) {
			uint32_t *row = g + m * span;
			memset(row, 0, span * sizeof *row);
			memcpy(row + from, s->grid + m * s->grid_span, s->grid_span * sizeof *row);
		}
	}
	free(s->grid);
	s->grid = g;
	s->grid_year0 = nlo;
	s->grid_span = span;
	return 0;
}

/* How much of the grid's room is mapped at once, ahead of the rows zeroed. */
#define GRID_AHEAD ((size_t)1 << 20)

/*
 * Room in the grid for nmembers rows and for `year`.  Only the rows in use
 * are zeroed: with many members (a lone file of 17,576) zeroing the
 * doubled capacity would touch twice the memory for nothing.  Members come
 * one at a time, a row of 128 bytes or so each, so the room is mapped
 * GRID_AHEAD at a time as the rows reach it, not page by page as they are
 * zeroed (ds_prefault(): a page at a time cost some 15 times more).
 * c->grid_mapped says how far the grid in use is mapped; a new grid
 * (grown, or laid out again) is mapped as far as its rows in use.
 */
static int grid_fit(struct spend_ctx *c, size_t nmembers, int year)
{
	struct ds_series *s = c->s;
	if (grid_years(s, year) != 0)
		return -1;
	if (nmembers <= s->grid_members)
		return 0;
	size_t row = s->grid_span * sizeof *s->grid;
	if (nmembers > s->grid_cap) {
		if (ds_grow(&s->grid, &s->grid_cap, nmembers, row) != 0)
			return -1;
		ds_advise_huge(s->grid, s->grid_cap * row);
	}
	size_t from = s->grid_members * row, to = nmembers * row, room = s->grid_cap * row;
	if (s->grid != c->mapped_grid || row != c->mapped_row) {
		c->mapped_grid = s->grid;
		c->mapped_row = row;
		c->grid_mapped = from;
	}
	if (to > c->grid_mapped) {
		size_t end = to + GRID_AHEAD < room ? to + GRID_AHEAD : room;
		ds_prefault((char *)s->grid + from, end - from);
		c->grid_mapped = end;
	}
	memset((char *)s->grid + from, 0, to - from);
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

/* How a message names member m: its code, or its name when it has none. */
static const char *label(const struct ds_dataset *ds, size_t m)
{
	return ds->members[m].iso3[0] ? ds->members[m].iso3 : ds->members[m].name;
}

/*
 * The member of a row of a lone file without iso3, by its country name:
 * the one an earlier row named alike (any case, accents, spacing), else a
 * member of ds->names_from that the name or an alias names, else a new
 * member known by the name as written.
 */
static int row_member_by_name(struct spend_ctx *c, const struct ds_csv_record *rec, size_t *m)
{
	const struct ds_csv_field *country = &rec->fields[c->idx[C_COUNTRY]];
	char key[256], shown[64];
	size_t klen = country->len ? ds_text_fold(country->s, key, sizeof key) : 0;
	uint32_t id;
	if (klen == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_COUNTRY],
				    "country '%s' names no member",
				    ds_load_shown(shown, sizeof shown, country->s, country->len));
		return -1;
	}
	if (ds_strmap_get(&c->by_name, key, klen, &id)) {
		*m = id;
		return 0;
	}
	const struct ds_dataset *from = c->ds->names_from;
	size_t r;
	long n;
	if (from != NULL && ds_lookup_member(from, country->s, &r) == 0) {
		const struct ds_member *rm = &from->members[r];
		/* "Turkey" after "Türkiye": the member the code already has. */
		n = ds_strmap_get(&c->ds->by_iso3, rm->iso3, strlen(rm->iso3), &id)
			    ? (long)id
			    : ds_dataset_add_member(c->ds, rm->iso3, rm->iso2, rm->name,
						    rm->aliases, rm->joined);
	} else {
		n = ds_dataset_add_member(c->ds, "", "", country->s, "", 0);
	}
	if (n < 0 || ds_pool_intern(&c->names, key, klen, &id) != 0 ||
	    ds_strmap_put(&c->by_name, ds_pool_str(&c->names, id), klen, (uint32_t)n) != 0)
		return -2;
	*m = (size_t)n;
	return 0;
}

/* Finds (or, for a lone file, creates) the member of this row. */
static int row_member(struct spend_ctx *c, const struct ds_csv_record *rec, size_t *m)
{
	if (c->idx[C_ISO3] < 0)
		return row_member_by_name(c, rec, m);
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
	c->last_member = *m; /* its next rows take the fast path above */
	c->last_name_len = country->len;
	c->have_last = 1;
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
	int rc = ds_load_header(rec, c->file, c->lone ? lone_cols : spending_cols, NCOL, c->idx,
				c->err);
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
	int bad = 0, present, year, flag = 0, dec = 0;
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
	if (c->idx[C_EST] < 0)
		flag = 0; /* a lone file without the column: no estimates */
	else if (ds_load_flag(c->err, c->file, rec, (size_t)c->idx[C_EST], "estimate", &flag) != 0)
		bad = 1;
	if (flag)
		o.flags |= DS_OBS_ESTIMATE;

	/* A lone file may lack release and source (load_spending.h); a
	 * column that is there keeps its rules. */
	const struct ds_csv_field *rel =
		c->idx[C_RELEASE] >= 0 ? &rec->fields[c->idx[C_RELEASE]] : &c->default_release;
	const struct ds_csv_field *src =
		c->idx[C_SOURCE] >= 0 ? &rec->fields[c->idx[C_SOURCE]] : &c->unsourced;
	int has_figure = (o.flags & (DS_OBS_PCT | DS_OBS_SPEND)) != 0;
	if (c->idx[C_RELEASE] >= 0) {
		if (ds_provenance_check(c->err, c->file, rec, (size_t)c->idx[C_RELEASE],
					c->idx[C_SOURCE], c->release_id, has_figure))
			bad = 1;
	} else if (c->idx[C_SOURCE] >= 0 && src->len == 0 && has_figure) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_SOURCE],
				    "a figure without a source");
		bad = 1;
	}
	if (bad)
		return 0;

	if (intern_cached(c->pool, &c->release, rel->s, rel->len, &o.release) != 0 ||
	    grid_fit(c, c->ds->nmembers, year) != 0 || mark_seen(c, m) != 0)
		return ds_errors_nomem(c->err, c->file);
	uint32_t *cell = &c->s->grid[m * c->s->grid_span + (size_t)(year - c->s->grid_year0)];
	if (*cell != 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[C_YEAR],
				    "a second row for %s %d (the first is on line %u)",
				    label(c->ds, m), year, cell_line(c, *cell));
		return 0;
	}
	if (c->check_only) {
		if (ds_grow(&c->checked_line, &c->checked_cap, c->nchecked + 1,
			    sizeof *c->checked_line) != 0)
			return ds_errors_nomem(c->err, c->file);
		c->checked_line[c->nchecked++] = (uint32_t)rec->line;
		*cell = (uint32_t)(c->s->n + c->nchecked);
		return 0;
	}
	uint32_t rid;
	if (rel->len == 0) {
		/* a row without a figure and without a release: no release to count */
	} else if (c->have_release && o.release == c->last_release) {
		/* counted already: the common case, one release per file */
	} else if (!ds_strmap_get(&c->releases_seen, c->pool->s[o.release], rel->len, &rid)) {
		if (ds_strmap_put(&c->releases_seen, c->pool->s[o.release], rel->len, 0) != 0)
			return ds_errors_nomem(c->err, c->file);
		if (c->info.releases == 0)
			c->first_release = o.release;
		c->info.releases++;
	}
	c->last_release = o.release;
	c->have_release = 1;
	if (c->keep != NULL) {
		count_year(c, &o, year);
		if (!kept(c->keep, year) && (unsigned long)rec->line < DROPPED) {
			*cell = DROPPED | (uint32_t)rec->line;
			return 0; /* its source and note are not kept either */
		}
	}
	if (intern_cached(c->pool, &c->source, src->s, src->len, &o.source) != 0 ||
	    (c->idx[C_NOTE] >= 0 && intern_cached(c->pool, &c->note, rec->fields[c->idx[C_NOTE]].s,
						  rec->fields[c->idx[C_NOTE]].len, &o.note) != 0))
		return ds_errors_nomem(c->err, c->file);
	struct ds_series *s = c->s;
	if (s->n == s->cap && obs_room(s, s->n + 1) != 0)
		return ds_errors_nomem(c->err, c->file);
	o.member = (uint32_t)m;
	o.year = (uint16_t)year;
	o.line = (uint32_t)rec->line;
	s->obs[s->n++] = o;
	*cell = (uint32_t)s->n;
	return 0;
}

/* ---- Reading a large file in parts (csvparts.h) ---- */

/* How many records tell the size of a row well enough to size the array. */
#define SAMPLE_RECORDS 1024

/*
 * Room for all the rows that will come, guessed from the bytes that will
 * come and the size of the rows so far, made once and in huge pages (see
 * ds_advise_huge()) rather than by doubling as rows come: each doubling
 * would move the rows, and every first write to fresh memory costs.  A
 * guess too small only means that the array grows as before.
 */
static void reserve_rows(struct spend_ctx *c)
{
	struct ds_series *s = c->s;
	double per_row = (double)c->bytes / (double)c->records;
	double rows = (double)c->expect / per_row * 1.05 + SAMPLE_RECORDS;
	if (rows > (double)(SIZE_MAX / sizeof *s->obs / 2))
		return;
	/* Keeping a few years' rows, their number is not known: the array grows. */
	if (c->keep == NULL && (size_t)rows > s->cap &&
	    ds_grow(&s->obs, &s->cap, (size_t)rows, sizeof *s->obs) == 0)
		ds_advise_huge(s->obs, s->cap * sizeof *s->obs);
	/*
	 * The grid the same way: members grow as rows do, where rows come
	 * member by member.  Where they do not (a file sorted by year), the
	 * guess is held to the rows' own memory, and the grid grows by
	 * doubling beyond it.  Room not written is never touched.
	 */
	double members = (double)c->ds->nmembers * rows / (double)c->records;
	double most = rows * (double)sizeof *s->obs / (DS_NYEARS * sizeof *s->grid);
	if (members > most)
		members = most;
	/* A file of known members makes none: the grid holds those. */
	if (!c->lone)
		members = (double)c->ds->nmembers;
	/* A lone file makes its members as they come: their array and their
	 * codes' index are sized once too (a failure only means that they
	 * grow as before). */
	if (c->lone && (size_t)members > c->ds->nmembers) {
		(void)ds_strmap_reserve(&c->ds->by_iso3, (size_t)members);
		(void)ds_dataset_reserve_members(c->ds, (size_t)members);
	}
	size_t row = s->grid_span * sizeof *s->grid;
	if (row > 0 && (size_t)members > s->grid_cap &&
	    ds_grow(&s->grid, &s->grid_cap, (size_t)members, row) == 0)
		ds_advise_huge(s->grid, s->grid_cap * row);
}

static void expect(void *ctx, off_t bytes)
{
	struct spend_ctx *c = ctx;
	c->expect = bytes;
}

/*
 * The record callback of every part: the rules of on_row(); then, once,
 * the rows' array sized for the whole file or part, and as rows come,
 * their memory mapped ahead in large steps (see ds_prefault()).
 */
static int spend_record(void *ctx, const struct ds_csv_record *rec)
{
	struct spend_ctx *c = ctx;
	int rc = on_row(c, rec);
	struct ds_series *s = c->s;
	if (c->since_mark++ % DS_MARK_EVERY == 0 && rc == 0) {
		if (c->nmarks == c->marks_cap &&
		    ds_grow(&c->marks, &c->marks_cap, c->nmarks + 1, sizeof *c->marks) != 0)
			return ds_errors_nomem(c->err, c->file);
		c->marks[c->nmarks++] = (struct ds_line_mark){ rec->raw_line, rec->offset };
	}
	if (c->records < SAMPLE_RECORDS) {
		c->bytes += rec->rawlen;
		if (++c->records == SAMPLE_RECORDS)
			reserve_rows(c);
	}
	if (s->n >= c->prefaulted && s->cap > s->n) {
		size_t n = s->cap - s->n < PREFAULT_ROWS ? s->cap - s->n : PREFAULT_ROWS;
		ds_prefault(s->obs + s->n, n * sizeof *s->obs);
		c->prefaulted = s->n + n;
	}
	return rc;
}

/* A dataset holding copies of ds's members, and its name index if it has one. */
static struct ds_dataset *copy_members(const struct ds_dataset *ds)
{
	struct ds_dataset *d = ds_dataset_new();
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < ds->nmembers; i++) {
		const struct ds_member *m = &ds->members[i];
		if (ds_dataset_add_member(d, m->iso3, m->iso2, m->name, m->aliases, m->joined) < 0)
			goto fail;
	}
	size_t a, b;
	const char *key;
	if (ds->keys_ready && ds_lookup_build(d, &a, &b, &key) == -2)
		goto fail;
	return d;
fail:
	ds_dataset_free(d);
	return NULL;
}

/*
 * Starts reading path into s for ds: the file's settings set, everything a
 * row changes empty.  0, or -1 when out of memory (ctx_release() then).
 */
static int ctx_init(struct spend_ctx *c, struct ds_dataset *ds, struct ds_series *s,
		    const char *path, const char *release_id, struct ds_errors *err)
{
	memset(c, 0, sizeof *c);
	c->ds = ds;
	c->pool = &ds->pool;
	c->s = s;
	c->file = path;
	c->release_id = release_id;
	c->err = err;
	c->nprior = ds->nmembers;
	ds_strmap_init(&c->releases_seen);
	ds_strmap_init(&c->by_name);
	c->unsourced = (struct ds_csv_field){ DS_UNSOURCED, strlen(DS_UNSOURCED) };
	return ds_pool_init(&c->names);
}

/* Frees what reading left in c; not the series, the dataset or release_name (the caller's). */
static void ctx_release(struct spend_ctx *c)
{
	free(c->release.s);
	free(c->source.s);
	free(c->note.s);
	free(c->seen);
	free(c->checked_line);
	free(c->marks);
	ds_strmap_release(&c->releases_seen);
	ds_strmap_release(&c->by_name);
	ds_pool_release(&c->names);
}

static void part_free(void *ctx)
{
	struct spend_ctx *c = ctx;
	ds_series_free(c->s);
	if (c->shares_ds)
		ds_pool_release(&c->own_pool);
	else
		ds_dataset_free(c->ds);
	ctx_release(c);
	free(c);
}

/*
 * A part's context: the header's mapping and the file's settings of the
 * caller's, and everything a row changes of its own: a series, an error
 * record, and the strings of its rows.  A file that makes no members (not
 * lone) only looks members up: the part reads the caller's dataset, which
 * nothing changes while parts are read (its name index built already),
 * and interns its strings in a pool of its own.  A lone file makes members:
 * the part has a dataset of its own, with copies of the members known
 * before the file.
 */
static void *part_new(void *main, struct ds_errors *err)
{
	const struct spend_ctx *m = main;
	struct spend_ctx *c = malloc(sizeof *c);
	if (c == NULL)
		return NULL;
	*c = *m;
	c->err = err;
	memset(&c->release, 0, sizeof c->release);
	memset(&c->source, 0, sizeof c->source);
	memset(&c->note, 0, sizeof c->note);
	c->first_release = 0;
	c->seen = NULL;
	c->seen_cap = 0;
	memset(&c->info, 0, sizeof c->info);
	ds_strmap_init(&c->releases_seen);
	/* Members by name are the file's (load_spending.h): a part starts with
	 * none of them, and map_members() has such a part read again. */
	ds_strmap_init(&c->by_name);
	memset(&c->names, 0, sizeof c->names);
	c->have_last = 0;
	c->have_release = 0;
	c->prefaulted = 0;
	c->expect = 0;
	c->records = c->bytes = 0;
	c->ymin = c->ymax = c->pct_ymax = c->maxdec = 0;
	memset(c->covered, 0, sizeof c->covered);
	c->marks = NULL;
	c->nmarks = c->marks_cap = c->since_mark = 0;
	c->s = ds_series_new(m->file);
	if (c->s != NULL)
		c->s->grid_span = 0; /* no year yet: grid_years() */
	c->shares_ds = !m->lone && m->ds->keys_ready;
	if (c->shares_ds) {
		c->ds = m->ds;
		c->pool = &c->own_pool;
	} else {
		c->ds = copy_members(m->ds);
		c->pool = c->ds != NULL ? &c->ds->pool : NULL;
	}
	c->nprior = m->ds->nmembers;
	int pools = ds_pool_init(&c->names) | (c->shares_ds ? ds_pool_init(&c->own_pool) : 0);
	if (c->s == NULL || c->ds == NULL || pools != 0) {
		part_free(c);
		return NULL;
	}
	return c;
}

static int same_member(const struct ds_member *a, const struct ds_member *b)
{
	return strcmp(a->iso3, b->iso3) == 0 && strcmp(a->iso2, b->iso2) == 0 &&
	       strcmp(a->name, b->name) == 0 && strcmp(a->aliases, b->aliases) == 0 &&
	       a->joined == b->joined;
}

#define NEW_MEMBER UINT32_MAX

/*
 * Which member of the file's dataset each member of the part is: the copies
 * are the same; one the part added is new, or the same as one added by an
 * earlier part.  Returns 1 when the part's rows may have been read other
 * than a serial reading would read them: it added a member that an earlier
 * part added differently, or one of its rows has the member and year of an
 * earlier part's row.
 */
static int map_members(const struct spend_ctx *c, const struct spend_ctx *p, uint32_t *map)
{
	const struct ds_dataset *g = c->ds, *d = p->ds;
	for (size_t i = 0; i < d->nmembers; i++) {
		uint32_t j;
		if (i < p->nprior)
			map[i] = (uint32_t)i;
		else if (d->members[i].iso3[0] == '\0')
			return 1; /* known by its name alone: only a serial reading matches names */
		else if (!ds_strmap_get(&g->by_iso3, d->members[i].iso3, strlen(d->members[i].iso3),
					&j))
			map[i] = NEW_MEMBER;
		else if (same_member(&g->members[j], &d->members[i]))
			map[i] = j;
		else
			return 1;
	}
	const struct ds_series *s = c->s, *t = p->s;
	if (p->keep != NULL) {
		/* Rows not kept are in the grids only: compare the grids. */
		for (size_t i = 0; i < t->grid_members && i < d->nmembers; i++) {
			uint32_t m = map[i];
			for (size_t k = 0; m != NEW_MEMBER && k < t->grid_span; k++) {
				const uint32_t *cell = ds_series_cell(s, m, t->grid_year0 + (int)k);
				if (t->grid[i * t->grid_span + k] != 0 && cell != NULL &&
				    *cell != 0)
					return 1;
			}
		}
		return 0;
	}
	for (size_t i = 0; i < t->n; i++) {
		uint32_t m = map[t->obs[i].member];
		const uint32_t *cell =
			m != NEW_MEMBER ? ds_series_cell(s, m, t->obs[i].year) : NULL;
		if (cell != NULL && *cell != 0)
			return 1;
	}
	return 0;
}

/* The part's release cells counted into the file's, the first one first. */
static int merge_releases(struct spend_ctx *c, const struct spend_ctx *p, const uint32_t *ids)
{
	if (p->info.releases == 0)
		return 0;
	if (c->info.releases == 0)
		c->first_release = ids[p->first_release];
	const struct ds_strmap *seen = &p->releases_seen;
	for (size_t i = 0; i < seen->cap; i++) {
		uint32_t v, id;
		if (seen->keys[i] == NULL)
			continue;
		if (ds_pool_intern(c->pool, seen->keys[i], seen->lens[i], &id) != 0)
			return -1;
		const char *s = c->pool->s[id];
		if (ds_strmap_get(&c->releases_seen, s, seen->lens[i], &v))
			continue;
		if (ds_strmap_put(&c->releases_seen, s, seen->lens[i], 0) != 0)
			return -1;
		c->info.releases++;
	}
	return 0;
}

/*
 * Moves the part's rows to the end of the file's series, renumbered: their
 * members, their strings, their lines.  The rows are moved from the last,
 * 8 MiB at a time, and the part's array is shrunk after each step, so that
 * the two copies never both hold all of them; the grid grows for the
 * part's new members only after that, and then gets the moved rows' cells.
 * (Steps of 1 MiB made the merge of half a million rows 20-30 ms slower:
 * each shrink unmaps pages, which costs every core that ran the process.)
 */
#define MOVE_STEP (PREFAULT_ROWS * 8)
static int move_rows(struct spend_ctx *c, struct spend_ctx *p, const uint32_t *map,
		     const uint32_t *ids, long lines)
{
	struct ds_series *s = c->s, *t = p->s;
	size_t base = s->n, n = t->n;
	if (n > SIZE_MAX - base || obs_room(s, base + n) != 0)
		return -1;
	const size_t step = MOVE_STEP;
	size_t left = n;
	while (left > 0) {
		size_t k = left < step ? left : step;
		ds_prefault(s->obs + base + left - k, k * sizeof *s->obs);
		for (size_t i = left - k; i < left; i++) {
			struct ds_obs o = t->obs[i];
			o.member = map[o.member];
			o.release = ids[o.release];
			o.source = ids[o.source];
			o.note = ids[o.note];
			o.line += (uint32_t)lines;
			s->obs[base + i] = o;
		}
		left -= k;
		if (left == 0) {
			free(t->obs);
			t->obs = NULL;
		} else {
			struct ds_obs *q = realloc(t->obs, left * sizeof *t->obs);
			if (q != NULL)
				t->obs = q;
		}
		t->cap = left;
	}
	s->n = base + n;
	t->n = 0;
	/* The grid holds the file's members and the years of the part's rows,
	 * fitted once: not the part grid's span, which grew by doubling and
	 * may reach past the years of the file. */
	int lo = p->ymin, hi = p->ymax; /* counted when keeping some years */
	for (size_t i = base; p->keep == NULL && i < base + n; i++) {
		int y = s->obs[i].year;
		lo = lo == 0 || y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	if (lo != 0 &&
	    (grid_fit(c, c->ds->nmembers, lo) != 0 || grid_fit(c, c->ds->nmembers, hi) != 0))
		return -1;
	for (size_t i = base; i < base + n; i++) {
		const struct ds_obs *o = &s->obs[i];
		s->grid[o->member * s->grid_span + (size_t)(o->year - s->grid_year0)] =
			(uint32_t)(i + 1);
	}
	/* The rows the part read and did not keep, for later parts' duplicates. */
	for (size_t i = 0; p->keep != NULL && lo != 0 && i < t->grid_members; i++) {
		const uint32_t *from = &t->grid[i * t->grid_span + (size_t)(lo - t->grid_year0)];
		uint32_t *to = &s->grid[map[i] * s->grid_span + (size_t)(lo - s->grid_year0)];
		for (size_t k = 0; k <= (size_t)(hi - lo); k++)
			if (from[k] & DROPPED)
				to[k] = DROPPED | ((from[k] & ~DROPPED) + (uint32_t)lines);
	}
	return 0;
}

/* The merge of csvparts.h: a part's rows, members and counts into the file's. */
static int merge_part(void *main, void *part, long lines, struct ds_errors *err)
{
	struct spend_ctx *c = main, *p = part;
	struct ds_dataset *g = c->ds, *d = p->ds;
	uint32_t *map = malloc((d->nmembers ? d->nmembers : 1) * sizeof *map);
	uint32_t *ids = malloc(p->pool->n * sizeof *ids);
	int rc = DS_OK;
	/* The part's grid only found its duplicates: its memory is better used
	 * by the rows about to be moved.  (Keeping some years, it also holds
	 * the rows not kept, which move_rows() carries over.) */
	if (p->keep == NULL) {
		free(p->s->grid);
		p->s->grid = NULL;
		p->s->grid_members = p->s->grid_cap = 0;
	}
	if (map == NULL || ids == NULL)
		goto nomem;
	if (map_members(c, p, map) != 0) {
		rc = 1; /* read the part again, after the earlier ones */
		goto out;
	}
	/* The part's new members move over, strings and all: the part is
	 * freed after its merge (its index of codes borrowed those strings,
	 * and is not used again). */
	size_t fresh = 0;
	for (size_t i = p->nprior; i < d->nmembers; i++)
		fresh += map[i] == NEW_MEMBER;
	/* Room for them at once (doubling, when the guess of reserve_rows()
	 * fell short, so that many parts do not each move the array). */
	size_t room = g->nmembers + fresh;
	if (room > g->members_cap && room < 2 * g->members_cap)
		room = 2 * g->members_cap;
	if (fresh > 0 && (ds_strmap_reserve(&g->by_iso3, g->nmembers + fresh) != 0 ||
			  ds_dataset_reserve_members(g, room) != 0))
		goto nomem;
	for (size_t i = p->nprior; i < d->nmembers; i++) {
		if (map[i] != NEW_MEMBER)
			continue;
		long n = ds_dataset_take_member(g, &d->members[i]);
		if (n < 0)
			goto nomem;
		map[i] = (uint32_t)n;
	}
	/* The part's strings, in the order it met them. */
	for (size_t i = 0; i < p->pool->n; i++)
		if (ds_pool_intern(c->pool, p->pool->s[i], strlen(p->pool->s[i]), &ids[i]) != 0)
			goto nomem;
	for (size_t i = 0; i < d->nmembers && i < p->seen_cap; i++)
		if (p->seen[i] && mark_seen(c, map[i]) != 0)
			goto nomem;
	c->info.rows += p->info.rows;
	if (p->ymin != 0 && (c->ymin == 0 || p->ymin < c->ymin))
		c->ymin = p->ymin;
	c->ymax = p->ymax > c->ymax ? p->ymax : c->ymax;
	c->pct_ymax = p->pct_ymax > c->pct_ymax ? p->pct_ymax : c->pct_ymax;
	c->maxdec = p->maxdec > c->maxdec ? p->maxdec : c->maxdec;
	for (size_t y = 0; y < DS_NYEARS; y++)
		c->covered[y] |= p->covered[y];
	if (merge_releases(c, p, ids) != 0 || move_rows(c, p, map, ids, lines) != 0 ||
	    (p->nmarks > 0 &&
	     ds_grow(&c->marks, &c->marks_cap, c->nmarks + p->nmarks, sizeof *c->marks) != 0))
		goto nomem;
	for (size_t i = 0; i < p->nmarks; i++)
		c->marks[c->nmarks++] =
			(struct ds_line_mark){ p->marks[i].line + lines, p->marks[i].offset };
	goto out;
nomem:
	rc = ds_errors_nomem(err, c->file);
out:
	free(map);
	free(ids);
	return rc;
}

/*
 * A part's grid has a row for every member known before the file (17,576
 * of them make 4.5 MB a part), so a file of known members is read in one
 * part per thread; a lone file's parts know only their own members, and a
 * few parts per thread let a slower core read fewer of them.
 */
static size_t parts_per_thread(const void *main)
{
	const struct spend_ctx *c = main;
	return c->nprior > 0 ? 1 : DS_CSV_PARTS_PER_THREAD;
}

static const struct ds_csv_parts_ops spend_parts = {
	.part_new = part_new,
	.part_free = part_free,
	.record = spend_record,
	.merge = merge_part,
	.expect = expect,
	.parts_per_thread = parts_per_thread,
};

/*
 * What a lone file without a release column calls its release: its name
 * without directory and extension, "stdin" for standard input.
 */
static char *release_named_after(const char *path)
{
	if (strcmp(path, DS_STDIN_NAME) == 0)
		return ds_strdup("stdin");
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *s = ds_strdup(*base ? base : "lone");
	char *dot = s ? strrchr(s, '.') : NULL;
	if (dot != NULL && dot != s)
		*dot = '\0';
	return s;
}

/*
 * Reads path in parts on at most nthreads threads (csvparts.h), or data[0..len) named
 * path when data is not NULL.
 */
static int load(struct ds_dataset *ds, const char *path, const char *data, size_t len,
		const char *release_id, int lone, size_t nthreads, const struct ds_keep_years *keep,
		struct ds_series **out, struct ds_errors *err)
{
	struct spend_ctx c;
	*out = NULL;
	size_t before = ds_errors_count(err);
	int pool = ctx_init(&c, ds, ds_series_new(path), path, release_id, err);
	c.lone = lone;
	c.keep = keep != NULL && (keep->n > 0 || keep->lines) ? keep : NULL;
	c.release_name = lone ? release_named_after(path) : NULL;
	c.default_release = (struct ds_csv_field){ c.release_name ? c.release_name : "",
						   c.release_name ? strlen(c.release_name) : 0 };
	int rc = DS_ENOMEM;
	if (c.s == NULL || (lone && c.release_name == NULL) || pool != 0) {
		ds_errors_nomem(err, path);
		goto out;
	}
	c.s->grid_span = 0; /* no year yet: grid_years() */
	if (data != NULL)
		rc = ds_csv_read_mem(path, data, len, DS_BUFSIZ, spend_record, &c, err);
	else
		rc = ds_csv_read_parts(path, NULL, nthreads, nthreads ? 0 : DS_CSV_PART_MIN,
				       &spend_parts, &c, err);
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = DS_EDATA;
	if (rc == DS_OK && !c.header_ok)
		rc = ds_errors_add(err, DS_EDATA, path, 0, 0, "empty file: no header");
	if (rc != DS_OK)
		goto out;
	ds_series_summarise(c.s);
	if (c.keep != NULL) {
		/* The rows not kept leave the grid, or only their lines stay;
		 * the series speaks for the whole file. */
		struct ds_series *s = c.s;
		for (size_t i = 0; !c.keep->lines && i < s->grid_members * s->grid_span; i++)
			if (s->grid[i] & DROPPED)
				s->grid[i] = 0;
		s->year_min = c.ymin;
		s->year_max = c.ymax;
		s->pct_year_max = c.pct_ymax;
		s->max_decimals = c.maxdec;
		s->partial = 1;
		memcpy(s->covered, c.covered, sizeof s->covered);
	}
	ds_series_narrow_grid(c.s);
	/* The rows' array was sized from a guess: give back what is unused. */
	if (c.s->n > 0 && c.s->n < c.s->cap) {
		struct ds_obs *o = realloc(c.s->obs, c.s->n * sizeof *o);
		if (o != NULL) {
			c.s->obs = o;
			c.s->cap = c.s->n;
		}
	}
	c.s->marks = c.marks; /* the series keeps them */
	c.s->nmarks = c.nmarks;
	c.marks = NULL;
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
	free(c.release_name);
	ctx_release(&c);
	return rc;
}

int ds_load_spending(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
		     struct ds_series **out, struct ds_errors *err)
{
	return load(ds, path, NULL, 0, release_id, lone, 0, NULL, out, err);
}

int ds_load_spending_parts(struct ds_dataset *ds, const char *path, const char *release_id,
			   int lone, size_t nthreads, struct ds_series **out, struct ds_errors *err)
{
	return load(ds, path, NULL, 0, release_id, lone, nthreads, NULL, out, err);
}

int ds_load_spending_keep(struct ds_dataset *ds, const char *path, const char *release_id, int lone,
			  size_t nthreads, const struct ds_keep_years *keep, struct ds_series **out,
			  struct ds_errors *err)
{
	return load(ds, path, NULL, 0, release_id, lone, nthreads, keep, out, err);
}

int ds_load_spending_mem(struct ds_dataset *ds, const char *path, const char *data, size_t len,
			 struct ds_series **out, struct ds_errors *err)
{
	return load(ds, path, data, len, NULL, 1, 1, NULL, out, err);
}

/* ---- Checking the records an update writes (ds_load_spending_patch) ---- */

/* The grid cell of member m and year, or NULL when the grid has none. */
/* ds_series_cell(), for the loader, which writes the cell. */
static uint32_t *grid_cell(struct ds_series *s, size_t m, int year)
{
	const uint32_t *cell = ds_series_cell(s, m, year);
	return cell != NULL ? s->grid + (cell - s->grid) : NULL;
}

struct patch_ctx {
	struct spend_ctx *c;
	long line;  /* the line the record will start on */
	int header; /* the record read is the header */
	int got;
};

static int patch_record(void *ctx, const struct ds_csv_record *rec)
{
	struct patch_ctx *p = ctx;
	if (p->got++ > 0)
		return ds_errors_add(p->c->err, DS_ESOFTWARE, p->c->file, p->line, 0,
				     "an edited row is more than one record");
	if (p->header)
		return on_row(p->c, rec);
	struct ds_csv_record r = *rec;
	r.index = 1;
	r.line += p->line - 1;
	r.raw_line += p->line - 1;
	return on_row(p->c, &r);
}

int ds_load_spending_patch(struct ds_dataset *ds, struct ds_series *s, const char *path,
			   const char *release_id, const char *header, size_t hlen,
			   const struct ds_spending_edit *e, size_t n, struct ds_errors *err)
{
	struct spend_ctx c;
	size_t before = ds_errors_count(err);
	int pool = ctx_init(&c, ds, s, path, release_id, err);
	c.check_only = 1;
	uint32_t *saved = NULL;
	int rc = DS_OK, wide = 0;
	for (size_t i = 0; i < n; i++)
		wide |= e[i].year < s->grid_year0 || e[i].year >= s->grid_year0 + (int)s->grid_span;
	/* A year the grid was narrowed without (ds_series_narrow_grid()). */
	if (pool != 0 || (wide && ds_series_widen_grid(s) != 0)) {
		rc = ds_errors_nomem(err, path);
		goto out;
	}
	struct patch_ctx p = { &c, 1, 1, 0 };
	rc = ds_csv_read_mem(path, header, hlen, DS_BUFSIZ, patch_record, &p, err);
	if (rc == DS_OK && !c.header_ok)
		rc = ds_errors_add(err, DS_EDATA, path, 1, 0, "the header cannot be read");
	if (rc != DS_OK)
		goto out;
	/* A replaced row leaves its cell first, so that its new record is no
	 * second row; the cells are put back at the end. */
	if ((saved = calloc(n ? n : 1, sizeof *saved)) == NULL) {
		rc = ds_errors_nomem(err, path);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t *cell = grid_cell(s, e[i].member, e[i].year);
		saved[i] = cell ? *cell : 0;
		if (e[i].replaces && cell != NULL)
			*cell = 0;
	}
	for (size_t i = 0; i < n && rc == DS_OK; i++) {
		p = (struct patch_ctx){ &c, e[i].line, 0, 0 };
		rc = ds_csv_read_mem(path, e[i].raw, e[i].len, DS_BUFSIZ, patch_record, &p, err);
		if (rc == DS_OK && p.got != 1)
			rc = ds_errors_add(err, DS_ESOFTWARE, path, e[i].line, 0,
					   "an edited row is no record");
	}
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = DS_EDATA;
	/* The grid named the checked rows by number: it gets its rows back. */
	for (size_t i = n; i-- > 0;) {
		uint32_t *cell = grid_cell(s, e[i].member, e[i].year);
		if (cell != NULL)
			*cell = saved[i];
	}
out:
	free(saved);
	ctx_release(&c);
	return rc;
}
