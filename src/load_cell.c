/*
 * load_cell.c - header mapping and cell parsing shared by the file loaders
 * and the updaters (see load_cell.h).
 *
 * Every message names the column and shows the offending value, and points
 * at the line and column where the field starts, so that a user can go
 * straight to the cell in an editor.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/load_cell.h"
#include "defspend/utf8.h"
#include "defspend/num.h"

const char *ds_load_shown(char *buf, size_t size, const char *s, size_t len)
{
	size_t o = 0;
	const size_t max = size > 4 ? size - 4 : 0;
	for (size_t i = 0; i < len && o < max; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[o++] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	if (o < len && o == max && size >= 4) {
		/* Cut at a character boundary before the ellipsis: back up while
		 * the first byte left out continues a character (buf mirrors s up
		 * to o; buf[o] itself was never written). */
		while (o > 0 && ((unsigned char)s[o] & 0xC0) == 0x80)
			o--;
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

void ds_load_field_error(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			 size_t field, const char *fmt, ...)
{
	long line, col;
	ds_csv_field_pos(rec, field, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	ds_errors_vadd(err, DS_EDATA, file, line, col, fmt, ap);
	va_end(ap);
}

void ds_load_count_error(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			 size_t expected)
{
	size_t at = rec->nfields < expected ? rec->nfields : expected;
	long line, col;
	ds_csv_field_pos(rec, at, &line, &col);
	if (rec->nfields < expected && col > 1)
		col--; /* point at the end of the last field */
	ds_errors_add(err, DS_EDATA, file, line, col,
		      "expected %zu fields as in the header, found %zu", expected, rec->nfields);
}

static int all_digits(const struct ds_csv_field *f)
{
	if (f->len == 0)
		return 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->s[i] < '0' || f->s[i] > '9')
			return 0;
	return 1;
}

int ds_load_comma_split(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			size_t expected, size_t field, const char *col)
{
	if (rec->nfields != expected + 1 || field + 1 >= rec->nfields ||
	    !all_digits(&rec->fields[field]) || !all_digits(&rec->fields[field + 1]))
		return 0;
	const struct ds_csv_field *a = &rec->fields[field], *b = &rec->fields[field + 1];
	char x[32], y[32];
	ds_load_shown(x, sizeof x, a->s, a->len);
	ds_load_shown(y, sizeof y, b->s, b->len);
	ds_load_field_error(
		err, file, rec, field,
		"expected %zu fields as in the header, found %zu: is %s '%s,%s' written "
		"with a decimal comma? write %s.%s",
		expected, rec->nfields, col, x, y, x, y);
	return 1;
}

/*
 * A first line that names none of the required columns is data, or another
 * file: one message says so, rather than one per missing column.
 */
static int no_header(const struct ds_csv_record *rec, const char *file,
		     const struct ds_colspec *spec, size_t nspec, struct ds_errors *err)
{
	char list[256] = "";
	size_t o = 0, required = 0;
	for (size_t k = 0; k < nspec; k++) {
		if (!spec[k].required)
			continue;
		required++;
		for (size_t i = 0; i < rec->nfields; i++)
			if (strcmp(rec->fields[i].s, spec[k].name) == 0)
				return 0;
		int n = snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", spec[k].name);
		if (n > 0 && (size_t)n < sizeof list - o)
			o += (size_t)n;
	}
	if (required < 2)
		return 0;
	ds_errors_add(err, DS_EDATA, file, rec->line, 0,
		      "no header: the first line names none of the columns %s", list);
	return 1;
}

int ds_load_header(const struct ds_csv_record *rec, const char *file, const struct ds_colspec *spec,
		   size_t nspec, int *idx, struct ds_errors *err)
{
	int rc = DS_OK;
	char shown[64];
	for (size_t k = 0; k < nspec; k++)
		idx[k] = -1;
	if (no_header(rec, file, spec, nspec, err))
		return DS_EDATA;
	for (size_t i = 0; i < rec->nfields; i++) {
		const struct ds_csv_field *f = &rec->fields[i];
		if (f->len == 0) {
			ds_load_field_error(err, file, rec, i, "empty column name in the header");
			rc = DS_EDATA;
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (rec->fields[j].len == f->len &&
			    memcmp(rec->fields[j].s, f->s, f->len) == 0) {
				ds_load_field_error(
					err, file, rec, i,
					"duplicated column '%s' (also column %zu)",
					ds_load_shown(shown, sizeof shown, f->s, f->len), j + 1);
				rc = DS_EDATA;
				break;
			}
		}
	}
	for (size_t k = 0; k < nspec; k++) {
		for (size_t i = 0; i < rec->nfields; i++) {
			if (strcmp(rec->fields[i].s, spec[k].name) == 0) {
				idx[k] = (int)i;
				break;
			}
		}
		if (idx[k] < 0 && spec[k].required) {
			ds_errors_add(err, DS_EDATA, file, rec->line, 0,
				      "missing column '%s' in the header", spec[k].name);
			rc = DS_EDATA;
		}
	}
	return rc;
}

