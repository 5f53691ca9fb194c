/*
 * error.h - statuses and the caller-owned error record.
 *
 * Every library function that can fail returns a status, which is also the
 * sysexits(3) code the front end exits with, and may add diagnostics to a
 * `struct ds_errors` that the caller owns.  The library never prints and never
 * exits; the front end prints the record with ds_errors_print() and exits with
 * ds_errors_status().
 */
#ifndef DEFSPEND_ERROR_H
#define DEFSPEND_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum ds_status {
	DS_OK = 0,
	DS_EUSAGE = 64,       /* bad command line */
	DS_EDATA = 65,        /* the input data is wrong */
	DS_ENOINPUT = 66,     /* an input file is missing or unreadable */
	DS_EUNAVAILABLE = 69, /* a needed program (gnuplot) is missing */
	DS_ESOFTWARE = 70,    /* internal error: a bug */
	DS_ENOMEM = 71,       /* out of memory (sysexits' OSERR) */
	DS_ECANTCREAT = 73,   /* an output cannot be created */
	DS_EIO = 74,          /* read or write error */
	DS_ETEMPFAIL = 75     /* try again later: the dataset is locked */
};

/* One diagnostic.  line and column are 1-based; 0 means unknown. */
struct ds_diag {
	char *file;
	long line;
	long column;
	char *msg;
};

#define DS_ERRORS_LIMIT 50

struct ds_errors {
	struct ds_diag *v;
	size_t n, cap;
	size_t limit;   /* diagnostics kept; later ones are only counted */
	size_t dropped; /* how many were counted but not kept */
	int status;     /* the first non-zero status added */
};

/* Prepares an empty record holding at most DS_ERRORS_LIMIT diagnostics. */
void ds_errors_init(struct ds_errors *e);
/* Frees what the record holds; it can be used again after ds_errors_init(). */
void ds_errors_release(struct ds_errors *e);

/*
 * Adds a diagnostic and returns `status`, so that a failing path can say
 * `return ds_errors_add(...)`.  file may be NULL.  When memory runs out the
 * diagnostic is lost but the status (DS_ENOMEM if nothing else) is kept.
 */
int ds_errors_add(struct ds_errors *e, int status, const char *file, long line, long column,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int ds_errors_vadd(struct ds_errors *e, int status, const char *file, long line, long column,
		   const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/*
 * The one "out of memory" diagnostic: adds it (about file, which may be
 * NULL) and returns DS_ENOMEM.  Every module reports running out of memory
 * through it, so that the message exists once.
 */
int ds_errors_nomem(struct ds_errors *e, const char *file);

/*
 * Makes every kept diagnostic about file `from` be about file `to`: what a
 * check of a temporary copy found is reported against the file it will
 * replace.  A name that cannot be copied (out of memory) stays as it was.
 */
void ds_errors_rename(struct ds_errors *e, const char *from, const char *to);

/*
 * The status of a file operation that failed with errno e: DS_EIO (74) for
 * what the disk did (ENOSPC, EDQUOT, EIO, EFBIG), DS_ECANTCREAT (73) for
 * what the caller may not do (permissions, a read-only file system, ...).
 */
int ds_errno_status(int e);

/* The number of diagnostics counted, kept or not. */
size_t ds_errors_count(const struct ds_errors *e);
int ds_errors_status(const struct ds_errors *e);

/*
 * Prints every kept diagnostic as `PROG: FILE:LINE:COLUMN: MESSAGE`, leaving
 * out the parts that are unknown, then a line saying how many were not shown.
 * Returns 0, or -1 if writing failed.
 */
int ds_errors_print(const struct ds_errors *e, const char *prog, FILE *out);

/* A short text for a status, e.g. "bad data". */
const char *ds_status_text(int status);

#endif
