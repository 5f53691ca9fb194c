/*
 * update.c - cell-by-cell changes to a spending file (see update.h).
 *
 * A new row is checked by rendering it as the record it will become and
 * running the loader's cell validators on that record, so the messages point
 * at the line and column the value will have in the file.  The whole new
 * file is then staged and loaded again by the real loader before it
 * replaces the old one (stage.h): rules that span rows (one row per member and year, one release
 * per file) are enforced by the same code that enforces them on reading.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "defspend/load.h"
#include "defspend/load_cell.h"
#include "defspend/load_spending.h"
#include "defspend/lookup.h"
#include "defspend/provenance.h"
#include "defspend/safefile.h"
#include "defspend/text.h"
#include "defspend/utf8.h"
#include "defspend/update.h"
#include "defspend/util.h"

/*
 * A row reference: a record of the document (csvdoc.h), or with INS set
 * the record inserted as doc.ins[ref & ~INS].  (A lazy document holds more
 * records as they are asked for, so the two cannot share one count.)
 */
#define INS ((size_t)1 << 31)

static const char *cell(const struct ds_update *u, size_t ref, size_t col)
{
	if (!(ref & INS))
		return ds_csvdoc_get(&u->doc, ref, col);
	return u->doc.ins[ref & ~INS].f[col];
}

/*
 * Rows are indexed by member and year: one 64-bit key, (member + 1) << 32
 * | year, in an open-addressing table sized once from the file's rows (a
 * million-row file: no formatted key per row, no strings kept, no
 * rehashing while it is read).  The member is the one the row's iso3 names
 * (by_iso3, exactly as the loader found it), or in a lone file without an
 * iso3 column the one its country names (load_spending.h).  A row whose
 * member or year cannot be read is not indexed: the loader refused it.
 */
static uint64_t row_key(size_t m, int year)
{
	return ((uint64_t)(m + 1) << 32) | (uint32_t)year;
}

