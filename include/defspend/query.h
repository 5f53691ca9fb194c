/*
 * query.h - the result tables of the query commands, built from the
 * calculator (calc.h), ready for ds_table_write().
 *
 * One builder per command: list, show, compare, trend, aid and spending.
 * The column names of the main tables are a contract (issue 3) that
 * scripts and the report rely on; `T` below is each threshold's label as
 * the user wrote it (`2`, `3.5`, `5`):
 *
 *   list, show  rank,iso3,country,year,pct_gdp,estimate,
 *               meets_T,gap_T_pp,gap_T_usd_m  (for each T),
 *               release,source
 *   compare     year,threshold,meeting,reporting,missing
 *   trend       iso3,country,from_year,from_pct,to_year,to_pct,change_pp,
 *               avg_change_pp,target_year,projected_pct,
 *               on_track_T  (for each T),release,source
 *   aid         iso3,country,military_eur_bn,financial_eur_bn,
 *               humanitarian_eur_bn,total_eur_bn,share_pct,total_pct_gdp,
 *               committed_eur_bn,eu_share_eur_bn,total_incl_eu_eur_bn
 *               (then nato, with every donor)
 *   spending    iso3,country,year,pct_gdp,spend_usd_m,usd_basis,spend_lcu_m,
 *               currency,per_capita_usd,real_change_pct,real_index_2014,
 *               share_gov_exp_pct,release
 *   alliance    year,nato_usd_m,europe_canada_usd_m,usa_usd_m,usa_share_pct,
 *               members,nato_usd,derived_usd,needed
 *
 * New columns only ever go after the promised ones.  release and source
 * say where each row's figure comes from (its own release, which differs
 * from the one answered from when --fill filled it, fill.h); they are
 * machine-only: the display formats mark a filled figure 'f' instead.
 *
 * The extra tables (path, crossings, dollars) are what the table and md
 * formats show after the main table; their columns may still grow.
 *
 * Numbers: percentages and gaps in points keep the decimals the figure was
 * published with (a gap uses the larger of the figure's and the threshold's
 * decimals); dollar amounts have no decimals (millions, and whole dollars
 * per person), and amounts in national currency none either (millions);
 * euro amounts three (as the tracker publishes them), and the tracker's own
 * % of GDP three; shares, real changes and the share of government
 * spending two; the real index one.  Every derived figure is computed
 * exactly and rounded once, half away from zero, at that precision.  A
 * value that is not known is a NULL cell (empty in CSV/TSV, null in JSON),
 * never 0.
 *
 * Every builder sets *out to a new table that the caller frees with
 * ds_table_free(), and returns DS_OK; or returns a status with a message in
 * err (DS_EUSAGE for a year or span without figures, DS_ENOMEM) and sets
 * *out to NULL.  Nothing here prints.
 */
#ifndef DEFSPEND_QUERY_H
#define DEFSPEND_QUERY_H

#include <stddef.h>

#include "defspend/calc.h"
#include "defspend/error.h"
#include "defspend/fill.h"
#include "defspend/table.h"

enum ds_list_sort {
	DS_SORT_PCT,         /* highest % first (the rank order) */
	DS_SORT_NAME,        /* by name, bytewise */
	DS_SORT_GAP,         /* largest shortfall to the first threshold first */
	DS_SORT_PER_CAPITA,  /* most US dollars per person first (calc_money.h) */
	DS_SORT_USD,         /* most US dollars first */
	DS_SORT_REAL_CHANGE, /* largest real change from the year before first */
	DS_SORT_GAP_USD      /* largest dollar shortfall to the first threshold first */
};
/*
 * Sets *out from "pct", "name", "gap", "per_capita", "usd", "real_change" or
 * "gap_usd"; -1 when none.
 */
int ds_list_sort_parse(const char *name, enum ds_list_sort *out);

