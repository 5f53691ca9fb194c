/*
 * cmd_compare.c - `defspend compare [--from YEAR] [--to YEAR]`: for each
 * year and threshold, how many members meet it, report, and are missing.
 * In the table and md formats it goes on with the members that crossed a
 * threshold since the year before, and the dollar view of each year.
 * --year YEAR alone compares that one year.
 */
#include "cmd_query.h"

static int extras(const struct ds_cli *cli, const struct ds_calc *c, int from, int to,
		  struct ds_errors *err)
{
	struct ds_table *t = NULL;
	int rc = ds_query_crossings(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0)
		rc = dsc_write_extra(cli, "Crossed a threshold since the year before", t);
	else if (from < to)
		printf("\nNo member crossed a threshold from one year to the next.\n");
	ds_table_free(t);
	if (rc != DS_OK)
		return rc;
	rc = ds_query_dollars(c, from, to, &t, err);
	if (rc != DS_OK)
		return rc;
	if (ds_table_rows(t) > 0) {
		rc = dsc_write_extra(cli, "NATO aggregates and US-dollar figures", t);
		if (rc == DS_OK)
			printf("\nalliance_pct sums only the usd_members members with a dollar figure and "
			       "IMF GDP (not NATO's GDP): an approximation, not the alliance's share.\n");
	}
	ds_table_free(t);
	return rc;
}

int cmd_compare(struct ds_cli *cli)
{
	int from = cli->year, to = cli->year;
	int rc = dsc_take_year(cli, "--from", &from);
	if (rc == DS_OK)
		rc = dsc_take_year(cli, "--to", &to);
	char **args;
	int n;
	if (rc == DS_OK)
		rc = dsc_operands(cli, &args, &n);
	if (rc != DS_OK)
		return rc;
	if (n > 0)
		return ds_cli_usage(cli, "unexpected argument '%s'", args[0]);
	struct ds_dataset *ds;
	struct ds_calc c;
	if ((rc = dsc_open(cli, 0, 0, &ds, &c)) != DS_OK)
		return rc;
	if (from == 0)
		from = ds->spending->year_min;
	if (to == 0)
		to = ds_calc_latest_year(&c) ? ds_calc_latest_year(&c) : ds->spending->year_max;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t = NULL;
	rc = ds_query_compare(&c, from, to, &t, &err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && dsc_extras(cli))
		rc = extras(cli, &c, from, to, &err);
	ds_table_free(t);
	if (ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	ds_dataset_free(ds);
	return rc;
}
