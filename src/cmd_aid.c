/*
 * cmd_aid.c - `defspend aid [--sort total|military|financial|humanitarian]`:
 * Ukraine aid by donor from the Kiel Institute's tracker, with each donor's
 * share of the listed donors' total; in the table and md formats followed
 * by the cut-off date and what the figures are not.
 */
#include "cmd_query.h"

int cmd_aid(struct ds_cli *cli)
{
	enum ds_aid_sort sort = DS_AID_SORT_TOTAL;
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	if (rc == 1 && ds_aid_sort_parse(v, &sort) != 0)
		return ds_cli_usage(
			cli, "unknown sort '%s' (total, military, financial or humanitarian)", v);
	if (rc != 0 && rc != 1)
		return rc;
	char **args;
	int n;
	if ((rc = dsc_operands(cli, &args, &n)) != DS_OK)
		return rc;
	if (n > 0)
		return ds_cli_usage(cli, "unexpected argument '%s'", args[0]);
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_table *t = NULL;
	rc = ds_query_aid(ds, sort, (size_t)-1, &t, &err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && dsc_extras(cli)) {
		const char *cutoff = ds_query_aid_cutoff(ds);
		printf("\nBilateral allocations in billions of euros, Kiel Institute Ukraine Support "
		       "Tracker, data to %s.\nNot added to defence spending (NATO already counts donated "
		       "equipment); no %% of GDP, as the data holds no euro-dollar rate.\n",
		       cutoff ? cutoff : "an unknown date");
	}
	ds_table_free(t);
	if (ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	ds_dataset_free(ds);
	return rc;
}