enum ds_aid_sort {
	DS_AID_SORT_TOTAL,
	DS_AID_SORT_MILITARY,
	DS_AID_SORT_FINANCIAL,
	DS_AID_SORT_HUMANITARIAN,
	DS_AID_SORT_PCT_GDP,  /* Kiel's aid as % of the donor's GDP */
	DS_AID_SORT_COMMITTED /* commitments */
};
/*
 * Sets *out from "total", "military", "financial", "humanitarian",
 * "pct_gdp" or "committed"; -1 when none.
 */
int ds_aid_sort_parse(const char *name, enum ds_aid_sort *out);

/*
 * One row per member of the dataset for year (0: the latest year with
 * figures).  Members without a figure come last, with NULL cells.  Ties
 * (and equal gaps) are ordered by % then name; by dollar gap, members
 * whose dollar gap is unknown come after those whose gap is known.
 */
int ds_query_list(const struct ds_calc *c, int year, enum ds_list_sort sort, struct ds_table **out,
		  struct ds_errors *err);

/*
 * The same, where only the columns named in `columns` (comma-separated, as
 * --columns gives them; NULL: all) will be shown: the table has every
 * column, the others left empty (ds_table_column_unused()).
 */
int ds_query_list_columns(const struct ds_calc *c, int year, enum ds_list_sort sort,
			  const char *columns, struct ds_table **out, struct ds_errors *err);

/*
 * Appends list's --total row to t, a table of ds_query_list() for year:
 * country "total: N of M members" (the members with a figure, the ones
 * summed), year, each gap_T_usd_m the exact sum of their dollar gaps
 * (NULL when one of them has none: a partial sum is no total), release;
 * every other cell NULL.
 */
int ds_query_list_total(const struct ds_calc *c, int year, struct ds_table *t,
			struct ds_errors *err);

/*
 * For each member in members[0..n), one row per year the release has
 * figures for, oldest first, with list's columns (rank is the rank in that
 * year).
 */
int ds_query_show(const struct ds_calc *c, const size_t *members, size_t n, struct ds_table **out,
		  struct ds_errors *err);

/*
 * Member m's path to each threshold by c->target_year (see ds_calc_path):
 *   threshold,latest_year,pct_gdp,gap_pp,gap_usd_m,target_year,
 *   needed_pp_per_year,base_year,avg_change_pp,on_track,reach_year
 * One row per threshold.  Empty (no rows) when m has no figure.  The
 * per-year amounts have two more decimals than the figure (0.14 a year
 * would hide 0.136); needed is rounded up, so it is always enough.
 */
int ds_query_path(const struct ds_calc *c, size_t m, struct ds_table **out, struct ds_errors *err);

/*
 * One row per year in [from, to] (0: the release's first year and latest
 * year with figures) and threshold, in the order given.
 */
int ds_query_compare(const struct ds_calc *c, int from, int to, struct ds_table **out,
		     struct ds_errors *err);

/*
 * The members whose figure crossed a threshold from one year to the next,
 * for each year in (from, to]:
 *   year,threshold,iso3,country,previous_pct,pct_gdp,direction
 * direction is "up" (now meets it) or "down".  Members without a figure in
 * either year are left out.
 */
int ds_query_crossings(const struct ds_calc *c, int from, int to, struct ds_table **out,
		       struct ds_errors *err);

/*
 * The members that reached a threshold for the first time in a year of
 * [from, to]: at or above it that year, below it in every earlier year of
 * the release with a figure (before `from` too), with at least one such
 * year (a member is not "crossing" in its first year of figures):
 *   year,threshold,iso3,country,pct_gdp,highest_before,highest_before_year,
 *   first_year
 * highest_before is the member's highest earlier figure (the latest year
 * of it), first_year its first year with a figure.  By year, threshold,
 * then member.
 */
int ds_query_first_crossings(const struct ds_calc *c, int from, int to, struct ds_table **out,
			     struct ds_errors *err);

