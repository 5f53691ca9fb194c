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
#include <sys/types.h>

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
	off_t offset;  /* where raw[0] is: bytes from the start of the input */
};

/*
 * Where a physical line starts in a file: what a reader can note as it
 * goes, so that a later look at line `line` can seek near it (csvdoc.h)
 * instead of counting the lines of the whole file again.
 */
struct ds_line_mark {
	long line;
	off_t offset;
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

/*
 * Opens path for reading (named `name` in diagnostics, NULL: the path),
 * setting *fd and its *size, -1 when it is not a regular file (a FIFO, a
 * device, which are read serially); the caller closes *fd.  A directory, a
 * socket or a file that cannot be opened is reported as ds_csv_read_path()
 * reports it: DS_ENOINPUT.
 */
int ds_csv_open(const char *path, const char *name, int *fd, off_t *size, struct ds_errors *err);

/* The same on a file descriptor, read with buffers of bufsize bytes. */
int ds_csv_read_fd(int fd, const char *name, size_t bufsize, ds_csv_record_fn fn, void *ctx,
		   struct ds_errors *err);

/* The same on memory, fed to the parser in pieces of `chunk` bytes (tests). */
int ds_csv_read_mem(const char *name, const void *data, size_t len, size_t chunk,
		    ds_csv_record_fn fn, void *ctx, struct ds_errors *err);

/*
 * A byte range of a file read on its own, so that the parts of a large file
 * can be read at the same time (load_spending.c).  The caller fills the
 * first four fields; the reader fills the rest.
 */
struct ds_csv_part {
	off_t start;        /* where reading begins: 0, or just after a line feed */
	off_t end;          /* where the next part begins (a line start); -1: the end of the file */
	long first_line;    /* the line number to give the line at `start` */
	size_t first_index; /* the index to give the first record (0 only at the file's start) */
	off_t stop;         /* `end` when the part ended between records there, else -1 */
	long next_line;     /* the line number of the line at `stop` */
	int stopped;        /* a fatal problem, or the callback, stopped the read */
};

/*
 * Reads the records of part->start .. part->end of the file open as fd,
 * exactly as ds_csv_read_fd() reads them when it reaches part->start between
 * two records, having counted part->first_line - 1 lines and
 * part->first_index records: the same records, positions and diagnostics.
 * When the reader stands between records at `end`, it stops there
 * (part->stop = end) without the checks of the end of a file; otherwise a
 * record runs on past `end` and it reads on to the end of the file
 * (part->stop = -1), so that every record it begins is read whole, and the
 * parts after it must not be read.  Returns as ds_csv_read_fd().
 */
int ds_csv_read_part(int fd, const char *name, struct ds_csv_part *part, ds_csv_record_fn fn,
		     void *ctx, struct ds_errors *err);

/*
 * Where field `i` of rec starts: the physical line and the 1-based column,
 * counted in characters.  For i == nfields, the position just past the last
 * field.  Computed from rec->raw, so call it only when reporting.
 */
void ds_csv_field_pos(const struct ds_csv_record *rec, size_t i, long *line, long *column);

#endif
