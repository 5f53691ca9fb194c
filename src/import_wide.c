/*
 * import_wide.c - the parser of NATO's wide tables (see import_wide.h).
 *
 * NATO publishes its figures as one row per ally and one column per year,
 * the latest years marked as estimates ("2025e"), with ".." where it has no
 * figure.  Each cell goes through the loader's own percentage rule, so a
 * value accepted here is one the dataset accepts, and a refused one gets the
 * same message at its line and column in the table.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/csvread.h"
#include "defspend/dataset.h"
#include "defspend/import_wide.h"
#include "defspend/load_cell.h"
#include "defspend/num.h"

struct wide_ctx {
	const char *name;
	struct ds_errors *err;
	ds_wide_row_fn fn;
	void *ctx;
	size_t ncols;
	int *years;
	int *est;
	char (*labels)[16];
	struct ds_wide_value *vals;
	int header_ok;
};

/* "2025" or "2025e" (either case): the year and the mark; -1 when neither. */
static int parse_year_label(const char *s, size_t len, int *year, int *est)
{
	*est = 0;
	if (len == 5 && (s[4] == 'e' || s[4] == 'E')) {
		*est = 1;
		len = 4;
	}
	long y;
	if (len != 4 || ds_num_parse_long(s, 4, DS_YEAR_MIN, DS_YEAR_MAX, &y) != DS_NUM_OK)
		return -1;
	*year = (int)y;
	return 0;
}

static int on_header(struct wide_ctx *c, const struct ds_csv_record *rec)
{
	char shown[64];
	c->ncols = rec->nfields;
	if (rec->nfields < 2)
		return ds_errors_add(
			c->err, DS_EDATA, c->name, rec->line, 0,
			"a wide table needs a name column and at least one year column");
	c->years = calloc(rec->nfields, sizeof *c->years);
	c->est = calloc(rec->nfields, sizeof *c->est);
	c->labels = calloc(rec->nfields, sizeof *c->labels);
	c->vals = calloc(rec->nfields, sizeof *c->vals);
	if (c->years == NULL || c->est == NULL || c->labels == NULL || c->vals == NULL)
		return ds_errors_nomem(c->err, c->name);
	int bad = 0;
	for (size_t i = 1; i < rec->nfields; i++) {
		const struct ds_csv_field *f = &rec->fields[i];
		if (parse_year_label(f->s, f->len, &c->years[i], &c->est[i]) != 0) {
			ds_load_field_error(
				c->err, c->name, rec, i,
				"column '%s' is not a year (YYYY, or YYYYe for an estimate)",
				ds_load_shown(shown, sizeof shown, f->s, f->len));
			bad = 1;
			continue;
		}
		memcpy(c->labels[i], f->s, f->len);
		for (size_t j = 1; j < i; j++) {
			if (c->years[j] == c->years[i]) {
				ds_load_field_error(c->err, c->name, rec, i,
						    "year %d appears twice (also column %zu)",
						    c->years[i], j + 1);
				bad = 1;
			}
		}
	}
	c->header_ok = !bad;
	return bad ? DS_EDATA : 0;
}

static int on_record(void *vctx, const struct ds_csv_record *rec)
{
	struct wide_ctx *c = vctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0)
		return on_header(c, rec);
	if (rec->nfields == 1 && rec->fields[0].len == 0)
		return 0; /* a line holding only spaces' worth of nothing */
	if (rec->nfields != c->ncols) {
		ds_load_count_error(c->err, c->name, rec, c->ncols);
		return 0;
	}
	if (rec->fields[0].len == 0) {
		ds_load_field_error(c->err, c->name, rec, 0, "the country name is empty");
		return 0;
	}
	int bad = 0;
	for (size_t i = 1; i < rec->nfields; i++) {
		const struct ds_csv_field *f = &rec->fields[i];
		struct ds_wide_value *v = &c->vals[i - 1];
		memset(v, 0, sizeof *v);
		v->year = c->years[i];
		v->estimate = c->est[i];
		v->text = f->s;
		ds_csv_field_pos(rec, i, &v->line, &v->column);
		if (f->len == 0 || (f->len == 2 && memcmp(f->s, "..", 2) == 0))
			continue;
		if (ds_load_pct(c->err, c->name, rec, i, c->labels[i], &v->present, &v->pct,
				&v->decimals) != 0)
			bad = 1;
	}
	if (bad || c->fn == NULL)
		return 0;
	struct ds_wide_row row = { rec->fields[0].s, rec->line, c->ncols - 1, c->vals };
	return c->fn(c->ctx, &row);
}

int ds_import_parse_wide(const char *name, const char *data, size_t len, ds_wide_row_fn fn,
			 void *ctx, struct ds_errors *err)
{
	struct wide_ctx c;
	memset(&c, 0, sizeof c);
	c.name = name;
	c.err = err;
	c.fn = fn;
	c.ctx = ctx;
	size_t before = ds_errors_count(err);
	int rc = ds_csv_read_mem(name, data, len, DS_BUFSIZ, on_record, &c, err);
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = ds_errors_status(err) ? ds_errors_status(err) : DS_EDATA;
	if (rc == DS_OK && c.ncols == 0)
		rc = ds_errors_add(err, DS_EDATA, name, 0, 0, "empty file: no header");
	free(c.years);
	free(c.est);
	free(c.labels);
	free(c.vals);
	return rc;
}
