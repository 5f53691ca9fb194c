/*
 * cmd_compare.c - `defspend compare [--from YEAR] [--to YEAR]`: for each
 * year and threshold, how many members meet it, report, and are missing.
 * In the table and md formats it goes on with the years thinly covered, the
 * members that crossed a threshold since the year before and those that
 * reached one for the first time, the dollar view of each year and the
 * alliance's dollar totals (NATO's dollars, else derived from IMF GDP).
 * --year YEAR alone compares that one year.
 */
#include <string.h>

#include "cli_query.h"
#include "commands.h"

/* "Thinly covered (...): 2023 (1 of 32)" for the years of the span with few figures. */
static void thin_years(const struct ds_cli *cli, const struct ds_calc *c, int from, int to)
{
	char line[1024];
	size_t o = 0;
	for (int y = from; y <= to && o < sizeof line; y++) {
		struct ds_calc_year sum;
		ds_calc_year_summary(c, y, &sum);
		if (!ds_calc_thin(&sum))
			continue;
		o += (size_t)snprintf(line + o, sizeof line - o, "%s%d (%zu of %zu)",
				      o ? ", "
					: "Thinly covered, fewer than half the members reporting "
					  "(counts say little about the alliance): ",
				      y, sum.reporting, sum.members);
	}
	if (o > 0)
		ds_cli_note(cli, "\n%s.\n", line);
}

static int extras(const struct ds_cli *cli, const struct ds_calc *c, int from, int to,
		  struct ds_errors *err)
{
	thin_years(cli, c, from, to);
	struct ds_table *t = NULL;
	int rc = ds_query_crossings(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0)
		rc = ds_cli_query_write_extra(cli, "Crossed a threshold since the year before", t);
	else if (from < to)
		ds_cli_note(cli, "\nNo member crossed a threshold from one year to the next.\n");
	ds_table_free(t);
	if (rc != DS_OK)
		return rc;
	rc = ds_query_first_crossings(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0) {
		rc = ds_cli_query_write_extra(
			cli,
			"Reached a threshold for the first time (below it in every earlier year of the "
			"release)",
			t);
		size_t col, gaps = 0;
		for (size_t r = 0;
		     ds_table_column_find(t, "years_without", &col) == 0 && r < ds_table_rows(t);
		     r++) {
			const char *v = ds_table_cell_text(t, r, col);
			gaps += v != NULL && strcmp(v, "0") != 0;
		}
		if (rc == DS_OK && gaps > 0)
			ds_cli_note(
				cli,
				"\nyears_without: years after first_year with no figure for the "
				"member in this\nrelease; in %zu row%s the member may have "
				"reached the threshold in one of\nthem: \"first time\" is then "
				"only the first time in this release's data.\n",
				gaps, gaps == 1 ? "" : "s");
	}
	ds_table_free(t);
	if (rc != DS_OK)
		return rc;
	rc = ds_query_dollars(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0) {
		rc = ds_cli_query_write_extra(cli, "NATO aggregates and US-dollar figures", t);
		if (rc == DS_OK)
			ds_cli_note(cli,
				    "\nnato_total_pct and europe_canada_pct are NATO's published "
				    "aggregates.\nalliance_pct (over IMF GDP, not NATO's) and "
				    "europe_canada_usd_m are sums\nover members, shown only when "
				    "every member with a %% figure has a dollar\nfigure; "
				    "usd_reporting members do.\n");
	}
	ds_table_free(t);
	t = NULL;
	if (rc == DS_OK)
		rc = ds_query_alliance(c, from, to, &t, err);
	if (rc == DS_OK)
		rc = ds_cli_query_write_extra(
			cli,
			"Alliance spending in US dollars (NATO's where published, else derived)",
			t);
	if (rc == DS_OK)
		ds_cli_note(cli,
			    "\nA total only where all members with a figure in the release have "
			    "dollars\n(members); derived_usd of them are pct_gdp x IMF GDP, an "
			    "approximation;\nneeded: members still without. See 'spending "
			    "--alliance'.\n");
	ds_table_free(t);
	return rc;
}

int cmd_compare(struct ds_cli *cli)
{
	int from = cli->year, to = cli->year;
	int rc = ds_cli_query_take_year(cli, "--from", &from);
	if (rc == DS_OK)
		rc = ds_cli_query_take_year(cli, "--to", &to);
	struct ds_cli_query q;
	if (rc == DS_OK)
		rc = ds_cli_query_open(cli, DS_CLI_NO_OPERANDS, 0, 0, &q);
	if (rc != DS_OK)
		return rc;
	if (from == 0)
		from = ds_calc_first_year(&q.calc) ? ds_calc_first_year(&q.calc)
						   : q.ds->spending->year_min;
	if (to == 0)
		to = ds_calc_latest_year(&q.calc) ? ds_calc_latest_year(&q.calc)
						  : q.ds->spending->year_max;
	struct ds_table *t = NULL;
	rc = ds_query_compare(&q.calc, from, to, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli))
		rc = extras(cli, &q.calc, from, to, &q.err);
	if (rc == DS_OK) {
		struct ds_fill_scope scope = { from, to, NULL, 0 };
		ds_cli_query_fill_note(cli, &q, &scope);
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
