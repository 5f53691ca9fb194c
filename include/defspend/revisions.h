/*
 * revisions.h - comparing NATO releases: how each figure was revised from
 * one release to another, how the number of allies at each threshold moved
 * from release to release, and what each release covers.
 *
 * NATO revises past years in every release, often by tenths of a point, so
 * a news report is only "right" or "wrong" against the release it quoted.
 * This module never mixes releases: each figure is read from its own
 * release's series, compared exactly in fixed point, and printed with the
 * precision it was published with (2.1 from a one-decimal release stays 2.1;
 * a change prints with the larger of the two precisions, 2.1 -> 2.04 is
 * -0.06).  Nothing here prints; the table builders fill a ds_table for the
 * front end and the report.
 */
#ifndef DEFSPEND_REVISIONS_H
#define DEFSPEND_REVISIONS_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/threshold.h"
#include "defspend/table.h"

/* One member and year with a % figure in both releases. */
struct ds_revision {
	size_t member; /* index into ds->members */
	int year;
	int32_t from_pct; /* millionths of a point, as published in the older release */
	int32_t to_pct;
	int from_dec; /* decimals each was published with */
	int to_dec;
	int64_t change; /* to_pct - from_pct, exact, millionths */
	int change_dec; /* the larger of from_dec and to_dec */
};

/* What to compare; a zeroed struct compares every member and every year. */
struct ds_revisions_query {
	const size_t *members; /* member indexes to keep, in any order; NULL: all */
	size_t nmembers;
	int year; /* 0: every year both releases have */
};

/*
 * Compares series `from` and `to` (both read against ds's members): one
 * ds_revision for each member and year where both have a % figure, ordered
 * by member (members.csv order) then year.  A member or year present in
 * only one release is left out, never filled.  On success *out (NULL when
 * *n is 0) is owned by the caller, who frees it with free().  Returns
 * DS_OK or DS_ENOMEM (with a diagnostic in err).
 */
int ds_revisions_compare(const struct ds_dataset *ds, const struct ds_series *from,
			 const struct ds_series *to, const struct ds_revisions_query *q,
			 struct ds_revision **out, size_t *n, struct ds_errors *err);

/*
 * Sets *out to the series of release `id`: ds->spending itself when that is
 * the release loaded and nothing was filled into it (*owned = 0), else a freshly read one (*owned =
 * 1, free it with ds_series_free()).  Unknown id: DS_EUSAGE with the known ids.
 */
int ds_revisions_series(struct ds_dataset *ds, const char *id, struct ds_series **out, int *owned,
			struct ds_errors *err);

/*
 * The id of ds's current release: releases.csv's current one, else the
 * spending file's own release ("" when there is no spending file).  The
 * string belongs to ds.
 */
const char *ds_revisions_current_id(const struct ds_dataset *ds);

/*
 * NATO's July 2026 edition measures core defence, not the NATO-definition
 * total: a difference between releases of different bases is not a
 * revision, and whatever shows it must say so.  When releases a and b (ids
 * of ds's releases) have different bases, writes that note into note (size
 * bytes, truncated to fit) and returns note; returns NULL when the bases
 * are the same or either release is not in releases.csv.
 */
const char *ds_revisions_basis_note(const struct ds_dataset *ds, const char *a, const char *b,
				    char *note, size_t size);

/*
 * Picks the default --from for release `to_id`: the oldest release (by
 * publication date) other than `to_id` that has a % figure for a member and
 * year that `to_id` also has (only `year` when it is not 0).  Sets *from
 * to its index in ds->releases, or -1 when no release shares a figure.
 */
int ds_revisions_default_from(struct ds_dataset *ds, const char *to_id, int year, int *from,
			      struct ds_errors *err);

/* How one release counts one year against the thresholds. */
struct ds_release_count {
	size_t release;               /* index into ds->releases */
	size_t figures;               /* members with a % figure for the year */
	size_t at[DS_MAX_THRESHOLDS]; /* of those, at or above each threshold */
};

/*
 * For `year`, the count of members at or above each threshold (exactly, at
 * the published precision: 2.00 and 2.0 both meet 2) in every release of
 * ds that has at least one % figure for that year, oldest release first.
 * On success *out (NULL when *n is 0) is the caller's to free().
 */
int ds_revisions_counts(struct ds_dataset *ds, int year, const struct ds_threshold *th, size_t nth,
			struct ds_release_count **out, size_t *n, struct ds_errors *err);

/*
 * Table builders.  Each sets *out to a new table that the caller frees with
 * ds_table_free(); on failure *out is NULL and the status is returned with a
 * diagnostic in err.
 *
 * revisions: iso3, country, year, from_release, from_pct, to_release,
 *   to_pct, change_pp (to - from in percentage points).
 */
int ds_revisions_table(const struct ds_dataset *ds, const char *from_id, const char *to_id,
		       const struct ds_revision *v, size_t n, struct ds_table **out,
		       struct ds_errors *err);

/*
 * counts: release, published, basis, year, figures, then one column
 * "at_LABEL" per threshold ("at_2", "at_3.5"): members at or above it.
 */
int ds_revisions_counts_table(const struct ds_dataset *ds, int year, const struct ds_threshold *th,
			      size_t nth, const struct ds_release_count *v, size_t n,
			      struct ds_table **out, struct ds_errors *err);

/*
 * releases: id, title, published, cutoff, basis, decimals, years (the
 * years with a % figure, as ranges: "2014, 2023-2024"), year_min, year_max,
 * members (with at least one % figure), figures (% figures in all), current,
 * precision (the decimals in words: "2 decimals, 2 cells at 1" when some
 * figures were published with another precision; NULL without figures).
 * Reads every release file; rows are in publication order.
 */
int ds_releases_table(struct ds_dataset *ds, struct ds_table **out, struct ds_errors *err);

#endif
