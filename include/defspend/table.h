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
 * Marks column col unused: text and numbers set in it are not kept (its
 * cells stay NULL), for a column the caller will not show (--columns
 * leaves it out).  A table of many rows then costs no time or memory for
 * it.  0, or -1 (EINVAL) when there is no such column.
 */
int ds_table_column_unused(struct ds_table *t, size_t col);

/*
 * Makes room for `rows` rows in all, so that adding them moves nothing (a
 * table of many rows whose number is known): their cells, and text for a
 * short number in each cell of the columns in use (a longer text only
 * grows the room as usual).  A large table gets it in huge pages
 * (ds_malloc_huge()).  0, or -1 (ENOMEM).
 */
int ds_table_reserve(struct ds_table *t, size_t rows);

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

/*
 * Fitting the aligned table to a terminal.  A table wider than the screen
 * wraps every row and breaks its header mid-word, so the aligned writer,
 * given a width, makes the table fit it instead, in this order:
 *
 *   1. each group of columns (below) collapses into one compact cell;
 *   2. every column with a short header uses it;
 *   3. the least important columns are left out, the highest priority
 *      number first and, among equals, the rightmost first; once only
 *      columns of DS_COL_NORMAL or higher importance are left, text
 *      columns with a minimum width are cut (ending in "~") before a
 *      column goes, when cutting alone makes the table fit;
 *   4. as a last resort key columns go too, from the right; one column is
 *      always shown, cut to the width if it must be.
 *
 * A step is taken only when the table does not fit without it.  The
 * metadata below says how each column may shrink; a column nobody
 * described has DS_COL_NORMAL priority, no short header and no group.
 * Only DS_FORMAT_TABLE is ever fitted: the other formats are for programs
 * and files, and always carry every column.
 */
enum ds_col_priority {
	DS_COL_KEY = 0,    /* names the row (iso3, country, year): kept to the last */
	DS_COL_MAIN = 1,   /* the answer itself (pct_gdp, meets_T, total) */
	DS_COL_NORMAL = 2, /* the default */
	DS_COL_EXTRA = 3,  /* useful, left out before the normal ones */
	DS_COL_DETAIL = 4  /* repeats or refines another column: left out first */
};

/* How a column takes part in its group's compact cell. */
enum ds_col_role {
	DS_COL_FLAG,      /* a boolean: the compact cell is "yes" when it is true */
	DS_COL_SHORTFALL, /* a number: shown negated ("-0.35") when the flag is false */
	DS_COL_PART       /* not in the compact cell: left out when the group collapses */
};

/* Sets the priority of column col (enum ds_col_priority, or any int >= 0). */
int ds_table_column_set_priority(struct ds_table *t, size_t col, int priority);
/* Sets a shorter header for col (copied; valid UTF-8), used when space is short. */
int ds_table_column_set_short(struct ds_table *t, size_t col, const char *short_name);
/*
 * Lets the text cells of col be cut to width display columns (at least 2)
 * when space is short; a cut cell ends in '~'.
 */
int ds_table_column_set_min_width(struct ds_table *t, size_t col, size_t width);
/*
 * Puts col into the group named group (copied; valid UTF-8; the header of
 * the compact cell, e.g. "2%").  A group collapses when it has a FLAG
 * column: its compact cell is "yes" when the flag is true, the SHORTFALL
 * column negated when it is false ("no" without one), and "-" when the flag
 * is NULL.  The compact cell stands where the group's first column stood
 * and has the priority of the group's flag column.
 */
int ds_table_column_set_group(struct ds_table *t, size_t col, const char *group,
			      enum ds_col_role role);

/* One column's description for ds_table_describe(). */
struct ds_col_desc {
	const char *name;       /* the column described */
	int priority;           /* enum ds_col_priority */
	const char *short_name; /* NULL: none */
	size_t min_width;       /* text may be cut to this width; 0: never */
};
/*
 * Describes each column of t named in d[0..n): the setters above in one
 * call.  Names t does not have are skipped, so one description can serve
 * tables whose columns vary (per threshold, with or without an option).
 */
int ds_table_describe(struct ds_table *t, const struct ds_col_desc *d, size_t n);

/* The metadata of col, for tests; NULL/-1 when none or out of range. */
int ds_table_column_priority(const struct ds_table *t, size_t col);
const char *ds_table_column_short(const struct ds_table *t, size_t col);
const char *ds_table_column_group(const struct ds_table *t, size_t col);

/*
 * What --columns shows: t keeps only its columns cols[0..n) (each index at
 * most once), in that order, with their metadata and every row's cells; no
 * text is copied.  0, or -1 with errno (EINVAL for a bad or repeated index,
 * ENOMEM) and t as it was.
 */
int ds_table_keep_columns(struct ds_table *t, const size_t *cols, size_t n);

/* What fitting did to a table (filled by ds_table_write when asked). */
struct ds_table_fit {
	int fitted;           /* the table was changed at all to fit */
	size_t left_out;      /* columns left out (those of a collapsed group's PART columns too) */
	size_t collapsed;     /* groups shown as one compact cell */
	int shortened;        /* short headers were used */
	int cut;              /* text was cut */
	char left_names[512]; /* the left-out columns' names, ", "-separated, cut with "..." */
	char groups[256];     /* the collapsed groups' names, ", "-separated */
};

struct ds_table_style {
	int color; /* ANSI bold header, green yes, red no; DS_FORMAT_TABLE only */
	/* DS_FORMAT_TABLE: fit the table into this many display columns; 0: no limit. */
	size_t width;
	/* Where to say what fitting did; NULL when nobody asks.  Zeroed first. */
	struct ds_table_fit *fit;
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