static size_t index_slot(const struct ds_update *u, uint64_t key)
{
	size_t mask = u->index_cap - 1;
	size_t i = (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
	while (u->index_keys[i] != 0 && u->index_keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* Makes room for `more` keys at a load of at most a half; -1 out of memory. */
static int index_reserve(struct ds_update *u, size_t more)
{
	size_t want = 2 * (u->index_n + more), cap = u->index_cap ? u->index_cap : 64;
	if (want <= u->index_cap)
		return 0;
	while (cap < want)
		cap *= 2;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *vals = malloc(cap * sizeof *vals);
	if (keys == NULL || vals == NULL) {
		free(keys);
		free(vals);
		return -1;
	}
	struct ds_update bigger = *u;
	bigger.index_keys = keys;
	bigger.index_vals = vals;
	bigger.index_cap = cap;
	for (size_t i = 0; i < u->index_cap; i++)
		if (u->index_keys[i] != 0) {
			size_t j = index_slot(&bigger, u->index_keys[i]);
			keys[j] = u->index_keys[i];
			vals[j] = u->index_vals[i];
		}
	free(u->index_keys);
	free(u->index_vals);
	u->index_keys = keys;
	u->index_vals = vals;
	u->index_cap = cap;
	return 0;
}

/* Indexes row ref as member m's row for year (a later row replaces an earlier one). */
static int remember(struct ds_update *u, size_t m, int year, size_t ref)
{
	if (index_reserve(u, 1) != 0)
		return -1;
	uint64_t key = row_key(m, year);
	size_t i = index_slot(u, key);
	if (u->index_keys[i] == 0)
		u->index_n++;
	u->index_keys[i] = key;
	u->index_vals[i] = (uint32_t)ref;
	return 0;
}

/* The member of a row of the file, found as the loader found it; 0 when none. */
static int row_member(const struct ds_update *u, size_t ref, size_t *m)
{
	if (u->col_iso3 < 0)
		return ds_lookup_member(u->ds, cell(u, ref, (size_t)u->col_country), m) == 0;
	uint32_t id;
	const char *iso3 = cell(u, ref, (size_t)u->col_iso3);
	if (!ds_strmap_get(&u->ds->by_iso3, iso3, strlen(iso3), &id))
		return 0;
	*m = id;
	return 1;
}

static int find_indexed(const struct ds_update *u, size_t m, int year, size_t *ref)
{
	if (u->index_cap == 0)
		return 0;
	size_t i = index_slot(u, row_key(m, year));
	if (u->index_keys[i] == 0)
		return 0;
	*ref = u->index_vals[i];
	return 1;
}

/* The line of the file where member m's row for year starts, from the loaded series; 0: none. */
static long loaded_line(const struct ds_update *u, size_t m, int year)
{
	return (long)ds_series_line(u->ds->spending, m, year);
}

/* Reads the record on `line` of a lazy document; it must be member m's row for year. */
static int fetch_row(struct ds_update *u, long line, size_t m, int year, size_t *ref,
		     struct ds_errors *err)
{
	int rc = ds_csvdoc_fetch(&u->doc, line, ref, err);
	if (rc != DS_OK)
		return rc;
	size_t rm;
	const char *y = cell(u, *ref, (size_t)u->col_year);
	if (u->doc.rows[*ref].nfields != u->doc.ncols || !row_member(u, *ref, &rm) || rm != m ||
	    atoi(y) != year)
		return ds_errors_add(err, DS_ESOFTWARE, u->path, line, 0,
				     "this is not the row read there: the file changed since");
	return DS_OK;
}

/*
 * Member m's row for year: *found is 1 with *ref set, or 0.  A lazy
 * document finds its line in the loaded series' grid and reads it from the file.
 */
static int find_ref(struct ds_update *u, size_t m, int year, size_t *ref, int *found,
		    struct ds_errors *err)
{
	*found = find_indexed(u, m, year, ref);
	if (*found || !u->doc.lazy)
		return DS_OK;
	long line = loaded_line(u, m, year);
	if (line == 0)
		return DS_OK;
	int rc = fetch_row(u, line, m, year, ref, err);
	if (rc == DS_OK && remember(u, m, year, *ref) != 0)
		rc = ds_errors_nomem(err, u->path);
	*found = rc == DS_OK;
	return rc;
}

/* Indexes row ref of the file, when its member and year (four digits) can be read. */
static int remember_row(struct ds_update *u, size_t ref)
{
	const char *y = cell(u, ref, (size_t)u->col_year);
	int year = 0;
	for (int k = 0; k < 4; k++) {
		if (y[k] < '0' || y[k] > '9')
			return 0;
		year = year * 10 + (y[k] - '0');
	}
	size_t m;
	if (y[4] != '\0' || !row_member(u, ref, &m))
		return 0;
	return remember(u, m, year, ref);
}

static char *dupstr(const char *s)
{
	return s ? ds_strdup(s) : NULL;
}

/*
 * Whether path can be opened as a lazy document (csvdoc.h): it is the very
 * file the session loaded ds->spending from (same device and inode), as
 * read (no figure filled in from another release), in a data directory
 * (whose members all come from members.csv), and its rows name one release.
 * Then the series' grid says where each member's row for a year is, and the
 * update reads only those records; the stage check validates only what
 * changed (ds_update_check_spending()).
 */
static int lazy_ok(const struct ds_dataset *ds, const char *path, int lone)
{
	const struct ds_series *s = ds->spending;
	struct stat a, b;
	if (lone || s == NULL || s->nfilled > 0 || s->id == NULL || s->id[0] == '\0' ||
	    strcmp(s->id, "mixed") == 0 || s->grid == NULL || getenv("DEFSPEND_EAGER_UPDATE"))
		return 0;
	return stat(path, &a) == 0 && stat(s->path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino && S_ISREG(a.st_mode);
}

static int open_doc(struct ds_update *u, struct ds_dataset *ds, const char *path, const char *given,
		    size_t givenlen, const char *release, const char *check_release, int lone,
		    struct ds_errors *err)
{
	memset(u, 0, sizeof *u);
	u->ds = ds;
	u->lone = lone;
	char *data = NULL;
	size_t len = 0;
	int rc = DS_OK;
	if ((u->path = ds_strdup(path)) == NULL ||
	    (release && (u->release = dupstr(release)) == NULL) ||
	    (check_release && (u->check_release = dupstr(check_release)) == NULL)) {
		rc = ds_errors_nomem(err, path);
		goto fail;
	}
	int lazy = given == NULL && lazy_ok(ds, path, lone);
	if (lazy) {
		rc = ds_csvdoc_open_lazy(&u->doc, path, err);
		/* The loader noted where some lines start: records are found from
		 * those, with no second pass over the file to index its lines. */
		if (rc == DS_OK)
			ds_csvdoc_use_marks(&u->doc, ds->spending->marks, ds->spending->nmarks);
	} else if (given != NULL || (rc = ds_file_read(path, &data, &len, err)) == DS_OK)
		rc = ds_csvdoc_parse(&u->doc, path, given ? given : data, given ? givenlen : len,
				     err);
	free(data);
	if (rc != DS_OK)
		goto fail;
	u->col_iso3 = ds_csvdoc_column(&u->doc, "iso3");
	u->col_country = ds_csvdoc_column(&u->doc, "country");
	u->col_year = ds_csvdoc_column(&u->doc, "year");
	u->col_release = ds_csvdoc_column(&u->doc, "release");
	u->col_estimate = ds_csvdoc_column(&u->doc, "estimate");
	/* A lone file needs only country, year and pct_gdp (load_spending.h). */
	if (u->col_country < 0 || u->col_year < 0 ||
	    (!lone && (u->col_iso3 < 0 || u->col_release < 0))) {
		rc = ds_errors_add(
			err, DS_EDATA, path, 1, 0,
			lone ? "missing column country or year in the header"
			     : "missing column iso3, country, year or release in the header");
		goto fail;
	}
	if (lazy) {
		/* Rows are read as they are asked for (find_ref()); new rows
		 * carry the release the loaded rows had. */
		const char *id = ds->spending->id;
		if (u->release == NULL && (u->release = dupstr(id)) == NULL) {
			rc = ds_errors_nomem(err, path);
			goto fail;
		}
		return DS_OK;
	}
	if (index_reserve(u, u->doc.nrows) != 0) {
		rc = ds_errors_nomem(err, path);
		goto fail;
	}
	for (size_t i = 1; i < u->doc.nrows; i++) {
		if (u->doc.rows[i].nfields != u->doc.ncols)
			continue;
		if (remember_row(u, i) != 0) {
			rc = ds_errors_nomem(err, path);
			goto fail;
		}
		/* New rows carry the file's release: the first one a row names
		 * (a row without a figure may have none). */
		if (u->release == NULL && u->col_release >= 0 &&
		    cell(u, i, (size_t)u->col_release)[0] != '\0')
			u->release = dupstr(cell(u, i, (size_t)u->col_release));
	}
	return DS_OK;
fail:
	ds_update_release(u);
	return rc;
}

int ds_update_open(struct ds_update *u, struct ds_dataset *ds, const char *path,
		   const char *release, const char *check_release, int lone, struct ds_errors *err)
{
	return open_doc(u, ds, path, NULL, 0, release, check_release, lone, err);
}

int ds_update_open_new(struct ds_update *u, struct ds_dataset *ds, const char *path,
		       const char *data, size_t len, const char *release, const char *check_release,
		       struct ds_errors *err)
{
	int rc = open_doc(u, ds, path, data, len, release, check_release, 0, err);
	u->create = rc == DS_OK;
	return rc;
}

void ds_update_release(struct ds_update *u)
{
	for (size_t i = 0; i < u->nchanges; i++) {
		free(u->changes[i].column);
		free(u->changes[i].old);
		free(u->changes[i].new_value);
	}
	free(u->changes);
	ds_csvdoc_release(&u->doc);
	free(u->index_keys);
	free(u->index_vals);
	free(u->lines);
	free(u->path);
	free(u->release);
	free(u->check_release);
	memset(u, 0, sizeof *u);
}

const char *ds_update_get(struct ds_update *u, size_t m, int year, const char *col)
{
	size_t ref;
	int c = ds_csvdoc_column(&u->doc, col), found = 0;
	/* A row that cannot be read is reported by ds_update_apply(), which reads it again. */
	struct ds_errors quiet;
	ds_errors_init(&quiet);
	if (c >= 0)
		find_ref(u, m, year, &ref, &found, &quiet);
	ds_errors_release(&quiet);
	return found ? cell(u, ref, (size_t)c) : NULL;
}

static int by_line(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * The line of the last loaded row that starts before `line` (0: none).
 * The lines of every row are gathered from the grid once, in order (a
 * file sorted by member is, member by member), then searched.
 */
static int line_before(struct ds_update *u, long line, long *before)
{
	const struct ds_series *s = u->ds->spending;
	if (u->lines == NULL) {
		size_t cells = s->grid_members * s->grid_span, n = 0;
		int sorted = 1;
		if ((u->lines = malloc((cells ? cells : 1) * sizeof *u->lines)) == NULL)
			return -1;
		for (size_t m = 0; m < s->grid_members; m++)
			for (size_t k = 0; k < s->grid_span; k++) {
				uint32_t l = ds_series_line(s, m, s->grid_year0 + (int)k);
				if (l == 0)
					continue;
				sorted &= n == 0 || l > u->lines[n - 1];
				u->lines[n++] = l;
			}
		if (!sorted)
			qsort(u->lines, n, sizeof *u->lines, by_line);
		u->nlines = n;
	}
	size_t lo = 0, hi = u->nlines; /* the first row at or after line */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((long)u->lines[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	*before = lo > 0 ? (long)u->lines[lo - 1] : 0;
	return 0;
}

/*
 * insert_after() for a lazy document, from the series' grid: after the
 * member's last row (in the file) of an earlier year, else before its first
 * row, else after the file's last row; the record it follows is read in.
 */
static int insert_after_lazy(struct ds_update *u, size_t m, int year, size_t *at, long *line,
			     struct ds_errors *err)
{
	const struct ds_series *s = u->ds->spending;
	long before = 0, first = 0;
	for (int y = s->grid_year0; y < s->grid_year0 + (int)s->grid_span; y++) {
		long l = loaded_line(u, m, y);
		if (l == 0)
			continue;
		if (first == 0 || l < first)
			first = l;
		if (y < year && l > before)
			before = l;
	}
	long after = before;
	if (after == 0 && line_before(u, first ? first : LONG_MAX, &after) != 0)
		return ds_errors_nomem(err, u->path);
	*at = 0; /* the header */
	int rc = after ? ds_csvdoc_fetch(&u->doc, after, at, err) : DS_OK;
	*line = u->doc.rows[*at].line + 1;
	return rc;
}

/* Where a new row of member m for year goes: after this record. */
static size_t insert_after(const struct ds_update *u, size_t m, int year, long *line)
{
	size_t before = 0, first = 0, last = 0, rm;
	for (size_t i = 1; i < u->doc.nrows; i++) {
		const struct ds_csvdoc_row *r = &u->doc.rows[i];
		if (r->nfields == 0)
			continue;
		last = i;
		if (r->nfields != u->doc.ncols || !row_member(u, i, &rm) || rm != m)
			continue;
		if (first == 0)
			first = i;
		if (atoi(cell(u, i, (size_t)u->col_year)) < year)
			before = i;
	}
	size_t at = before ? before : first ? first - 1 : last;
	*line = u->doc.rows[at].line + 1;
	return at;
}

/* Figure columns and the column that must say where each was read. */
static const char *const figure_cols[3][2] = {
	{ "pct_gdp", "source" },
	{ "spend_usd_m", "spend_source" },
	{ "gdp_usd_bn", "gdp_source" },
};

/* Runs the loader's validators on the new row, rendered as a record at `line`. */
static int check_row(struct ds_update *u, const char **vals, long line, struct ds_errors *err)
{
	size_t nc = u->doc.ncols;
	char *raw = NULL;
	size_t rawlen = 0, cap = 0;
	struct ds_csv_field *f = calloc(nc, sizeof *f);
	if (f == NULL || ds_csvdoc_encode(&raw, &rawlen, &cap, vals, nc, "\n") != 0) {
		free(f);
		free(raw);
		return ds_errors_nomem(err, u->path);
	}
	for (size_t i = 0; i < nc; i++)
		f[i] = (struct ds_csv_field){ vals[i], strlen(vals[i]) };
	struct ds_csv_record rec = { .index = 1,
				     .nfields = nc,
				     .fields = f,
				     .line = line,
				     .raw = raw,
				     .rawlen = rawlen,
				     .lead = 0,
				     .raw_line = line };
	size_t before = ds_errors_count(err);
	const char *file = u->path;
	char shown[64];
	for (size_t i = 0; i < nc; i++) {
		size_t bad = ds_utf8_check(vals[i], f[i].len);
		if (bad < f[i].len)
			ds_load_field_error(err, file, &rec, i, "%s '%s' is not valid UTF-8",
					    cell(u, 0, i),
					    ds_load_shown(shown, sizeof shown, vals[i], f[i].len));
	}
	int year, present, dec, flag, has_figure = 0;
	int32_t pct;
	int64_t v;
	ds_load_year(err, file, &rec, (size_t)u->col_year, "year", 0, &year);
	int c = ds_csvdoc_column(&u->doc, "pct_gdp");
	if (c >= 0 && ds_load_pct(err, file, &rec, (size_t)c, "pct_gdp", &present, &pct, &dec) == 0)
		has_figure |= present;
	c = ds_csvdoc_column(&u->doc, "spend_usd_m");
	if (c >= 0 && ds_load_amount(err, file, &rec, (size_t)c, "spend_usd_m", &present, &v) == 0)
		has_figure |= present;
	c = ds_csvdoc_column(&u->doc, "gdp_usd_bn");
	if (c >= 0)
		ds_load_amount(err, file, &rec, (size_t)c, "gdp_usd_bn", &present, &v);
	if (u->col_estimate >= 0)
		ds_load_flag(err, file, &rec, (size_t)u->col_estimate, "estimate", &flag);
	int col_source = ds_csvdoc_column(&u->doc, "source");
	if (u->col_release >= 0)
		ds_provenance_check(err, file, &rec, (size_t)u->col_release, col_source,
				    u->check_release, has_figure);
	else if (col_source >= 0 && vals[col_source][0] == '\0' && has_figure)
		ds_load_field_error(err, file, &rec, (size_t)col_source,
				    "a figure without a source"); /* a lone file without release */
	free(f);
	free(raw);
	return ds_errors_count(err) > before ? DS_EDATA : DS_OK;
}

static int add_change(struct ds_update *u, size_t m, int year, const char *col, const char *old,
		      const char *nv)
{
	if (ds_grow(&u->changes, &u->changes_cap, u->nchanges + 1, sizeof *u->changes) != 0)
		return -1;
	struct ds_change *ch = &u->changes[u->nchanges];
	ch->member = m;
	ch->year = year;
	ch->column = ds_strdup(col);
	ch->old = old ? ds_strdup(old) : NULL;
	ch->new_value = ds_strdup(nv);
	if (ch->column == NULL || ch->new_value == NULL || (old && ch->old == NULL)) {
		free(ch->column);
		free(ch->old);
		free(ch->new_value);
		return -1;
	}
	u->nchanges++;
	return 0;
}

int ds_update_apply(struct ds_update *u, size_t m, int year, size_t n, const char *const *cols,
		    const char *const *vals, int skip_empty, struct ds_errors *err)
{
	size_t nc = u->doc.ncols, ref = 0, after = 0;
	int exists = 0;
	const char **nv = calloc(nc, sizeof *nv);
	unsigned char *given = calloc(nc, 1);
	int rc = DS_OK;
	long line = 0;
	char ytext[8];
	snprintf(ytext, sizeof ytext, "%d", year);
	if (nv == NULL || given == NULL) {
		rc = ds_errors_nomem(err, u->path);
		goto out;
	}
	if ((rc = find_ref(u, m, year, &ref, &exists, err)) != DS_OK)
		goto out;
	/* A lazy document reads the record a new row follows now, before
	 * any value below points into it. */
	if (!exists && u->doc.lazy &&
	    (rc = insert_after_lazy(u, m, year, &after, &line, err)) != DS_OK)
		goto out;
	for (size_t i = 0; i < nc; i++)
		nv[i] = exists ? cell(u, ref, i) : "";
	if (exists) {
		line = !(ref & INS) ? u->doc.rows[ref].line : 0;
	} else {
		if (!u->doc.lazy)
			after = insert_after(u, m, year, &line);
		if (u->col_iso3 >= 0)
			nv[u->col_iso3] = u->ds->members[m].iso3;
		nv[u->col_country] = u->ds->members[m].name;
		nv[u->col_year] = ytext;
		if (u->col_release >= 0)
			nv[u->col_release] = u->release ? u->release : "";
		if (u->col_estimate >= 0)
			nv[u->col_estimate] = "0";
	}
	for (size_t k = 0; k < n; k++) {
		int c = ds_csvdoc_column(&u->doc, cols[k]);
		if (c < 0) {
			rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "no column '%s' in '%s'",
					   cols[k], u->path);
			goto out;
		}
		if ((u->col_iso3 >= 0 && c == u->col_iso3) || c == u->col_country ||
		    c == u->col_year) {
			rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
					   "column '%s' names the row and cannot be set", cols[k]);
			goto out;
		}
		if (skip_empty && vals[k][0] == '\0')
			continue;
		nv[c] = vals[k];
		given[c] = 1;
	}
	for (size_t k = 0; k < 3; k++) {
		int fc = ds_csvdoc_column(&u->doc, figure_cols[k][0]);
		int sc = ds_csvdoc_column(&u->doc, figure_cols[k][1]);
		if (fc < 0 || sc < 0)
			continue; /* an optional column this file does not have */
		const char *old = exists ? cell(u, ref, (size_t)fc) : "";
		if (nv[fc][0] != '\0' && strcmp(nv[fc], old) != 0 && !given[sc]) {
			rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
					   "a new %s for %s %d needs its source: give %s=TEXT%s",
					   figure_cols[k][0], u->ds->members[m].name, year,
					   figure_cols[k][1], k == 0 ? " or --source TEXT" : "");
			goto out;
		}
	}
	/* A note that explained an empty figure goes when the figure comes,
	 * unless the caller gives one: it would now explain nothing. */
	int note = ds_csvdoc_column(&u->doc, "note");
	for (size_t k = 0; exists && note >= 0 && !given[note] && k < 3; k++) {
		int fc = ds_csvdoc_column(&u->doc, figure_cols[k][0]);
		if (fc >= 0 && cell(u, ref, (size_t)fc)[0] == '\0' && nv[fc][0] != '\0' &&
		    nv[note][0] != '\0') {
			nv[note] = "";
			given[note] = 1;
			u->notes_cleared++;
		}
	}
	/* A row without a figure may have no release (a note says why); when
	 * a figure comes it is the file's release's, unless the caller says. */
	int rl = u->col_release;
	for (size_t k = 0;
	     exists && rl >= 0 && !given[rl] && nv[rl][0] == '\0' && u->release && k < 3; k++) {
		int fc = ds_csvdoc_column(&u->doc, figure_cols[k][0]);
		if (fc >= 0 && nv[fc][0] != '\0') {
			nv[rl] = u->release;
			given[rl] = 1;
		}
	}
	if ((rc = check_row(u, nv, line, err)) != DS_OK)
		goto out;
	for (size_t i = 0; i < nc; i++) {
		const char *old = exists ? cell(u, ref, i) : NULL;
		if (!given[i])
			continue;
		if (old != NULL && strcmp(old, nv[i]) == 0) {
			u->values_unchanged += !ds_provenance_column(cell(u, 0, i));
			continue;
		}
		if (add_change(u, m, year, cell(u, 0, i), old, nv[i]) != 0) {
			rc = ds_errors_nomem(err, u->path);
			goto out;
		}
		if (exists && !ds_provenance_column(cell(u, 0, i)))
			u->values_changed++;
	}
	if (!exists) {
		if (ds_csvdoc_insert(&u->doc, after, nv) != 0 ||
		    remember(u, m, year, INS | (u->doc.nins - 1)) != 0) {
			rc = ds_errors_nomem(err, u->path);
			goto out;
		}
		u->rows_added++;
	} else {
		int any = 0;
		for (size_t i = 0; i < nc; i++) {
			if (ref & INS) {
				char **f = u->doc.ins[ref & ~INS].f;
				if (strcmp(f[i], nv[i]) != 0) {
					char *p = ds_strdup(nv[i]);
					if (p == NULL) {
						rc = ds_errors_nomem(err, u->path);
						goto out;
					}
					free(f[i]);
					f[i] = p;
				}
				continue;
			}
			/* nv may point into the row being edited: copy before setting. */
			char *p = ds_strdup(nv[i]);
			int r = p ? ds_csvdoc_set(&u->doc, ref, i, p) : -1;
			free(p);
			if (r < 0) {
				rc = ds_errors_nomem(err, u->path);
				goto out;
			}
			any |= r;
		}
		u->rows_changed += any;
	}
out:
	free(nv);
	free(given);
	return rc;
}

struct edits {
	struct ds_update *u;
	struct ds_spending_edit *v;
	size_t n, cap;
	char *bytes; /* every edit's bytes, end to end (raw is an offset into it until the end) */
	size_t len, bcap;
};

static int collect_edit(void *ctx, const char *raw, size_t len, long line, size_t row, size_t ins)
{
	struct edits *e = ctx;
	if (ds_grow(&e->v, &e->cap, e->n + 1, sizeof *e->v) != 0 ||
	    ds_grow(&e->bytes, &e->bcap, e->len + len + 1, 1) != 0)
		return -1;
	struct ds_spending_edit *ed = &e->v[e->n++];
	memset(ed, 0, sizeof *ed);
	ed->raw = (const char *)(uintptr_t)e->len; /* made a pointer once all are in */
	ed->len = len;
	ed->line = line;
	memcpy(e->bytes + e->len, raw, len);
	e->len += len;
	/* A changed row replaces the loaded row of its member and year (which
	 * cannot be set); an inserted one is new. */
	size_t ref = row != (size_t)-1 ? row : INS | ins, m;
	if (!row_member(e->u, ref, &m))
		return -1;
	ed->replaces = row != (size_t)-1;
	ed->member = m;
	ed->year = atoi(cell(e->u, ref, (size_t)e->u->col_year));
	return 0;
}

/*
 * The stage check of a lazy document.  The file was loaded and accepted
 * under the lock this update still holds, and every byte the update did not
 * write is copied from it unchanged; so the new file is accepted exactly
 * when each record written anew is, as a row of that file: the loader's own
 * row rules run on each (ds_load_spending_patch()), in the new file's
 * lines, the rows they replace taken out first.
 */
static int check_edits(struct ds_update *u, const char *check_release, struct ds_errors *err)
{
	struct edits e = { .u = u };
	int rc = ds_csvdoc_edits(&u->doc, collect_edit, &e);
	if (rc != 0) {
		rc = ds_errors_nomem(err, u->path);
	} else {
		for (size_t i = 0; i < e.n; i++)
			e.v[i].raw = e.bytes + (uintptr_t)e.v[i].raw;
		rc = ds_load_spending_patch(u->ds, u->ds->spending, u->path, check_release,
					    u->doc.data, u->doc.rows[0].rawlen, e.v, e.n, err);
	}
	free(e.v);
	free(e.bytes);
	return rc;
}

int ds_update_check_spending(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	const struct ds_update_check *c = ctx;
	const char *staged = ds_stage_path(st, c->path);
	int rc;
	if (c->u != NULL && c->u->doc.lazy)
		return check_edits(c->u, c->check_release, err);
	if (c->lone) {
		struct ds_dataset *d;
		rc = ds_dataset_load(staged, NULL, &d, err);
		ds_dataset_free(d);
	} else {
		struct ds_series *s;
		rc = ds_load_spending(c->ds, staged, c->check_release, 0, &s, err);
		ds_series_free(s);
	}
	return rc;
}

static int sink_bytes(void *ctx, const char *p, size_t n)
{
	ds_atomic_write(ctx, p, n);
	return 0;
}

static int sink_copy(void *ctx, int fd, size_t off, size_t n)
{
	ds_atomic_copy(ctx, fd, off, n);
	return 0;
}

/* The document streamed into the staged file: what it holds, and the file's bytes between. */
static int write_doc(void *ctx, struct ds_atomic *a)
{
	struct ds_csvdoc_sink sink = { a, sink_bytes, sink_copy };
	return ds_csvdoc_stream(ctx, &sink);
}

int ds_update_stage(struct ds_update *u, struct ds_stage *st, int *changed, struct ds_errors *err)
{
	int ch = ds_csvdoc_changed(&u->doc) || u->create;
	if (changed != NULL)
		*changed = ch;
	if (!ch)
		return DS_OK;
	return ds_stage_add_stream(st, u->path, u->create ? DS_ATOMIC_NEW : 0, write_doc, &u->doc,
				   err);
}

int ds_update_commit(struct ds_update *u, int dry_run, int *changed, struct ds_errors *err)
{
	int ch = ds_csvdoc_changed(&u->doc) || u->create;
	if (changed != NULL)
		*changed = ch;
	if (!ch || dry_run)
		return DS_OK;
	struct ds_stage st;
	ds_stage_init(&st);
	int rc = ds_update_stage(u, &st, NULL, err);
	struct ds_update_check check = { u->ds, u->path, u->check_release, u->lone, u };
	if (rc == DS_OK)
		rc = ds_stage_check(&st, ds_update_check_spending, &check, err);
	if (rc == DS_OK)
		rc = ds_stage_commit(&st, err);
	ds_stage_release(&st);
	return rc;
}
