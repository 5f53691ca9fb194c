/*
 * calc.h - the calculator: every member against every threshold.
 *
 * Everything here answers from one release (a ds_series) of one dataset, so
 * that revised figures of different releases are never mixed.  Percentages
 * stay fixed-point (millionths of a point, DS_PCT_SCALE) and are compared
 * exactly: 2.00 meets 2, 1.99 does not.  Nothing prints; a query module
 * (query.h) turns these records into tables.
 *
 * Decisions where the issue leaves room:
 * - A member "has a figure" for a year when its row carries a published %
 *   (DS_OBS_PCT).  A member without one is never ranked and never counted as
 *   0: it is counted as missing.  Every member of the dataset counts, also
 *   before its accession year (NATO's tables give those years too).
 * - Ranks are competition ranks over the members with a figure, highest
 *   first: 1, 2, 2, 4.
 * - The gap is the shortfall: threshold - pct when below, 0 when met (never
 *   negative); the signed distance is kept in `margin`.
 * - The dollar gap is gap/100 * IMF GDP, computed exactly in integers from
 *   the published decimals (money.h) and rounded only when printed.  It is known when the member
 * meets the threshold (it is 0) or when IMF GDP is known; otherwise it is missing, never 0.  IMF
 * GDP is not NATO's GDP, so the figure is an approximation.
 * - Dollar figures (spend_usd_m) are sparse; the alliance share and the
 *   Europe-and-Canada against United States sums only cover the members that
 *   have them, and say how many those were, and whether that is every member
 *   with a % figure (only then is a sum a total).
 * - Averages are integer millionths, rounded half away from zero.
 */
#ifndef DEFSPEND_CALC_H
#define DEFSPEND_CALC_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/dataset.h"
#include "defspend/money.h"
#include "defspend/num.h"
#include "defspend/threshold.h"

#define DS_CALC_BASE_YEAR 2014   /* the Wales pledge */
#define DS_CALC_TARGET_YEAR 2035 /* the Hague targets */

/* What every calculation is made against.  Set up with ds_calc_init(). */
struct ds_calc {
	const struct ds_dataset *ds; /* borrowed */
	const struct ds_series *s;   /* borrowed: the release answered from */
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	int base_year;   /* "change since", trend of the path */
	int target_year; /* the year the path must reach each threshold by */
};

/*
 * Prepares c.  ds and s are borrowed and must outlive c; s is normally
 * ds->spending.  The nth (at most DS_MAX_THRESHOLDS) thresholds are copied.
 * base_year and target_year of 0 mean DS_CALC_BASE_YEAR and
 * DS_CALC_TARGET_YEAR.  Returns DS_OK, or DS_EUSAGE when nth is too large.
 */
int ds_calc_init(struct ds_calc *c, const struct ds_dataset *ds, const struct ds_series *s,
		 const struct ds_threshold *th, size_t nth, int base_year, int target_year);

/* The latest year of s with a % figure, 0 when none (the default --year). */
int ds_calc_latest_year(const struct ds_calc *c);
/* The first year of s with a % figure, 0 when none (where a span starts by default). */
int ds_calc_first_year(const struct ds_calc *c);

/* The figure of member m in year: 1 and *pct, *dec set when published, else 0. */
int ds_calc_pct(const struct ds_calc *c, size_t m, int year, int32_t *pct, int *dec);

/* Decimals a threshold was written with ("3.5" -> 1, "2" -> 0). */
int ds_calc_threshold_decimals(const struct ds_threshold *t);

/* One member against one threshold in one year. */
struct ds_calc_gap {
	int meets;        /* pct >= threshold, exactly */
	int32_t margin;   /* pct - threshold, signed (millionths) */
	int32_t gap_pp;   /* shortfall: threshold - pct when below, else 0 */
	int has_usd;      /* gap_usd known: met, or IMF GDP known */
	ds_money gap_usd; /* gap_pp/100 * IMF GDP, exact (money.h); 0 when met */
};

/* One member in one year. */
struct ds_calc_member {
	size_t member;
	int year;
	const struct ds_obs *obs; /* the row, NULL when none */
	int has_pct;              /* the fields below are only set when 1 */
	int32_t pct;
	int pct_dec;                               /* decimals the figure was published with */
	int estimate;                              /* NATO marks it as an estimate */
	int rank;                                  /* 1-based competition rank; 0 when unranked */
	struct ds_calc_gap gap[DS_MAX_THRESHOLDS]; /* one per c->th */
	int has_change;                            /* a figure for c->base_year too */
	int32_t change;                            /* pct - pct in c->base_year */
	int change_dec;                            /* the larger of the two figures' decimals */
};

/*
 * Fills *out for member m in year, without a rank (out->rank stays 0; only
 * ds_calc_year_members() ranks).
 */
void ds_calc_member_year(const struct ds_calc *c, size_t m, int year, struct ds_calc_member *out);

/*
 * Fills out[0..ds->nmembers) for year, in member order, with ranks.  out is
 * the caller's array of c->ds->nmembers records.  Returns DS_OK or DS_ENOMEM.
 */
