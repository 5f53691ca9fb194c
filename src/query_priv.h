/*
 * query_priv.h - what the query builders (query*.c) share: filling cells
 * from fixed-point and floating values, the member columns of list and
 * show, and turning a failed table call into a status.
 *
 * Cell setters return 0 or -1 like table.h, so a row can be built with
 * `bad |= ...` and checked once.
 */
#ifndef DEFSPEND_QUERY_PRIV_H
#define DEFSPEND_QUERY_PRIV_H

#include <stdint.h>

#include "defspend/query.h"

/* Frees *t, sets it to NULL and returns the status of errno (ENOMEM or a bug). */
int dsq_fail(struct ds_table **t, struct ds_errors *err);
/* A new table with the given columns (NULL-terminated); NULL with errno. */
struct ds_table *dsq_new(const char *const *names);
int dsq_fixed(struct ds_table *t, size_t col, int64_t v, int dec);
int dsq_double(struct ds_table *t, size_t col, double v, int dec);
/* An amount in millionths of its unit (DS_AMOUNT_SCALE) with dec decimals. */
int dsq_amount(struct ds_table *t, size_t col, int64_t v, int dec);
/* An exact amount in millions of dollars, rounded half away from zero to a whole million. */
int dsq_money(struct ds_table *t, size_t col, ds_money m);
/* num / den x 10^pow10 with dec decimals, rounded once (den != 0). */
int dsq_ratio(struct ds_table *t, size_t col, ds_wide num, ds_wide den, int pow10, int dec);
int dsq_long(struct ds_table *t, size_t col, long v);
/* A member's code, NULL for a member of a lone file known by its name alone. */
int dsq_iso3(struct ds_table *t, size_t col, const struct ds_member *m);
/* Decimals of a gap or a change: the larger of a and b. */
int dsq_maxdec(int a, int b);
/*
 * Describes t's columns for fitting to a screen (table.h), keeping errno
 * for dsq_fail() on failure.  DSQ_DESCRIBE(t, d) passes a static array.
 */
int dsq_describe(struct ds_table *t, const struct ds_col_desc *d, size_t n);
#define DSQ_DESCRIBE(t, d) dsq_describe((t), (d), sizeof(d) / sizeof((d)[0]))
/*
 * Appends the provenance columns release and source, machine-only (the
 * display formats mark a filled figure instead, and a source URL is no
 * reading across a terminal); -1 with errno on failure.
 */
int dsq_provenance_columns(struct ds_table *t);
/* Sets columns col (release) and col + 1 (source) from row o; NULL o leaves them NULL. */
int dsq_provenance(const struct ds_calc *c, struct ds_table *t, size_t col, const struct ds_obs *o);
/* Marks cell col 'f' when row o's figure was filled from another release (fill.h). */
int dsq_fill_mark(struct ds_table *t, size_t col, const struct ds_obs *o);
/* Checks that the release has figures in year; DS_EUSAGE with a message if not. */
int dsq_check_year(const struct ds_calc *c, int year, struct ds_errors *err);

#endif
