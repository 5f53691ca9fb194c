/*
 * csvdoc.h - a CSV file held in memory as its exact bytes, cut into
 * records, that can be edited and written back without disturbing a byte
 * of what was not edited.
 *
 * The updater never re-serialises a file: every record keeps its raw text
 * (blank lines before it, its quoting, its CR LF or LF), and only a record
 * whose values really change is rendered again, with minimal quoting and
 * its own line ending.  New records are placed after a given record and use
 * the file's line ending (the header's).  So setting a value to what it
 * already is, or importing a file into itself, renders the same bytes.
 */
#ifndef DEFSPEND_CSVDOC_H
#define DEFSPEND_CSVDOC_H

#include <stddef.h>

#include "defspend/csvread.h"
#include "defspend/error.h"

struct ds_csvdoc_row {
	size_t off, rawlen; /* the record's exact bytes in data */
	size_t lead;        /* blank-line bytes at the start of them */
	size_t nfields;     /* 0 for trailing blank lines */
	size_t ffirst;      /* its fields are foff[ffirst .. ffirst + nfields) */
	long line;          /* physical line where the record starts */
	size_t src;         /* where its bytes start in the file (off, unless the doc is lazy) */
	char **newf;        /* NULL: unchanged; else nfields new values (owned) */
};

struct ds_csvdoc_ins {
	size_t after; /* row index it follows */
	size_t seq;   /* order among rows inserted after the same row */
	char **f;     /* ncols values (owned) */
};

struct ds_csvdoc {
	char *name; /* for messages */
	char *data; /* the original bytes (owned); of a lazy document, those it holds */
	size_t len, datacap;
	struct ds_csvdoc_row *rows; /* every record, header first */
	size_t nrows, rowcap;
	char *fb; /* the original fields, each NUL-terminated */
	size_t fblen, fbcap;
	size_t *foff;
	size_t nfoff, foffcap;
	struct ds_csvdoc_ins *ins;
	size_t nins, inscap;
	const char *eol; /* "\r\n" or "\n": the header's line ending */
	size_t ncols;    /* fields of the header */
	/* A lazy document (ds_csvdoc_open_lazy) holds only the records it was
	 * asked for; the rest of the file is read from fd when rendered. */
	int lazy;
	int fd;          /* the file, open for reading (lazy only) */
	size_t srclen;   /* its size */
	size_t *line_at; /* where physical line k + 2 starts: line_at[k] (built on first use) */
	size_t nlines, linecap;
	/* Or, when given (ds_csvdoc_use_marks()), where some lines start:
	 * a line is found from the last mark before it.  Borrowed. */
	const struct ds_line_mark *marks;
	size_t nmarks;
};

/* Where rendered bytes go (ds_csvdoc_stream). */
struct ds_csvdoc_sink {
	void *ctx;
	/* n bytes of new content; 0, or -1 to stop */
	int (*bytes)(void *ctx, const char *p, size_t n);
	/* n bytes of the file from offset off, unchanged; 0, or -1 to stop */
	int (*copy)(void *ctx, int fd, size_t off, size_t n);
};

/*
 * Parses data[0..len) (copied) with the strict reader.  name is used in
 * messages.  Fails with the reader's status when the file is not valid CSV
 * (a stray quote, bad UTF-8): such a file is never edited.  On success the
 * caller releases doc with ds_csvdoc_release(); on failure doc is released.
 */
int ds_csvdoc_parse(struct ds_csvdoc *doc, const char *name, const char *data, size_t len,
		    struct ds_errors *err);
void ds_csvdoc_release(struct ds_csvdoc *doc);

/*
 * Opens the file at path as a lazy document: only its header is read, and
 * a record is read when asked for (ds_csvdoc_fetch()); rendering copies
 * the bytes between the records held straight from the file (the sink's
 * copy), so a million-row file is neither held nor parsed again.  The
 * file must be one the strict reader has accepted, and must not change
 * while the document is open (the caller holds the data's lock).  Fails as
 * ds_csvdoc_parse() does; on failure doc is released.
 */
int ds_csvdoc_open_lazy(struct ds_csvdoc *doc, const char *path, struct ds_errors *err);

/*
 * Tells a lazy document where some of its file's lines start, in rising
 * order (what the loader noted: ds_series.marks), so that ds_csvdoc_fetch()
 * reads from the last mark before a line instead of indexing every line of
 * the file.  marks[0..n) must outlive the document's use.
 */
void ds_csvdoc_use_marks(struct ds_csvdoc *doc, const struct ds_line_mark *marks, size_t n);

/*
 * Reads the record that starts on physical line `line` of a lazy document
 * into it, setting *row to its index (the same index on a second call).
 * DS_ESOFTWARE when no record starts there (the file is not the one
 * loaded).
 */
int ds_csvdoc_fetch(struct ds_csvdoc *doc, long line, size_t *row, struct ds_errors *err);

/* The header column named `name`, or -1. */
int ds_csvdoc_column(const struct ds_csvdoc *doc, const char *name);

/* The current value of field col of row (edited or original); "" past the end. */
const char *ds_csvdoc_get(const struct ds_csvdoc *doc, size_t row, size_t col);

/*
 * Sets field col of row to value (copied).  Returns 1 when the value
 * changed, 0 when it was already that, -1 when out of memory.
 */
int ds_csvdoc_set(struct ds_csvdoc *doc, size_t row, size_t col, const char *value);

/* Adds a record of ncols values (copied) after row `after`.  0 or -1 (memory). */
int ds_csvdoc_insert(struct ds_csvdoc *doc, size_t after, const char *const *values);

/* 1 when anything was set to a new value or inserted. */
int ds_csvdoc_changed(const struct ds_csvdoc *doc);

/*
 * Renders the edited file into a new buffer *out of *outlen bytes; the
 * caller frees it.  0, or -1 when out of memory.
 */
int ds_csvdoc_render(const struct ds_csvdoc *doc, char **out, size_t *outlen);

/* Renders the edited file into a sink, in order.  0, or -1 as the sink (or memory) failed. */
int ds_csvdoc_stream(const struct ds_csvdoc *doc, const struct ds_csvdoc_sink *sink);

/*
 * Each record that rendering writes anew (a changed record, an inserted
 * one), in file order: its bytes as rendered (without the blank lines
 * before it), the physical line it starts on in the new file, and which it
 * is (row, or (size_t)-1 with ins its index in doc->ins).  fn returns 0 to
 * go on.  0, -1 (memory), or what fn returned.
 */
typedef int (*ds_csvdoc_edit_fn)(void *ctx, const char *raw, size_t len, long line, size_t row,
				 size_t ins);
int ds_csvdoc_edits(const struct ds_csvdoc *doc, ds_csvdoc_edit_fn fn, void *ctx);

/*
 * Appends one record to a buffer: fields quoted only when they hold a comma,
 * a quote, CR or LF, then eol (may be "").  Used for new records and for
 * rendering a record alone for a positioned message.  0, or -1 (memory).
 */
int ds_csvdoc_encode(char **buf, size_t *len, size_t *cap, const char *const *fields, size_t n,
		     const char *eol);

#endif
