/*
 * import.c - merging a release file into a spending file (see import.h).
 *
 * A merge adds and revises; it never erases: an empty cell (or NATO's "..")
 * in the imported file means "not published there", so the dataset keeps
 * what it has.  A figure that is already there with the same text counts as
 * unchanged and its row is not touched at all, not even its source, so
 * importing the dataset into itself changes no byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/csvread.h"
#include "defspend/import.h"
#include "defspend/input.h"
#include "defspend/load_cell.h"
#include "defspend/lookup.h"
#include "defspend/util.h"

struct imp {
	struct ds_update *u;
	const struct ds_import_opts *o;
	struct ds_import_result *res;
	struct ds_errors *err;
	const char *file;
	/* long format */
	size_t ncols;
	int idx_iso3, idx_country, idx_year, idx_release;
	int *target_col; /* per imported column: 1 when the target file has it */
	size_t before;   /* diagnostics in err before the import */
	char **hdr;      /* the imported header's names */
	const char **cols, **vals;
	uint32_t *seen; /* [member * DS_NYEARS + year - DS_YEAR_MIN]: line of its row, 0 none */
};

/*
 * A second figure for the same member and year in one imported file is an
 * error, as in the dataset itself: otherwise the later one would silently
 * win.  Returns 1 (after reporting) for a second one, 0 for a first, -1 on
 * out of memory.
 */
static int second_row(struct imp *c, size_t m, int year, long line, long col)
{
	if (c->seen == NULL) {
		c->seen = calloc(c->u->ds->nmembers * DS_NYEARS, sizeof *c->seen);
		if (c->seen == NULL)
			return -1;
	}
	uint32_t *cell = &c->seen[m * DS_NYEARS + (size_t)(year - DS_YEAR_MIN)];
	if (*cell != 0) {
		ds_errors_add(c->err, DS_EDATA, c->file, line, col,
			      "a second row for %s %d (the first is on line %u)",
			      c->u->ds->members[m].iso3, year, *cell);
		return 1;
	}
	*cell = (uint32_t)line;
	return 0;
}

/*
 * A row whose name matches no member.  Names are counted once each: a long
 * file has a row per year, so one unknown code can be thousands of rows,
 * and the summary is about names.
 */
static int unmatched(struct imp *c, const char *name, long line, long col)
{
	struct ds_import_result *res = c->res;
	uint32_t id;
	size_t len = strlen(name);
	res->unmatched_rows++;
	if (ds_strmap_get(&res->seen_names, name, len, &id)) {
		if (c->o->skip_unknown)
			res->rows[id]++;
	} else {
		res->unmatched++;
		if (ds_grow(&res->names, &res->names_cap, res->nnames + 1, sizeof *res->names) !=
			    0 ||
		    ds_grow(&res->rows, &res->rows_cap, res->nnames + 1, sizeof *res->rows) != 0)
			return ds_errors_nomem(c->err, c->file);
		size_t n = len + 32;
		char *entry = malloc(n);
		if (entry == NULL)
			return ds_errors_nomem(c->err, c->file);
		int off = snprintf(entry, n, "line %ld: ", line);
		memcpy(entry + off, name, len + 1);
		/* The map's key is the name inside the entry, which lives as long. */
		if (ds_strmap_put(&res->seen_names, entry + off, len, (uint32_t)res->nnames) != 0) {
			free(entry);
			return ds_errors_nomem(c->err, c->file);
		}
		res->names[res->nnames] = entry;
		res->rows[res->nnames++] = 1;
	}
	if (!c->o->skip_unknown)
		ds_errors_add(c->err, DS_EDATA, c->file, line, col,
			      "'%s' matches no member (use --skip-unknown to leave it out)", name);
	return 0;
}

