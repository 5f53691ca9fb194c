/*
 * cmd_compare.c - `defspend compare [--from YEAR] [--to YEAR]`: for each
 * year and threshold, how many members meet it, report, and are missing.
 * In the table and md formats it goes on with the members that crossed a
 * threshold since the year before, the dollar view of each year and the
 * alliance's dollar totals (NATO's dollars, else derived from IMF GDP).
 * --year YEAR alone compares that one year.
 */
#include "cli_query.h"
#include "commands.h"

static int extras(const struct ds_cli *cli, const struct ds_calc *c, int from, int to,
		  struct ds_errors *err)
{
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
	rc = ds_query_dollars(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0) {
		rc = ds_cli_query_write_extra(cli, "NATO aggregates and US-dollar figures", t);
		if (rc == DS_OK)
			ds_cli_note(cli, "\nalliance_pct sums only the usd_members members with a "
					 "dollar figure and IMF GDP (not NATO's GDP): an "
					 "approximation, not the alliance's share.\n");
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
		from = q.ds->spending->year_min;
	if (to == 0)
		to = ds_calc_latest_year(&q.calc) ? ds_calc_latest_year(&q.calc)
						  : q.ds->spending->year_max;
	struct ds_table *t = NULL;
	rc = ds_query_compare(&q.calc, from, to, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli))
		rc = extras(cli, &q.calc, from, to, &q.err);
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
