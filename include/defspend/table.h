/*
 * table.h - a typed result table and its output formats.
 *
 * Every query command and the report writer build a ds_table (named columns,
 * rows of typed cells) and hand it to ds_table_write() in the format the user
 * asked for: an aligned terminal table, CSV, TSV, JSON or a GitHub Markdown
 * table; the report also writes its tables as HTML, a format of the library
 * that the command line does not offer.  Callers read tables back through
 * the cell accessors.
 *
 * Numbers are stored as the caller's preformatted literal ("2.00", "-1.5"),
 * never as doubles, so that output does not depend on the locale and keeps
 * exactly the precision the source published.  Text must be valid UTF-8.
 *
 * Functions returning int return 0 on success and -1 on failure with errno
 * set: ENOMEM (out of memory), EINVAL (a misuse: bad index, no current row,
 * column added after a row, malformed number literal), EILSEQ (text that is
 * not valid UTF-8), EEXIST (duplicate column name), EOVERFLOW (more than
 * 4 GiB of text).  A failed call leaves the table as it was.
 */
#ifndef DEFSPEND_TABLE_H
#define DEFSPEND_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum ds_format {
	DS_FORMAT_TABLE,
	DS_FORMAT_CSV,
	DS_FORMAT_TSV,
	DS_FORMAT_JSON,
	DS_FORMAT_MD,
	DS_FORMAT_HTML /* a <table> element; not a format of the command line */
};

/*
 * Sets *out from "table", "csv", "tsv", "json" or "md" (exact, lowercase):
 * the formats a user may ask for.  "html" is refused.
 */
int ds_format_parse(const char *name, enum ds_format *out);
/* Returns the name of f ("html" for DS_FORMAT_HTML), or NULL for no format. */
const char *ds_format_name(enum ds_format f);

enum ds_cell_type { DS_CELL_NULL, DS_CELL_TEXT, DS_CELL_NUMBER, DS_CELL_BOOL };

struct ds_table;

/* Returns an empty table, or NULL when out of memory; free with ds_table_free(). */
struct ds_table *ds_table_new(void);
/* Frees t and every string it holds; t may be NULL. */
void ds_table_free(struct ds_table *t);

/*
 * Appends a column named name (copied; valid UTF-8, unique in the table).
 * Columns must all be added before the first row.
 */
int ds_table_add_column(struct ds_table *t, const char *name);

/*
 * Makes column col machine-only: written in CSV, TSV and JSON, left out of
 * the aligned, Markdown and HTML formats.  For what a script wants on every
 * row but a reader would not read across a terminal (a source URL).
 */
int ds_table_column_machine_only(struct ds_table *t, size_t col);
/* Whether column col is machine-only (0 when col is out of range). */
int ds_table_column_is_machine_only(const struct ds_table *t, size_t col);

/*
 * Appends a row whose cells are all NULL and makes it the current row: the
 * ds_table_set_*() calls that follow fill its cells.
 */
int ds_table_add_row(struct ds_table *t);

/*
 * Set cell col of the current row.  Strings are copied.  Setting a cell
 * twice is allowed; the old string's bytes stay in the table until it is
 * freed.  set_text wants valid UTF-8.  set_number wants a JSON number
 * literal (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?): "1.", ".5",
 * "+1", "nan" and "1,5" are refused with EINVAL, so that no output format
 * can ever carry a malformed number.
 */
int ds_table_set_text(struct ds_table *t, size_t col, const char *utf8);
int ds_table_set_number(struct ds_table *t, size_t col, const char *literal);
int ds_table_set_bool(struct ds_table *t, size_t col, int value);
int ds_table_set_null(struct ds_table *t, size_t col);

/*
 * Sets a one-letter mark (a-z, A-Z; '\0' removes it) on cell col of the
 * current row.  The display formats write it after the value, "2.0 f", and
 * keep the values of a column with marks aligned; CSV, TSV and JSON never
 * write it (a column there says the same).  The mark stays when the cell's
 * value is set again.
 */
int ds_table_set_mark(struct ds_table *t, size_t col, char mark);
/* The mark of a cell, '\0' when none or out of range. */
char ds_table_cell_mark(const struct ds_table *t, size_t row, size_t col);

size_t ds_table_rows(const struct ds_table *t);
size_t ds_table_columns(const struct ds_table *t);

/*
 * Returns the name of column col, or NULL when col is out of range.  The
 * pointer, like those of ds_table_cell_text(), is borrowed from t and valid
 * until the next call that modifies t.
 */
const char *ds_table_column_name(const struct ds_table *t, size_t col);
/* Sets *col to the index of the column named name; -1 (no errno) if none. */
int ds_table_column_find(const struct ds_table *t, const char *name, size_t *col);

/* Returns the type of a cell; DS_CELL_NULL when row or col is out of range. */
enum ds_cell_type ds_table_cell_type(const struct ds_table *t, size_t row, size_t col);
/*
 * Returns a cell's text: the string of a TEXT cell, the literal of a NUMBER
 * cell, "true" or "false" for a BOOL cell, and NULL for a NULL cell or an
 * index out of range.  Borrowed, as for ds_table_column_name().
 */
const char *ds_table_cell_text(const struct ds_table *t, size_t row, size_t col);

struct ds_table_style {
	int color; /* ANSI bold header, green yes, red no; DS_FORMAT_TABLE only */
};

/*
 * Writes t to out in format f and flushes out.  style may be NULL (no
 * colour).  Returns 0, or -1 when a write or the flush fails (errno from
 * stdio; out's error indicator is set), memory runs out (ENOMEM) or f is
 * not a format (EINVAL).  Output may be partial after -1.  The exact forms
 * are documented in table_text.c, table_machine.c and table_html.c; all end
 * lines with a single LF.  Colour is only ever written in DS_FORMAT_TABLE.
 */
int ds_table_write(const struct ds_table *t, enum ds_format f, const struct ds_table_style *style,
		   FILE *out);

/*
 * Writes text (a NUL-terminated string) to out with the escaping of
 * DS_FORMAT_HTML: & < > " and ' as entities, everything else as it is.  For
 * callers that write the HTML page around a table.  Returns 0, or -1 when a
 * write fails (errno from stdio).
 */
int ds_table_html_escape(FILE *out, const char *text);

#endif
