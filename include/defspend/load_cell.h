/*
 * load_cell.h - the cell rules of every CSV file the project reads: header
 * mapping by column name, one parser per kind of cell (percentage, amount,
 * year, estimate flag, date, iso3) and the positioned field diagnostics.
 *
 * The loaders (load_aux.h, load_spending.h) and the updaters that check a
 * new value before writing it (update, import) call the same functions, so
 * a value is refused with the same message at the same line and column
 * wherever it is met.
 */
#ifndef DEFSPEND_LOAD_CELL_H
#define DEFSPEND_LOAD_CELL_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/csvread.h"
#include "defspend/error.h"

struct ds_colspec {
	const char *name;
	int required;
};

/*
 * Maps the header record: idx[i] is the field of column spec[i], or -1.
 * Reports empty and duplicated names and missing required columns.
 * Returns DS_OK or DS_EDATA.
 */
int ds_load_header(const struct ds_csv_record *rec, const char *file, const struct ds_colspec *spec,
		   size_t nspec, int *idx, struct ds_errors *err);

/* Adds a DS_EDATA diagnostic at the start of field `field` of rec. */
void ds_load_field_error(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			 size_t field, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The wrong-number-of-fields diagnostic for a data record. */
void ds_load_count_error(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			 size_t expected);

/*
 * When rec has one field too many and fields `field` and `field + 1` are
 * both digits, the number of column `col` was likely written with a decimal
 * comma ("2,1" unquoted): reports that, with the hint, and returns 1.
 * Otherwise reports nothing and returns 0.
 */
int ds_load_comma_split(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			size_t expected, size_t field, const char *col);

/*
 * Writes into buf (size bytes, the caller's) a short printable rendering of
 * s[0..len) for messages: control characters become '?', and a value too
 * long is cut at a character boundary and ends in "...".  Returns buf.
 */
const char *ds_load_shown(char *buf, size_t size, const char *s, size_t len);

/*
 * Parses a percentage cell: empty -> *present = 0.  Reports a bad value at
 * the field and returns -1.
 */
int ds_load_pct(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		size_t field, const char *col, int *present, int32_t *pct, int *dec);

/*
 * Parses a non-negative amount in millionths of its unit (DS_AMOUNT_SCALE;
 * at most DS_AMOUNT_DECIMALS decimals); empty -> *present = 0.  -1 when bad.
 */
int ds_load_amount(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		   size_t field, const char *col, int *present, int64_t *value);

/*
 * Parses a year in [DS_YEAR_MIN, DS_YEAR_MAX] (dataset.h); an empty cell is
 * allowed when optional and reads as 0.  -1 when bad.
 */
int ds_load_year(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int optional, int *year);

/* Parses an estimate flag: "", "0" or "1". */
int ds_load_flag(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int *flag);

/* Checks an ISO date YYYY-MM-DD (or YYYY-MM when allow_month); empty is fine. */
int ds_load_date(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col, int allow_month);

/*
 * Checks a name (a member's name or aliases): no control character (C0,
 * DEL or C1, e.g. ESC), which would reach the terminal or a report as a
 * command rather than text.  col names the column in the message.
 */
int ds_load_name(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field, const char *col);

/* Checks three uppercase ASCII letters. */
int ds_load_iso3(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
		 size_t field);

#endif
