/*
 * load_macro.c - reads macro.csv (see load_macro.h) and checks its dollar
 * GDP against the spending data.
 *
 * The file is read with the reader and cell rules of every other file
 * (csvread.h, load_cell.h), so a mistake in it gets the same kind of
 * message at the same kind of position.  Two rules are its own:
 *
 * - A figure that something is divided by (population, GDP at constant
 *   prices, government expenditure) must be above 0; so must the others,
 *   which the IMF never publishes as 0.  An empty cell is allowed and means
 *   "not known": the figures that need it are then empty too, never 0.
 * - A national-currency figure needs its currency, and any figure its
 *   source.
 *
 * The cross-check with spending.csv runs after both files are read
 * (load.c); it needs the position of each row's gdp_usd_bn cell, which is
 * therefore kept with the row.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/load_cell.h"
#include "defspend/load_macro.h"
#include "defspend/num.h"
#include "defspend/util.h"

enum {
	X_ISO3,
	X_YEAR,
	X_POP,
	X_LCU,
	X_REAL,
	X_DEFLATOR,
	X_USD,
	X_GOV,
	X_CURRENCY,
	X_ESTIMATE_FROM,
	X_SOURCE,
	X_NCOL
};

static const struct ds_colspec macro_cols[X_NCOL] = {
	[X_ISO3] = { "iso3", 1 },
	[X_YEAR] = { "year", 1 },
	[X_POP] = { "population_m", 1 },
	[X_LCU] = { "gdp_lcu_bn", 1 },
	[X_REAL] = { "gdp_real_lcu_bn", 1 },
	[X_DEFLATOR] = { "gdp_deflator", 0 },
	[X_USD] = { "gdp_usd_bn", 1 },
	[X_GOV] = { "gov_expenditure_pct_gdp", 1 },
	[X_CURRENCY] = { "currency", 1 },
	[X_ESTIMATE_FROM] = { "estimate_from", 0 },
	[X_SOURCE] = { "source", 1 },
};

struct macro_ctx {
	struct ds_dataset *ds;
	const char *file;
	struct ds_errors *err;
	int idx[X_NCOL];
	size_t nheader;
	int header_ok;
	unsigned char *seen; /* members with a row, for the summary */
	struct ds_file_info info;
};

static const char *cell(const struct macro_ctx *c, const struct ds_csv_record *rec, int col)
{
	return c->idx[col] >= 0 ? rec->fields[c->idx[col]].s : "";
}

/* An amount that must be above 0 when given; sets bit `flag` of *flags when present. */
static int positive_amount(struct macro_ctx *c, const struct ds_csv_record *rec, int col,
			   int64_t *v, uint16_t *flags, unsigned flag)
{
	int present;
	if (c->idx[col] < 0)
		return 0;
	size_t f = (size_t)c->idx[col];
	if (ds_load_amount(c->err, c->file, rec, f, macro_cols[col].name, &present, v) != 0)
		return -1;
	if (!present)
		return 0;
	if (*v == 0) {
		char shown[64];
		ds_load_field_error(
			c->err, c->file, rec, f, "%s '%s' is not above 0", macro_cols[col].name,
			ds_load_shown(shown, sizeof shown, rec->fields[f].s, rec->fields[f].len));
		return -1;
	}
	*flags |= (uint16_t)flag;
	return 0;
}

/* A currency code: empty, or three upper-case letters (ISO 4217). */
static int currency(struct macro_ctx *c, const struct ds_csv_record *rec)
{
	const struct ds_csv_field *f = &rec->fields[c->idx[X_CURRENCY]];
	int ok = f->len == 0 || f->len == 3;
	for (size_t i = 0; ok && i < f->len; i++)
		ok = f->s[i] >= 'A' && f->s[i] <= 'Z';
	if (ok)
		return 0;
	char shown[64];
	ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[X_CURRENCY],
			    "currency '%s' is not a three-letter upper-case code",
			    ds_load_shown(shown, sizeof shown, f->s, f->len));
	return -1;
}

