/*
 * cmd_list.c - `defspend list [--sort pct|name|gap]`: every member in one
 * year against every threshold; in the table and md formats followed by the
 * year's counts (reporting, missing, meeting each threshold).
 */
#include "cmd_query.h"

static int print_counts(const struct ds_cli *cli, const struct ds_calc *c, int year)
{
	struct ds_calc_year y;
	ds_calc_year_summary(c, year, &y);
	(void)cli;
	printf("\n%d: %zu of %zu members reporting, %zu missing", year, y.reporting, y.members,
	       y.missing);
	for (size_t i = 0; i < c->nth; i++)
		printf("%s %zu at or above %s%%", i == 0 ? ";" : ",", y.meeting[i], c->th[i].label);
	printf(" (release %s)\n", c->s->id);
	return DS_OK;
}

int cmd_list(struct ds_cli *cli)
{
	enum ds_list_sort sort = DS_SORT_PCT;
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	if (rc == 1 && ds_list_sort_parse(v, &sort) != 0)
		return ds_cli_usage(cli, "unknown sort '%s' (pct, name or gap)", v);
	if (rc != 0 && rc != 1)
		return rc;
	char **args;
	int n;
	if ((rc = dsc_operands(cli, &args, &n)) != DS_OK)
		return rc;
	if (n > 0)
		return ds_cli_usage(cli, "unexpected argument '%s'", args[0]);
	struct ds_dataset *ds;
	struct ds_calc c;
	if ((rc = dsc_open(cli, 0, 0, &ds, &c)) != DS_OK)
		return rc;
	int year = cli->year ? cli->year : ds_calc_latest_year(&c);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	rc = ds_query_list(&c, year, sort, &t, &err);
	if (rc != DS_OK) {
		rc = dsc_fail(&err);
		goto out;
	}
	rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && dsc_extras(cli))
		rc = print_counts(cli, &c, year);
	ds_table_free(t);
	ds_errors_release(&err);
out:
	ds_dataset_free(ds);
	return rc;
}
