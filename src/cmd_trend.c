/*
 * cmd_trend.c - `defspend trend [--from YEAR] [--to YEAR] [--by YEAR]
 * [COUNTRY...]`: each member's change in points over the span, its average
 * yearly change, and where that average leads by the target year.  Without
 * a country, every member.
 */
#include <stdlib.h>

#include "cmd_query.h"

int cmd_trend(struct ds_cli *cli)
{
	int from = 0, to = cli->year, target = 0;
	int rc = dsc_take_year(cli, "--from", &from);
	if (rc == DS_OK)
		rc = dsc_take_year(cli, "--to", &to);
	if (rc == DS_OK)
		rc = dsc_take_year(cli, "--by", &target);
	char **args;
	int n;
	if (rc == DS_OK)
		rc = dsc_operands(cli, &args, &n);
	if (rc != DS_OK)
		return rc;
	struct ds_dataset *ds;
	struct ds_calc c;
	if ((rc = dsc_open(cli, 0, target, &ds, &c)) != DS_OK)
		return rc;
	size_t *members = calloc(n ? (size_t)n : 1, sizeof *members);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t = NULL;
	if (members == NULL) {
		ds_cli_warn("out of memory");
		rc = DS_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n && rc == DS_OK; i++)
		rc = ds_cli_member(ds, args[i], &members[i]);
	if (rc != DS_OK)
		goto out;
	rc = ds_query_trend(&c, n ? members : NULL, (size_t)n, from, to, &t, &err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && dsc_extras(cli))
		printf("\nprojected_pct continues the average yearly change of the span to %d; it is "
		       "arithmetic, not a forecast.\n",
		       c.target_year);
out:
	ds_table_free(t);
	if (ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	free(members);
	ds_dataset_free(ds);
	return rc;
}