/* The figures of a row into *x; 0, or -1 when one was refused (all are reported). */
static int figures(struct macro_ctx *c, const struct ds_csv_record *rec, struct ds_macro *x)
{
	int bad = 0;
	bad |= positive_amount(c, rec, X_POP, &x->population_m, &x->flags, DS_MACRO_POPULATION);
	bad |= positive_amount(c, rec, X_LCU, &x->gdp_lcu_bn, &x->flags, DS_MACRO_GDP_LCU);
	bad |= positive_amount(c, rec, X_REAL, &x->gdp_real_lcu_bn, &x->flags, DS_MACRO_GDP_REAL);
	bad |= positive_amount(c, rec, X_DEFLATOR, &x->gdp_deflator, &x->flags, DS_MACRO_DEFLATOR);
	bad |= positive_amount(c, rec, X_USD, &x->gdp_usd_bn, &x->flags, DS_MACRO_GDP_USD);
	int present, dec = 0;
	size_t g = (size_t)c->idx[X_GOV];
	if (ds_load_pct(c->err, c->file, rec, g, "gov_expenditure_pct_gdp", &present,
			&x->gov_exp_pct, &dec) != 0) {
		bad = 1;
	} else if (present && x->gov_exp_pct == 0) {
		char shown[64];
		ds_load_field_error(
			c->err, c->file, rec, g, "gov_expenditure_pct_gdp '%s' is not above 0",
			ds_load_shown(shown, sizeof shown, rec->fields[g].s, rec->fields[g].len));
		bad = 1;
	} else if (present) {
		x->flags |= DS_MACRO_GOV_EXP;
		x->gov_exp_dec = (uint8_t)dec;
	}
	return bad ? -1 : 0;
}

static int macro_row(struct macro_ctx *c, const struct ds_csv_record *rec)
{
	struct ds_macro x;
	memset(&x, 0, sizeof x);
	int bad = ds_load_iso3(c->err, c->file, rec, (size_t)c->idx[X_ISO3]) != 0;
	const char *iso = cell(c, rec, X_ISO3);
	uint32_t m = 0;
	if (!bad && !ds_strmap_get(&c->ds->by_iso3, iso, strlen(iso), &m)) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[X_ISO3],
				    "unknown member '%s': not in members.csv", iso);
		bad = 1;
	}
	int year = 0;
	if (ds_load_year(c->err, c->file, rec, (size_t)c->idx[X_YEAR], "year", 0, &year) != 0)
		bad = 1;
	if (figures(c, rec, &x) != 0)
		bad = 1;
	if (currency(c, rec) != 0)
		bad = 1;
	else if ((x.flags & (DS_MACRO_GDP_LCU | DS_MACRO_GDP_REAL)) &&
		 *cell(c, rec, X_CURRENCY) == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[X_CURRENCY],
				    "a national-currency figure without a currency");
		bad = 1;
	}
	if (c->idx[X_ESTIMATE_FROM] >= 0 &&
	    ds_load_year(c->err, c->file, rec, (size_t)c->idx[X_ESTIMATE_FROM], "estimate_from", 1,
			 &x.estimate_from) != 0)
		bad = 1;
	if (x.flags && rec->fields[c->idx[X_SOURCE]].len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[X_SOURCE],
				    "a figure without a source");
		bad = 1;
	}
	if (bad)
		return 0;
	struct ds_dataset *ds = c->ds;
	const char *cur = cell(c, rec, X_CURRENCY), *src = cell(c, rec, X_SOURCE);
	long line, col;
	ds_csv_field_pos(rec, (size_t)c->idx[X_USD], &line, &col);
	x.member = m;
	x.year = (uint16_t)year;
	x.line = (uint32_t)rec->line;
	x.usd_column = (uint32_t)col;
	uint32_t first = 0;
	if (ds_pool_intern(&ds->pool, cur, strlen(cur), &x.currency) != 0 ||
	    ds_pool_intern(&ds->pool, src, strlen(src), &x.source) != 0)
		return ds_errors_nomem(c->err, c->file);
	int added = ds_dataset_add_macro(ds, &x, &first);
	if (added < 0)
		return ds_errors_nomem(c->err, c->file);
	if (added > 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[X_ISO3],
				    "a second row for %s %d (the first is on line %u)", iso, year,
				    first);
		return 0;
	}
	if (!c->seen[m]) {
		c->seen[m] = 1;
		c->info.members++;
	}
	if (c->info.year_min == 0 || year < c->info.year_min)
		c->info.year_min = year;
	if (year > c->info.year_max)
		c->info.year_max = year;
	return 0;
}

