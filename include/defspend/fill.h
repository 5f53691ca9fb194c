/*
 * fill.h - answering from one release with its gaps filled from the other
 * releases of the same basis (`--fill`).
 *
 * A query answers from one release, because releases revise each other.
 * But a release may lack figures that another one published (a table
 * transcribed without some allies, an annual report that came later), and
 * a user who wants the most complete picture can ask for it.  A filled
 * answer is still one ds_series, so the calculator, the query tables, the
 * charts and the report work on it unchanged:
 *
 * - every row of the chosen release stays as it is; a figure it has is
 *   never replaced;
 * - for each member and year without a % figure, the figure comes from the
 *   first release of `others` that has one: the caller passes the releases
 *   of the same basis (basis.h), newest first (load.h does);
 * - a filled row carries its own release and source, keeps the decimals it
 *   was published with (2.0 stays one decimal, and is compared as such),
 *   and is flagged DS_OBS_FILLED;
 * - only % figures are filled.  Dollar figures (spend_usd_m) stay the
 *   chosen release's; IMF GDP, which is not a NATO figure, is taken from
 *   the filled row only where the chosen release has none.
 *
 * Nothing here reads a file or prints.
 */
#ifndef DEFSPEND_FILL_H
#define DEFSPEND_FILL_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * Sets *out to a new series: base (whose id and path it keeps) with each
 * member-year it lacks a % figure for filled from others[0..n), first one
 * first.  All series are read against ds's members.  out->nfilled counts
 * the filled rows.  Returns DS_OK, or DS_ENOMEM (with a diagnostic in err)
 * and *out NULL.  The caller frees *out with ds_series_free().
 */
int ds_fill_merge(const struct ds_dataset *ds, const struct ds_series *base,
		  const struct ds_series *const *others, size_t n, struct ds_series **out,
		  struct ds_errors *err);

/* Which members and years a count covers: members NULL means every member. */
struct ds_fill_scope {
	int from, to; /* years, inclusive */
	const size_t *members;
	size_t nmembers;
};

/* How many figures came from one release. */
struct ds_fill_source {
	uint32_t release; /* pool id of the release id */
	size_t n;
};

/*
 * Counts the rows of s flagged DS_OBS_FILLED in scope, by the release they
 * came from: out[0..*nout) in order of first appearance, at most cap
 * entries (a release past them is not counted).  Returns the total.
 */
size_t ds_fill_sources(const struct ds_dataset *ds, const struct ds_series *s,
		       const struct ds_fill_scope *scope, struct ds_fill_source *out, size_t cap,
		       size_t *nout);

/* The member-years of scope for which s has no % figure (filled ones count as having one). */
size_t ds_fill_lacking(const struct ds_dataset *ds, const struct ds_series *s,
		       const struct ds_fill_scope *scope);

/*
 * The footer of a filled answer, into buf (size bytes, truncated to fit):
 * "f: 6 figures filled from release 2026-03", one release after another
 * ("..., 3 from release 2025-04"); "" when v[0..n) counts none.
 */
void ds_fill_text_filled(const struct ds_dataset *ds, const struct ds_fill_source *v, size_t n,
			 char *buf, size_t size);

/*
 * The hint of an answer that could be filled, into buf: for one year
 * "7 members have no 2025 figure in release 2025-08; 6 have one in release
 * 2026-03: add --fill", for a span "7 member-years of 2014-2025 have no
 * figure in ...".  lacking is what the answer lacks in scope, v[0..n) what
 * other releases have of it; "" when they have nothing.
 */
void ds_fill_text_hint(const struct ds_dataset *ds, const char *release,
		       const struct ds_fill_scope *scope, size_t lacking,
		       const struct ds_fill_source *v, size_t n, char *buf, size_t size);

#endif
