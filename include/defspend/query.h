/*
 * query.h - the result tables of the query commands, built from the
 * calculator (calc.h), ready for ds_table_write().
 *
 * One builder per command: list, show, compare, trend and aid.  The column
 * names of the main tables are a contract (issue 3) that scripts and the
 * report rely on; `T` below is each threshold's label as the user wrote it
 * (`2`, `3.5`, `5`):
 *
 *   list, show  rank,iso3,country,year,pct_gdp,estimate,
 *               meets_T,gap_T_pp,gap_T_usd_m  (for each T)
 *   compare     year,threshold,meeting,reporting,missing
 *   trend       iso3,country,from_year,from_pct,to_year,to_pct,change_pp,
 *               avg_change_pp,target_year,projected_pct
 *   aid         iso3,country,military_eur_bn,financial_eur_bn,
 *               humanitarian_eur_bn,total_eur_bn,share_pct
 *
 * The extra tables (path, crossings, dollars) are what the table and md
 * formats show after the main table; their columns may still grow.
 *
 * Numbers: percentages and gaps in points keep the decimals the figure was
 * published with (a gap uses the larger of the figure's and the threshold's
 * decimals); dollar amounts have no decimals; euro amounts three (as the
 * tracker publishes them); shares two.  A value that is not known is a NULL
 * cell (empty in CSV/TSV, null in JSON), never 0.
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
#include "defspend/table.h"

enum ds_list_sort {
	DS_SORT_PCT,  /* highest % first (the rank order) */
	DS_SORT_NAME, /* by name, bytewise */
	DS_SORT_GAP   /* largest shortfall to the first threshold first */
};
/* Sets *out from "pct", "name" or "gap"; -1 when none. */
int ds_list_sort_parse(const char *name, enum ds_list_sort *out);

enum ds_aid_sort {
	DS_AID_SORT_TOTAL,
	DS_AID_SORT_MILITARY,
	DS_AID_SORT_FINANCIAL,
	DS_AID_SORT_HUMANITARIAN
};
/* Sets *out from "total", "military", "financial" or "humanitarian"; -1 when none. */
int ds_aid_sort_parse(const char *name, enum ds_aid_sort *out);

/*
 * One row per member of the dataset for year (0: the latest year with
 * figures).  Members without a figure come last, with NULL cells.  Ties
 * (and equal gaps) are ordered by % then name.
 */
int ds_query_list(const struct ds_calc *c, int year, enum ds_list_sort sort, struct ds_table **out,
		  struct ds_errors *err);

/*
 * For each member in members[0..n), one row per year of the release, oldest
 * first, with list's columns (rank is the rank in that year).
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
 * The dollar view of each year in [from, to] that has any dollar figure,
 * and NATO's own published aggregates (aggregates.csv) for the year:
 *   year,nato_total_pct,europe_canada_pct,usd_members,alliance_pct,
 *   europe_canada_usd_m,europe_canada_members,usa_usd_m
 * alliance_pct is the members' summed dollar spending over their summed
 * IMF GDP, over the usd_members members that have both: dollar figures are
 * sparse, so it is not the alliance's figure, and IMF GDP is not NATO's.
 */
int ds_query_dollars(const struct ds_calc *c, int from, int to, struct ds_table **out,
		     struct ds_errors *err);

/*
 * One row per member in members[0..n) (all members when members is NULL):
 * its trend over [from, to] (0: the release's ends) and the projection to
 * c->target_year.  A member with fewer than two figures in the span has
 * NULL cells.
 */
int ds_query_trend(const struct ds_calc *c, const size_t *members, size_t n, int from, int to,
		   struct ds_table **out, struct ds_errors *err);

/*
 * Ukraine aid by donor from aid.csv, sorted by the chosen kind (largest
 * first, unknown last, then by name).  share_pct is the donor's share of the
 * total of every listed donor with a known total.  When only_member is not
 * (size_t)-1, only that member's row is kept (the share stays the share of
 * all donors).  DS_ENOINPUT when the dataset has no aid file.
 */
int ds_query_aid(const struct ds_dataset *ds, enum ds_aid_sort sort, size_t only_member,
		 struct ds_table **out, struct ds_errors *err);

/* The aid file's cut-off date (ISO), or NULL when there is none. */
const char *ds_query_aid_cutoff(const struct ds_dataset *ds);

#endif