static int wide_row(void *ctx, const struct ds_wide_row *row)
{
	struct imp *c = ctx;
	size_t m;
	if (ds_lookup_member(c->u->ds, row->name, &m) != 0)
		return unmatched(c, row->name, row->line, 1);
	for (size_t i = 0; i < row->n; i++) {
		const struct ds_wide_value *v = &row->values[i];
		if (!v->present)
			continue;
		int dup = second_row(c, m, v->year, row->line, 1);
		if (dup < 0)
			return ds_errors_nomem(c->err, c->file);
		if (dup)
			continue;
		const char *old = ds_update_get(c->u, m, v->year, "pct_gdp");
		const char *old_est = ds_update_get(c->u, m, v->year, "estimate");
		const char *est = v->estimate ? "1" : "0";
		const char *cols[4] = { "estimate", "pct_gdp", "source", "release" };
		const char *vals[4] = { est, v->text, c->o->source, c->o->release };
		size_t n = c->o->release ? 4 : 3;
		if (old != NULL && strcmp(old, v->text) == 0) {
			c->u->values_unchanged++;
			if (old_est == NULL || strcmp(old_est[0] ? old_est : "0", est) == 0)
				continue;
			n = 1; /* only NATO's estimate mark moved */
		}
		int rc = ds_update_apply(c->u, m, v->year, n, cols, vals, 0, c->err);
		if (rc != DS_OK)
			return rc;
	}
	return 0;
}

/* Checks a figure cell of an imported row with the loader's rule for its column. */
static int check_cell(struct imp *c, const struct ds_csv_record *rec, size_t i)
{
	const char *h = c->hdr[i];
	int present, dec, flag;
	int32_t pct;
	int64_t v;
	if (strcmp(h, "pct_gdp") == 0)
		return ds_load_pct(c->err, c->file, rec, i, h, &present, &pct, &dec);
	if (strcmp(h, "spend_usd_m") == 0 || strcmp(h, "gdp_usd_bn") == 0)
		return ds_load_amount(c->err, c->file, rec, i, h, &present, &v);
	if (strcmp(h, "estimate") == 0)
		return ds_load_flag(c->err, c->file, rec, i, h, &flag);
	return 0;
}

static int long_header(struct imp *c, const struct ds_csv_record *rec)
{
	static const struct ds_colspec spec[4] = {
		{ "iso3", 1 }, { "country", 0 }, { "year", 1 }, { "release", 0 }
	};
	int idx[4];
	int rc = ds_load_header(rec, c->file, spec, 4, idx, c->err);
	if (rc != DS_OK)
		return rc;
	c->idx_iso3 = idx[0], c->idx_country = idx[1], c->idx_year = idx[2],
	c->idx_release = idx[3];
	c->ncols = rec->nfields;
	c->target_col = calloc(rec->nfields, sizeof *c->target_col);
	c->cols = calloc(rec->nfields + 1, sizeof *c->cols);
	c->vals = calloc(rec->nfields + 1, sizeof *c->vals);
	c->hdr = calloc(rec->nfields, sizeof *c->hdr);
	if (c->target_col == NULL || c->cols == NULL || c->vals == NULL || c->hdr == NULL)
		return ds_errors_nomem(c->err, c->file);
	for (size_t i = 0; i < rec->nfields; i++) {
		if ((c->hdr[i] = ds_strdup(rec->fields[i].s)) == NULL)
			return ds_errors_nomem(c->err, c->file);
		int tc = ds_csvdoc_column(&c->u->doc, c->hdr[i]);
		c->target_col[i] = tc >= 0 && (int)i != c->idx_iso3 && (int)i != c->idx_country &&
				   (int)i != c->idx_year;
	}
	return 0;
}