/*
 * The dollar view of each year in [from, to] that has any dollar figure,
 * and NATO's own published aggregates (aggregates.csv) for the year:
 *   year,nato_total_pct,europe_canada_pct,usd_members,alliance_pct,
 *   europe_canada_usd_m,europe_canada_members,usa_usd_m,usd_reporting
 * nato_total_pct and europe_canada_pct are NATO's, as published.
 * alliance_pct is the members' summed dollar spending over their summed
 * IMF GDP (not NATO's GDP), over the usd_members members that have both;
 * europe_canada_usd_m the summed dollars of the europe_canada_members
 * members but the USA.  Each sum is printed only when it covers every
 * member with a % figure that year, else it is NULL: a partial sum is
 * never presented as a total.  usd_reporting counts the members with a
 * dollar figure.
 */
int ds_query_dollars(const struct ds_calc *c, int from, int to, struct ds_table **out,
		     struct ds_errors *err);

/*
 * One row per member in members[0..n) (all members when members is NULL):
 * its trend over [from, to] (0: the release's ends) and the projection to
 * c->target_year.  A member with fewer than two figures in the span has
 * NULL cells.  on_track_T is the test of the path table (ds_calc_path: from
 * the member's latest figure, at the average yearly change since
 * c->base_year), whatever the span; release and source are those of the
 * two figures used, joined with " ; " when they differ.
 */
int ds_query_trend(const struct ds_calc *c, const size_t *members, size_t n, int from, int to,
		   struct ds_table **out, struct ds_errors *err);

/* What the aid table holds. */
struct ds_aid_opts {
	enum ds_aid_sort sort;
	int all_donors;     /* every donor of the file, with a nato column; else allies only */
	int total;          /* end with a row of sums over the rows shown */
	size_t only_member; /* (size_t)-1, or keep only that member's row */
};

/*
 * Of the figures ds_query_trend() uses for the same members and span (each
 * member's first and last), how many another release filled (fill.h), by
 * release: out[0..*nout), at most cap.  Returns the total.
 */
size_t ds_query_trend_filled(const struct ds_calc *c, const size_t *members, size_t n, int from,
			     int to, struct ds_fill_source *out, size_t cap, size_t *nout);

/*
 * Ukraine aid by donor from aid.csv, sorted by the chosen kind (largest
 * first, unknown last, then by name).  The figures are Kiel's own, never
 * recomputed.  share_pct is the donor's share of the total over the donors
 * the table is about (allies by default, every donor with all_donors), so
 * that the shares of the rows shown add up to 100; only_member keeps one
 * row but not its share's base.  The total row (iso3 empty, country
 * "total") sums every amount over the rows shown; it has no % of GDP (each
 * is of another GDP), and no total including EU aid when the EU
 * institutions' own row is among them (their aid would be counted twice).
 * DS_ENOINPUT when the dataset has no aid file.
 */
int ds_query_aid(const struct ds_dataset *ds, const struct ds_aid_opts *o, struct ds_table **out,
		 struct ds_errors *err);

/* The options of ds_query_aid() for the plain table: allies, by total, no total row. */
void ds_aid_opts_init(struct ds_aid_opts *o);

/* The aid file's cut-off date (ISO), or NULL when there is none. */
const char *ds_query_aid_cutoff(const struct ds_dataset *ds);

/*
 * One row per member in members[0..n) (every member when members is NULL)
 * and year in [from, to] (0 for either: the latest year with figures): the
 * money view of calc_money.h.  Rows go member by member, in the order
 * given (the dataset's order for every member), then by year.  A member
 * without a figure has NULL cells, never 0.
 */
int ds_query_spending(const struct ds_calc *c, const size_t *members, size_t n, int from, int to,
		      struct ds_table **out, struct ds_errors *err);

/*
 * The alliance in US dollars, one row per year in [from, to] (0: the
 * release's first year and latest year with figures); see
 * ds_calc_alliance_year().  The sums and the US share are NULL unless every
 * member counted has a dollar figure that year; needed then says how many
 * lack one.
 */
int ds_query_alliance(const struct ds_calc *c, int from, int to, struct ds_table **out,
		      struct ds_errors *err);

#endif
