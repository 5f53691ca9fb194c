/*
 * cmd_aid.c - `defspend aid [--sort total|military|financial|humanitarian]`:
 * Ukraine aid by donor from the Kiel Institute's tracker, with each donor's
 * share of the listed donors' total; in the table and md formats followed
 * by the cut-off date and what the figures are not.
 */
#include "cli_query.h"
#include "commands.h"

int cmd_aid(struct ds_cli *cli)
{
	enum ds_aid_sort sort = DS_AID_SORT_TOTAL;
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	static const char *const keys[] = { "total", "military", "financial", "humanitarian" };
	if (rc == 1 && ds_aid_sort_parse(v, &sort) != 0)
		return ds_cli_unknown(cli, "sort", v, keys, 4,
				      "total, military, financial or humanitarian");
	if (rc != 0 && rc != 1)
		return rc;
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, DS_CLI_NO_OPERANDS, 0, 0, &q)) != DS_OK)
		return rc;
	struct ds_table *t = NULL;
	rc = ds_query_aid(q.ds, sort, (size_t)-1, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli)) {
		const char *cutoff = ds_query_aid_cutoff(q.ds);
		ds_cli_note(
			cli,
			"\nBilateral allocations in billions of euros, Kiel Institute Ukraine "
			"Support Tracker, data to %s.\nNot added to defence spending (NATO already "
			"counts donated equipment); no %% of GDP, as the data holds no euro-dollar "
			"rate.\n",
			cutoff ? cutoff : "an unknown date");
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
