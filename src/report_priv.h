/*
 * report_priv.h - what the files of the report module share: report.c
 * (tables, charts, the order of the work) and report_index.c (the two
 * indexes, the page a reader opens), and the human column titles.
 *
 * Only src/report*.c and the tests include this file.
 */
#ifndef DEFSPEND_REPORT_PRIV_H
#define DEFSPEND_REPORT_PRIV_H

#include <stddef.h>

#include "defspend/report.h"
#include "defspend/safefile.h"
#include "defspend/table.h"

/* Opens DIR/NAME to be replaced atomically; errno says why it could not. */
int ds_report_open_in(struct ds_atomic *a, const char *dir, const char *name);
/* Commits a, or removes it when bad (a write that ds_atomic did not see failed). */
int ds_report_finish(struct ds_atomic *a, int bad);

/*
 * Writes DIR/index.md and DIR/index.html for rep (t: its tables, NULL where
 * skipped), images shown as opts->formats says they are rendered.  Both
 * are committed, or the failure is said once in err.
 */
int ds_report_index(const char *dir, struct ds_dataset *ds, const struct ds_report_opts *opts,
		    const struct ds_report *rep, struct ds_table *const *t, struct ds_errors *err);

/*
 * The heading a person reads for a machine column name, into buf:
 * "gap_2_pp" -> "Gap to 2% (points)", "meets_3.5" -> "Meets 3.5%"; a name
 * it does not know is shown with spaces for underscores.
 */
void ds_report_column_title(const char *name, char *buf, size_t size);

/*
 * A copy of t with those headings and "yes"/"no" for booleans (numbers stay
 * numbers, right-aligned in Markdown and HTML); NULL when out of memory.
 * The caller frees it with ds_table_free().
 */
struct ds_table *ds_report_humanize(const struct ds_table *t);

#endif