/* Reports a number the parser refused, at its field; returns -1. */
static int number_error(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			size_t field, const char *col, enum ds_num_error e, int max_decimals)
{
	const struct ds_csv_field *f = &rec->fields[field];
	char shown[64];
	ds_load_shown(shown, sizeof shown, f->s, f->len);
	if (e == DS_NUM_PRECISION)
		ds_load_field_error(err, file, rec, field, "%s '%s' has more than %d decimals", col,
				    shown, max_decimals);
	else
		ds_load_field_error(err, file, rec, field, "%s '%s' is %s", col, shown,
				    e == DS_NUM_NEGATIVE ? "negative" : ds_num_strerror(e));
	return -1;
}

int ds_load_pct(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		size_t field, const char *col, int *present, int32_t *pct, int *dec)
{
	const struct ds_csv_field *f = &rec->fields[field];
	*present = 0;
	if (f->len == 0)
		return 0;
	int64_t v;
	char shown[64];
	enum ds_num_error e = ds_num_parse_fixed(f->s, f->len, DS_PCT_DECIMALS, 0, &v, dec);
	if (e != DS_NUM_OK)
		return number_error(err, file, rec, field, col, e, DS_PCT_DECIMALS);
	if (v > 100LL * DS_PCT_SCALE) {
		ds_load_field_error(err, file, rec, field, "%s '%s' is over 100", col,
				    ds_load_shown(shown, sizeof shown, f->s, f->len));
		return -1;
	}
	*pct = (int32_t)v;
	*present = 1;
	return 0;
}

int ds_load_amount(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		   size_t field, const char *col, int *present, int64_t *value)
{
	const struct ds_csv_field *f = &rec->fields[field];
	*present = 0;
	if (f->len == 0)
		return 0;
	enum ds_num_error e = ds_num_parse_fixed(f->s, f->len, DS_AMOUNT_DECIMALS, 0, value, NULL);
	if (e != DS_NUM_OK)
		return number_error(err, file, rec, field, col, e, DS_AMOUNT_DECIMALS);
	*present = 1;
	return 0;
}

int ds_load_year(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int optional, int *year)
{
	const struct ds_csv_field *f = &rec->fields[field];
	char shown[64];
	*year = 0;
	if (f->len == 0 && optional)
		return 0;
	long y;
	enum ds_num_error e = ds_num_parse_long(f->s, f->len, DS_YEAR_MIN, DS_YEAR_MAX, &y);
	if (e == DS_NUM_EMPTY) {
		ds_load_field_error(err, file, rec, field, "%s is empty", col);
		return -1;
	}
	if (e != DS_NUM_OK) {
		ds_load_field_error(err, file, rec, field, "%s '%s' is not a year from %d to %d",
				    col, ds_load_shown(shown, sizeof shown, f->s, f->len),
				    DS_YEAR_MIN, DS_YEAR_MAX);
		return -1;
	}
	*year = (int)y;
	return 0;
}

int ds_load_flag(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int *flag)
{
	const struct ds_csv_field *f = &rec->fields[field];
	char shown[64];
	if (f->len == 0 || (f->len == 1 && f->s[0] == '0')) {
		*flag = 0;
		return 0;
	}
	if (f->len == 1 && f->s[0] == '1') {
		*flag = 1;
		return 0;
	}
	ds_load_field_error(err, file, rec, field, "%s '%s' is not 0, 1 or empty", col,
			    ds_load_shown(shown, sizeof shown, f->s, f->len));
	return -1;
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int ds_load_date(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int allow_month)
{
	const struct ds_csv_field *f = &rec->fields[field];
	const char *s = f->s;
	char shown[64];
	if (f->len == 0)
		return 0;
	int ok = (f->len == 10 || (allow_month && f->len == 7)) && digits(s, 4) && s[4] == '-' &&
		 digits(s + 5, 2);
	if (ok) {
		int month = (s[5] - '0') * 10 + (s[6] - '0');
		ok = month >= 1 && month <= 12;
		if (ok && f->len == 10) {
			int day = (s[8] - '0') * 10 + (s[9] - '0');
			ok = s[7] == '-' && digits(s + 8, 2) && day >= 1 && day <= 31;
		}
	}
	if (!ok) {
		ds_load_field_error(err, file, rec, field, "%s '%s' is not a date YYYY-MM-DD%s",
				    col, ds_load_shown(shown, sizeof shown, f->s, f->len),
				    allow_month ? " or YYYY-MM" : "");
		return -1;
	}
	return 0;
}

int ds_load_name(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col)
{
	const struct ds_csv_field *f = &rec->fields[field];
	for (size_t i = 0; i < f->len;) {
		uint32_t cp = (unsigned char)f->s[i];
		size_t n = ds_utf8_decode(f->s + i, f->len - i, &cp);
		if (n == 0)
			return 0; /* not UTF-8: the reader's check says so */
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			char shown[64];
			ds_load_field_error(err, file, rec, field,
					    "%s '%s' holds a control character (U+%04X): names are "
					    "text only",
					    col, ds_load_shown(shown, sizeof shown, f->s, f->len),
					    (unsigned)cp);
			return -1;
		}
		i += n;
	}
	return 0;
}

int ds_load_iso3(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field)
{
	const struct ds_csv_field *f = &rec->fields[field];
	char shown[64];
	int ok = f->len == 3;
	for (size_t i = 0; ok && i < 3; i++)
		ok = f->s[i] >= 'A' && f->s[i] <= 'Z';
	if (!ok) {
		ds_load_field_error(err, file, rec, field,
				    "iso3 '%s' is not a three-letter upper-case code",
				    ds_load_shown(shown, sizeof shown, f->s, f->len));
		return -1;
	}
	return 0;
}
