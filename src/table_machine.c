/*
 * table_machine.c - the machine formats: CSV, TSV and JSON.
 *
 * These are the formats other programs read, so each follows its standard
 * and says where it departs from it:
 *
 * CSV (RFC 4180) - a header line of column names, then one line per row.
 *   Lines end in LF, not the RFC's CRLF: every Unix tool and every CSV
 *   library reads LF, and the dataset itself uses it.  A field is quoted only
 *   when it holds a comma, a double quote, CR or LF, with inner quotes
 *   doubled; the one other quoted field is empty text, written "" so that it
 *   stays distinct from NULL, which is an empty field (so a one-column row
 *   holding NULL is an empty line, which some readers skip).  Numbers are
 *   the literal, booleans true and false.
 *
 *   A text cell that begins with '=', '+', '-' or '@' is written with a
 *   single quote before it ('=cmd), the usual guard against formula
 *   injection: a spreadsheet opening the file shows it as text instead of
 *   running it.  Numbers (a negative one included) are never changed;
 *   JSON keeps every text exactly.
 *
 * TSV - the same shape with tabs, and the same guard.  The IANA text/tab-separated-values form
 *   forbids tabs and line breaks inside fields; rather than lose data we
 *   write tab, CR, LF and backslash as \t, \r, \n and \\, the convention of
 *   PostgreSQL's COPY and of most TSV readers.  NULL and empty text are both
 *   an empty field.
 *
 * JSON (RFC 8259) - an array holding one object per row, keys in column
 *   order, two-space indentation, one key per line and a final newline; an
 *   empty table is "[]".  Strings escape '"', '\' and control characters
 *   (\b \f \n \r \t, else \u00XX); other characters, non-ASCII included, are
 *   written as they are.  Numbers go out unquoted: ds_table_set_number()
 *   accepted only JSON number literals.  NULL is null.
 */
#include "table_priv.h"

#include <string.h>

/* Text a spreadsheet would run as a formula: it gets a leading ' in CSV and TSV. */
static const char *formula_guard(const char *s)
{
	return *s != '\0' && strchr("=+-@", *s) != NULL ? "'" : "";
}

static void csv_field(struct ds_table_out *o, const char *lead, const char *s)
{
	const char *q;

	if (*s == '\0') {
		ds_table_out_puts(o, "\"\"");
		return;
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		ds_table_out_puts(o, lead);
		ds_table_out_puts(o, s);
		return;
	}
	ds_table_out_puts(o, "\"");
	ds_table_out_puts(o, lead);
	while ((q = strchr(s, '"')) != NULL) {
		ds_table_out_put(o, s, (size_t)(q - s) + 1);
		ds_table_out_puts(o, "\"");
		s = q + 1;
	}
	ds_table_out_puts(o, s);
	ds_table_out_puts(o, "\"");
}

static void tsv_field(struct ds_table_out *o, const char *lead, const char *s)
{
	ds_table_out_puts(o, lead);
	for (;;) {
		size_t n = strcspn(s, "\t\r\n\\");

		ds_table_out_put(o, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '\t':
			ds_table_out_puts(o, "\\t");
			break;
		case '\r':
			ds_table_out_puts(o, "\\r");
			break;
		case '\n':
			ds_table_out_puts(o, "\\n");
			break;
		default:
			ds_table_out_puts(o, "\\\\");
			break;
		}
		s++;
	}
}

/* Writes the header and rows of CSV (sep ',') or TSV (sep '\t'). */
static void write_delimited(const struct ds_table *t, char sep, struct ds_table_out *o)
{
	void (*field)(struct ds_table_out *, const char *, const char *) =
		sep == ',' ? csv_field : tsv_field;
	const char sep_s[2] = { sep, '\0' };
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			ds_table_out_puts(o, sep_s);
		field(o, "", t->text + t->names[c]);
	}
	ds_table_out_puts(o, "\n");
	for (r = 0; r < t->nrows && !o->err; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct ds_cell *cell = ds_table_cell_at(t, r, c);

			if (c > 0)
				ds_table_out_puts(o, sep_s);
			switch ((enum ds_cell_type)cell->type) {
			case DS_CELL_TEXT:
				field(o, formula_guard(t->text + cell->off), t->text + cell->off);
				break;
			case DS_CELL_NUMBER:
				ds_table_out_puts(o, t->text + cell->off);
				break;
			case DS_CELL_BOOL:
				ds_table_out_puts(o, cell->off ? "true" : "false");
				break;
			case DS_CELL_NULL:
				break;
			}
		}
		ds_table_out_puts(o, "\n");
	}
}

int ds_table_write_csv(const struct ds_table *t, struct ds_table_out *o)
{
	write_delimited(t, ',', o);
	return 0;
}

int ds_table_write_tsv(const struct ds_table *t, struct ds_table_out *o)
{
	write_delimited(t, '\t', o);
	return 0;
}

static void json_string(struct ds_table_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	ds_table_out_puts(o, "\"");
	for (;;) {
		size_t n = 0;
		char esc[7];

		while (p[n] >= 0x20 && p[n] != '"' && p[n] != '\\')
			n++;
		ds_table_out_put(o, (const char *)p, n);
		p += n;
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			ds_table_out_puts(o, "\\\"");
			break;
		case '\\':
			ds_table_out_puts(o, "\\\\");
			break;
		case '\b':
			ds_table_out_puts(o, "\\b");
			break;
		case '\f':
			ds_table_out_puts(o, "\\f");
			break;
		case '\n':
			ds_table_out_puts(o, "\\n");
			break;
		case '\r':
			ds_table_out_puts(o, "\\r");
			break;
		case '\t':
			ds_table_out_puts(o, "\\t");
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 0xF];
			ds_table_out_put(o, esc, 6);
			break;
		}
		p++;
	}
	ds_table_out_puts(o, "\"");
}

int ds_table_write_json(const struct ds_table *t, struct ds_table_out *o)
{
	size_t r, c;

	if (t->nrows == 0) {
		ds_table_out_puts(o, "[]\n");
		return 0;
	}
	ds_table_out_puts(o, "[\n");
	for (r = 0; r < t->nrows && !o->err; r++) {
		ds_table_out_puts(o, t->ncols > 0 ? "  {\n" : "  {");
		for (c = 0; c < t->ncols; c++) {
			const struct ds_cell *cell = ds_table_cell_at(t, r, c);

			ds_table_out_puts(o, "    ");
			json_string(o, t->text + t->names[c]);
			ds_table_out_puts(o, ": ");
			switch ((enum ds_cell_type)cell->type) {
			case DS_CELL_TEXT:
				json_string(o, t->text + cell->off);
				break;
			case DS_CELL_NUMBER:
				ds_table_out_puts(o, t->text + cell->off);
				break;
			case DS_CELL_BOOL:
				ds_table_out_puts(o, cell->off ? "true" : "false");
				break;
			case DS_CELL_NULL:
				ds_table_out_puts(o, "null");
				break;
			}
			ds_table_out_puts(o, c + 1 < t->ncols ? ",\n" : "\n");
		}
		ds_table_out_puts(o, t->ncols > 0 ? "  }" : "}");
		ds_table_out_puts(o, r + 1 < t->nrows ? ",\n" : "\n");
	}
	ds_table_out_puts(o, "]\n");
	return 0;
}
