/*
 * cmd_list.c - `defspend list [--sort KEY]`: every member in one
 * year against every threshold; in the table and md formats followed by the
 * year's counts (reporting, missing, meeting each threshold).
 */
#include "cli_query.h"
#include "commands.h"

static void print_counts(const struct ds_cli *cli, const struct ds_calc *c, int year)
{
	struct ds_calc_year y;
	ds_calc_year_summary(c, year, &y);
	char line[1024];
	size_t o =
		(size_t)snprintf(line, sizeof line, "%d: %zu of %zu members reporting, %zu missing",
				 year, y.reporting, y.members, y.missing);
	for (size_t i = 0; i < c->nth && o < sizeof line; i++)
		o += (size_t)snprintf(line + o, sizeof line - o, "%s %zu at or above %s%%",
				      i == 0 ? ";" : ",", y.meeting[i], c->th[i].label);
	ds_cli_note(cli, "\n%s (release %s)\n", line, c->s->id);
}

int cmd_list(struct ds_cli *cli)
{
	enum ds_list_sort sort = DS_SORT_PCT;
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	static const char *const keys[] = {
		"pct", "name", "gap", "per_capita", "usd", "real_change"
	};
	if (rc == 1 && ds_list_sort_parse(v, &sort) != 0)
		return ds_cli_unknown(cli, "sort", v, keys, sizeof keys / sizeof keys[0],
				      "pct, name, gap, per_capita, usd or real_change");
	if (rc != 0 && rc != 1)
		return rc;
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, DS_CLI_NO_OPERANDS, 0, 0, &q)) != DS_OK)
		return rc;
	int year = cli->year ? cli->year : ds_calc_latest_year(&q.calc);
	struct ds_table *t = NULL;
	rc = ds_query_list(&q.calc, year, sort, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli))
		print_counts(cli, &q.calc, year);
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
