/*
 * cmd_releases.c - `defspend releases`: every NATO release in the data,
 * oldest first, with its title, dates, basis, precision and coverage.
 */
#include "commands.h"

#include "defspend/revisions.h"

int cmd_releases(struct ds_cli *cli)
{
	int rc = ds_cli_no_options(cli);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 0)
		return ds_cli_usage(cli, "too many arguments");
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t;
	rc = ds_releases_table(ds, &t, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	else
		rc = ds_cli_write_table(cli, t);
	if (t != NULL)
		ds_table_free(t);
	ds_errors_release(&err);
	ds_dataset_free(ds);
	return rc;
}
