/*
 * fuzz_util.h - what the libFuzzer harnesses share: a private scratch
 * directory, writing an input to a file there, and where the shipped data
 * lives.
 *
 * The loader reads paths, not memory, so the file harnesses write each input
 * to a file first.  The scratch directory is made once per process under
 * $TMPDIR and removed at exit; libFuzzer runs one input at a time in a
 * process, so one directory is enough.
 */
#ifndef DEFSPEND_FUZZ_UTIL_H
#define DEFSPEND_FUZZ_UTIL_H

#include <stddef.h>

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/load_spending.h"

/* The shipped data directory: $DEFSPEND_DATA, else the tree's data/. */
const char *fz_data_dir(void);

/* The process's scratch directory (made on first call); aborts on failure. */
const char *fz_scratch(void);

/* "<dir>/<name>" in a buffer the caller frees; aborts on no memory. */
char *fz_join(const char *dir, const char *name);

/* Replaces path with data[0..len); aborts when it cannot. */
void fz_write(const char *path, const void *data, size_t len);

/* Reads a whole file into *len bytes; aborts when it cannot.  Caller frees. */
char *fz_read(const char *path, size_t *len);

/* Copies the regular files of src (one level) into dst, made if missing. */
void fz_copy_dir(const char *src, const char *dst);

/*
 * Touches everything a query could reach in a loaded dataset (every
 * observation, grid cell, pooled string, each member's lookup by code and
 * its suggestions); aborts on an inconsistency.
 */
void fz_walk(const struct ds_dataset *ds);

/*
 * Everything a caller can see of one load, as text (malloc'd, caller
 * frees): the status, every diagnostic, and when ds is not NULL its
 * members, rows (with their strings), grid and files.  Two loads that must
 * agree (a file read serially and in parts) must describe alike.
 */
char *fz_describe(const struct ds_dataset *ds, const struct ds_errors *err, int rc);

/*
 * The money view (calc_money.h) of every member and year, the alliance
 * totals and the aid table with its sums, on whatever figures the loader
 * accepted: the sanitizers catch an overflow of the exact arithmetic.
 */
void fz_walk_money(const struct ds_dataset *ds);

/*
 * What a load keeping only keep's years must agree on with a full one: the
 * diagnostics, the members, what the series says of the whole file (years,
 * latest figure, decimals, the years covered), each kept year's rows and
 * the files' summaries.  Caller frees.
 */
char *fz_describe_kept(const struct ds_dataset *ds, const struct ds_errors *err, int rc,
		       const struct ds_keep_years *keep);

#endif
