/*
 * csvread.h - a strict, streaming CSV record reader on top of libcsv.
 *
 * libcsv parses; this layer adds what libcsv does not know: physical line
 * numbers (also across quoted fields holding newlines), columns for error
 * messages, a UTF-8 BOM, UTF-8 and NUL checks, and the exact raw bytes of
 * every record so that an updater can write untouched records back byte for
 * byte.  Input is read in chunks; only the current record is held in memory.
 */
#ifndef DEFSPEND_CSVREAD_H
#define DEFSPEND_CSVREAD_H

#include <stddef.h>

#include "defspend/error.h"

#ifndef DS_BUFSIZ
#define DS_BUFSIZ 65536
#endif

/* The longest record accepted, raw bytes; a longer one is an error. */
#define DS_CSV_MAX_RECORD (16u * 1024 * 1024)

struct ds_csv_field {
	const char *s; /* NUL-terminated; no NUL inside (those are rejected) */
	size_t len;
};

struct ds_csv_record {
	size_t index;   /* 0 for the first record of the file (the header) */
	size_t nfields; /* 0 only for the blank lines at the end of a file */
	const struct ds_csv_field *fields;
	long line;       /* physical line where the record starts */
	const char *raw; /* exact bytes: BOM, blank lines before it, the record, its line ending */
	size_t rawlen;
	size_t lead;   /* bytes of blank lines at the start of raw (after the BOM, if any) */
	long raw_line; /* physical line of raw[0] */
	int bom;       /* raw starts with a UTF-8 byte order mark (first record only) */
};

/*
 * Called once per record, in file order.  Return 0 to go on, or a status to
 * stop reading (the callback adds its own diagnostic).  The record and its
 * strings are valid only during the call.
 */
typedef int (*ds_csv_record_fn)(void *ctx, const struct ds_csv_record *rec);

/*
 * Reads the file at path, calling fn for each record.  `name` is used in
 * diagnostics (NULL: the path).  A stray quote, or invalid UTF-8 or a NUL
 * byte, is reported and its record skipped; reading goes on at the next line
 * (a stray quote) or record.  An unterminated quote, a carriage return
 * without a line feed, a record over DS_CSV_MAX_RECORD bytes, and any problem
 * in the first record (the header) stop the read.  Returns DS_OK, or the
 * status of the first problem; every problem is in err.
 */
int ds_csv_read_path(const char *path, const char *name, ds_csv_record_fn fn, void *ctx,
		     struct ds_errors *err);

/* The same on a file descriptor, read with buffers of bufsize bytes. */
int ds_csv_read_fd(int fd, const char *name, size_t bufsize, ds_csv_record_fn fn, void *ctx,
		   struct ds_errors *err);

/* The same on memory, fed to the parser in pieces of `chunk` bytes (tests). */
int ds_csv_read_mem(const char *name, const void *data, size_t len, size_t chunk,
		    ds_csv_record_fn fn, void *ctx, struct ds_errors *err);

/*
 * Where field `i` of rec starts: the physical line and the 1-based column,
 * counted in characters.  For i == nfields, the position just past the last
 * field.  Computed from rec->raw, so call it only when reporting.
 */
void ds_csv_field_pos(const struct ds_csv_record *rec, size_t i, long *line, long *column);

#endif