static int macro_record(void *ctx, const struct ds_csv_record *rec)
{
	struct macro_ctx *c = ctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0) {
		c->nheader = rec->nfields;
		c->header_ok =
			ds_load_header(rec, c->file, macro_cols, X_NCOL, c->idx, c->err) == DS_OK;
		return c->header_ok ? 0 : DS_EDATA;
	}
	if (!c->header_ok)
		return DS_EDATA;
	c->info.rows++;
	if (rec->nfields != c->nheader) {
		/* A figure written with a decimal comma splits into two fields. */
		static const int numeric[] = { X_POP, X_LCU, X_REAL, X_DEFLATOR, X_USD, X_GOV };
		for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++) {
			int f = c->idx[numeric[i]];
			if (f >= 0 && rec->nfields == c->nheader + 1 &&
			    ds_load_comma_split(c->err, c->file, rec, c->nheader, (size_t)f,
						macro_cols[numeric[i]].name))
				return 0;
		}
		ds_load_count_error(c->err, c->file, rec, c->nheader);
		return 0;
	}
	return macro_row(c, rec);
}

int ds_load_macro(struct ds_dataset *ds, const char *path, struct ds_errors *err)
{
	size_t before = ds_errors_count(err);
	struct macro_ctx c = { .ds = ds, .file = path, .err = err };
	c.info.path = (char *)path;
	c.seen = calloc(ds->nmembers ? ds->nmembers : 1, 1);
	if (c.seen == NULL)
		return ds_errors_nomem(err, path);
	int rc = ds_csv_read_path(path, NULL, macro_record, &c, err);
	free(c.seen);
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = DS_EDATA;
	if (rc == DS_OK && !c.header_ok)
		rc = ds_errors_add(err, DS_EDATA, path, 0, 0, "empty file: no header");
	if (rc == DS_OK && ds_dataset_add_file(ds, &c.info) != 0)
		rc = ds_errors_nomem(err, path);
	if (rc == DS_OK && (ds->macro_path = ds_strdup(path)) == NULL)
		rc = ds_errors_nomem(err, path);
	ds->has_macro = rc == DS_OK;
	return rc;
}

/* v (millionths) as the shortest decimal that holds it: 539.311, 15.38, 7. */
static void shortest(char *buf, size_t size, int64_t v)
{
	ds_num_format_fixed(buf, size, v, DS_AMOUNT_DECIMALS, DS_AMOUNT_DECIMALS);
	char *dot = strchr(buf, '.');
	if (dot == NULL)
		return;
	char *end = buf + strlen(buf);
	while (end > dot + 1 && end[-1] == '0')
		*--end = '\0';
	if (end == dot + 1)
		*dot = '\0';
}

int ds_load_macro_check(const struct ds_dataset *ds, const struct ds_series *s,
			struct ds_errors *err)
{
	if (!ds->has_macro || s == NULL)
		return DS_OK;
	int rc = DS_OK;
	for (size_t i = 0; i < s->n; i++) {
		const struct ds_obs *o = &s->obs[i];
		if (!(o->flags & DS_OBS_GDP))
			continue;
		const struct ds_macro *x = ds_dataset_macro(ds, o->member, o->year);
		if (x == NULL || !(x->flags & DS_MACRO_GDP_USD) || x->gdp_usd_bn == o->gdp_usd_bn)
			continue;
		char a[48], b[48];
		shortest(a, sizeof a, x->gdp_usd_bn);
		shortest(b, sizeof b, o->gdp_usd_bn);
		rc = ds_errors_add(
			err, DS_EDATA, ds->macro_path, (long)x->line, (long)x->usd_column,
			"gdp_usd_bn '%s' for %s %d differs from '%s' line %u (%s): "
			"both are the IMF's dollar GDP and must be equal",
			a, ds->members[o->member].iso3, (int)o->year, s->path, o->line, b);
	}
	return rc;
}
