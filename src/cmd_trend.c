/*
 * cmd_trend.c - `defspend trend [--from YEAR] [--to YEAR] [--by YEAR]
 * [COUNTRY...]`: each member's change in points over the span, its average
 * yearly change, and where that average leads by the target year.  Without
 * a country, every member.
 */
#include "cli_query.h"
#include "commands.h"

int cmd_trend(struct ds_cli *cli)
{
	int from = 0, to = cli->year, target = 0;
	int rc = ds_cli_query_take_year(cli, "--from", &from);
	if (rc == DS_OK)
		rc = ds_cli_query_take_year(cli, "--to", &to);
	if (rc == DS_OK)
		rc = ds_cli_query_take_year(cli, "--by", &target);
	struct ds_cli_query q;
	if (rc == DS_OK)
		rc = ds_cli_query_open(cli, DS_CLI_COUNTRIES, 0, target, &q);
	if (rc != DS_OK)
		return rc;
	struct ds_table *t = NULL;
	rc = ds_query_trend(&q.calc, q.members, q.nmembers, from, to, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli))
		ds_cli_note(
			cli,
			"\nprojected_pct continues the average yearly change of the span to %d; "
			"it is arithmetic, not a forecast.\n",
			q.calc.target_year);
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