int ds_calc_year_members(const struct ds_calc *c, int year, struct ds_calc_member *out);

/*
 * The competition rank of every member in year into rank[0..ds->nmembers):
 * the rank ds_calc_year_members() gives, 0 for a member without a figure.
 * Returns DS_OK or DS_ENOMEM.
 */
int ds_calc_year_ranks(const struct ds_calc *c, int year, int *rank);

/*
 * The rank member m would have in year: 1 + the number of members with a
 * strictly higher figure; 0 when m has no figure.  O(members); use
 * ds_calc_year_members() to rank everyone.
 */
int ds_calc_rank(const struct ds_calc *c, size_t m, int year);

/* One year over the whole alliance. */
struct ds_calc_year {
	int year;
	size_t members;   /* every member of the dataset */
	size_t reporting; /* members with a % figure */
	size_t missing;   /* members - reporting */
	size_t meeting[DS_MAX_THRESHOLDS];
	/* Alliance share: summed dollar spending over summed IMF GDP, over the
	 * share_members members that have both (has_share: some did and the
	 * GDP sum is not 0).  Exact sums; the share is their quotient. */
	size_t share_members;
	ds_money share_spend_usd, share_gdp_usd;
	int has_share;
	/* Dollar spending of NATO Europe and Canada (every member but the USA
	 * with a dollar figure, counted in europe_members) and the USA. */
	size_t europe_members;
	ds_money europe_usd;
	int has_usa;
	ds_money usa_usd;
	/* Whether the sums above cover every member they claim to: every
	 * member with a % figure has dollars and GDP (share_complete), every
	 * one but the USA has dollars (europe_complete).  A sum that is not
	 * complete is partial, and is never shown as a total. */
	size_t usd_reporting; /* members with a dollar figure */
	int share_complete, europe_complete;
};

/* Fills *out for year. */
void ds_calc_year_summary(const struct ds_calc *c, int year, struct ds_calc_year *out);

/*
 * Whether a year is thinly covered: some members report, but fewer than
 * half of them.  Counts and ranks of such a year say little about the
 * alliance, and the table outputs say so.
 */
int ds_calc_thin(const struct ds_calc_year *y);

/* The summed dollar gap of one year: what the members with a figure lack, together. */
struct ds_calc_totals {
	int year;
	size_t members;   /* every member of the dataset */
	size_t reporting; /* members with a % figure: the ones summed */
	/* Per threshold: the exact sum of the gaps of the reporting members,
	 * complete[i] when every one of them has its dollar gap (met, or IMF
	 * GDP known); a sum that misses some is not a total and is not shown. */
	ds_money gap_usd[DS_MAX_THRESHOLDS];
	int complete[DS_MAX_THRESHOLDS];
	size_t without_usd[DS_MAX_THRESHOLDS]; /* reporting members without a dollar gap */
};

/* Fills *out for year. */
void ds_calc_gap_totals(const struct ds_calc *c, int year, struct ds_calc_totals *out);

/* A member's path to one threshold by c->target_year. */
struct ds_calc_path {
	int has;       /* the member has a figure at all; nothing else is set otherwise */
	int from_year; /* its latest year with a figure */
	int32_t from_pct;
	int from_dec;
	int met;        /* from_pct already meets the threshold */
	int can_reach;  /* met, or from_year < target year: needed is set */
	int32_t needed; /* points a year to reach it (0 when met), rounded up */
	int has_trend;  /* a figure in base_year too, before from_year */
	int32_t avg;    /* average yearly change base_year..from_year, rounded */
	/* Met, or has_trend and the exact (unrounded) average reaches the
	 * threshold by the target year. */
	int on_track;
	/* At the exact average, the first year at or above the threshold
	 * (from_year when met); 0 when never or after DS_YEAR_MAX. */
	int reach_year;
};

/* Fills *out for member m and threshold index ti (< c->nth). */
void ds_calc_path(const struct ds_calc *c, size_t m, size_t ti, struct ds_calc_path *out);

/* A member's trend over a span of years. */
struct ds_calc_trend {
	int has;                /* two figures in [from, to]; nothing else set otherwise */
	int from_year, to_year; /* the first and last years in the span with a figure */
	int32_t from_pct, to_pct;
	int from_dec, to_dec; /* the decimals each figure was published with */
	int dec;              /* the larger of the two */
	int32_t change;       /* to_pct - from_pct */
	int32_t avg;          /* change / (to_year - from_year), rounded */
	int64_t projected;    /* to_pct + change/span * (target_year - to_year); may be < 0 */
	int target_year;
};

/*
 * Fills *out for member m over [from, to] (0 for either: the series' first
 * or last year).  The span's ends move inwards to the nearest years with a
 * figure, so a member missing its first year still has a trend.
 */
void ds_calc_trend(const struct ds_calc *c, size_t m, int from, int to, struct ds_calc_trend *out);

/* a / b rounded half away from zero (b > 0). */
int64_t ds_calc_div_round(int64_t a, int64_t b);

#endif