static int long_record(void *ctx, const struct ds_csv_record *rec)
{
	struct imp *c = ctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0)
		return long_header(c, rec);
	if (rec->nfields != c->ncols) {
		ds_load_count_error(c->err, c->file, rec, c->ncols);
		return 0;
	}
	/* Cell rules first, at their place in the imported file. */
	int bad = 0, year;
	if (ds_load_year(c->err, c->file, rec, (size_t)c->idx_year, "year", 0, &year) != 0)
		bad = 1;
	for (size_t i = 0; i < rec->nfields; i++)
		if (check_cell(c, rec, i) != 0)
			bad = 1;
	size_t m;
	const char *code = rec->fields[c->idx_iso3].s;
	if (ds_lookup_member(c->u->ds, code, &m) != 0 &&
	    (c->idx_country < 0 ||
	     ds_lookup_member(c->u->ds, rec->fields[c->idx_country].s, &m) != 0)) {
		long line, col;
		ds_csv_field_pos(rec, (size_t)c->idx_iso3, &line, &col);
		return bad ? 0 : unmatched(c, code, line, col);
	}
	/* A row of another release is refused here, at its place in the
	 * imported file: writing it under the target's release would relabel
	 * one release's figures as another's. */
	const char *target = c->o->release ? c->o->release : c->u->check_release;
	if (c->idx_release >= 0 && target != NULL) {
		const struct ds_csv_field *rel = &rec->fields[c->idx_release];
		if (rel->len > 0 && strcmp(rel->s, target) != 0) {
			char shown[64];
			ds_load_field_error(
				c->err, c->file, rec, (size_t)c->idx_release,
				"release '%s' imported into release '%s' (releases are never mixed)",
				ds_load_shown(shown, sizeof shown, rel->s, rel->len), target);
			bad = 1;
		}
	}
	if (!bad) {
		long line, col;
		ds_csv_field_pos(rec, (size_t)c->idx_year, &line, &col);
		int dup = second_row(c, m, year, line, col);
		if (dup < 0)
			return ds_errors_nomem(c->err, c->file);
		bad = dup;
	}
	if (bad || ds_errors_count(c->err) > c->before)
		return 0; /* keep reading to report every problem, but apply nothing more */
	size_t n = 0;
	for (size_t i = 0; i < rec->nfields; i++) {
		if (!c->target_col[i])
			continue;
		c->cols[n] = c->hdr[i];
		c->vals[n++] = (int)i == c->idx_release && c->o->release ? c->o->release
									 : rec->fields[i].s;
	}
	if (c->idx_release < 0 && c->o->release) {
		c->cols[n] = "release";
		c->vals[n++] = c->o->release;
	}
	int rc = ds_update_apply(c->u, m, year, n, c->cols, c->vals, 1, c->err);
	/* An apply error is already positioned; go on to find the others. */
	return rc == DS_ENOMEM || rc == DS_EUSAGE ? rc : 0;
}

int ds_import_file(struct ds_update *u, const char *path, const struct ds_import_opts *opts,
		   struct ds_import_result *res, struct ds_errors *err)
{
	memset(res, 0, sizeof *res);
	char *data;
	size_t len;
	/* "-" is standard input, named "<stdin>" in messages (input.h). */
	const char *name = ds_input_name(path);
	int rc = ds_input_read(path, &data, &len, err);
	if (rc != DS_OK)
		return rc;
	struct imp c;
	memset(&c, 0, sizeof c);
	c.u = u;
	c.o = opts;
	c.res = res;
	c.err = err;
	c.file = name;
	/* Long format when the header names an iso3 column (after a BOM, which
	 * the reader accepts too). */
	int is_long = 0;
	size_t from = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	const char *nl = memchr(data, '\n', len);
	size_t hl = nl ? (size_t)(nl - data) : len;
	for (size_t i = from; i + 4 <= hl && !is_long; i++)
		is_long = memcmp(data + i, "iso3", 4) == 0 &&
			  (i == from || data[i - 1] == ',' || data[i - 1] == '"') &&
			  (i + 4 == hl || data[i + 4] == ',' || data[i + 4] == '"' ||
			   data[i + 4] == '\r');
	res->wide = !is_long;
	size_t before = ds_errors_count(err);
	c.before = before;
	if (res->wide) {
		if (opts->source == NULL || opts->source[0] == '\0')
			rc = ds_errors_add(
				err, DS_EUSAGE, NULL, 0, 0,
				"'%s' is a wide table: give --source TEXT for its figures", name);
		else
			rc = ds_import_parse_wide(name, data, len, wide_row, &c, err);
	} else {
		rc = ds_csv_read_mem(name, data, len, DS_BUFSIZ, long_record, &c, err);
	}
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = ds_errors_status(err) ? ds_errors_status(err) : DS_EDATA;
	for (size_t i = 0; c.hdr != NULL && i < c.ncols; i++)
		free(c.hdr[i]);
	free(c.hdr);
	free(c.seen);
	free(c.target_col);
	free(c.cols);
	free(c.vals);
	free(data);
	return rc;
}

void ds_import_result_release(struct ds_import_result *res)
{
	for (size_t i = 0; i < res->nnames; i++)
		free(res->names[i]);
	free(res->names);
	free(res->rows);
	ds_strmap_release(&res->seen_names);
	memset(res, 0, sizeof *res);
}
