/*
 * cmd_query.c - the front-end helpers of the query commands (see
 * cmd_query.h).  Not a command itself: it holds no cmd_ entry point.
 */
#include <string.h>

#include "cmd_query.h"
#include "defspend/lookup.h"

int dsc_open(const struct ds_cli *cli, int base_year, int target_year, struct ds_dataset **ds,
	     struct ds_calc *c)
{
	int rc = ds_cli_load(cli, 0, ds);
	if (rc != DS_OK)
		return rc;
	rc = ds_calc_init(c, *ds, (*ds)->spending, cli->thresholds, cli->nthresholds, base_year,
			  target_year);
	if (rc != DS_OK) {
		ds_dataset_free(*ds);
		*ds = NULL;
		return ds_cli_usage(cli, "too many thresholds");
	}
	/* A base year without figures, or a target before the latest figure,
	 * would give numbers that answer no question. */
	int latest = ds_calc_latest_year(c);
	int has_base = 0;
	const struct ds_series *s = (*ds)->spending;
	for (size_t i = 0; base_year != 0 && i < s->n && !has_base; i++)
		has_base = s->obs[i].year == base_year && (s->obs[i].flags & DS_OBS_PCT);
	if (base_year != 0 && !has_base)
		rc = ds_cli_usage(cli, "--since %d: release '%s' has no figures for that year",
				  base_year, s->id);
	else if (target_year != 0 && latest != 0 && target_year <= latest)
		rc = ds_cli_usage(cli, "--by %d is not after the latest figure (%d)", target_year,
				  latest);
	if (rc != DS_OK) {
		ds_dataset_free(*ds);
		*ds = NULL;
	}
	return rc;
}

int dsc_take_year(struct ds_cli *cli, const char *name, int *year)
{
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, name, &v);
	if (rc == 0)
		return DS_OK;
	if (rc != 1)
		return rc;
	return ds_cli_parse_year(cli, name, v, year);
}

int dsc_operands(struct ds_cli *cli, char ***args, int *n)
{
	int rc = ds_cli_no_options(cli);
	if (rc != DS_OK)
		return rc;
	/* Drop the "--" markers in place: what follows them is an operand. */
	int k = 0;
	for (int i = 0; i < cli->argc; i++)
		if (strcmp(cli->argv[i], "--") != 0)
			cli->argv[k++] = cli->argv[i];
	cli->argc = k;
	*args = cli->argv;
	*n = k;
	return DS_OK;
}

int dsc_extras(const struct ds_cli *cli)
{
	return cli->format == DS_FORMAT_TABLE || cli->format == DS_FORMAT_MD;
}

int dsc_write_extra(const struct ds_cli *cli, const char *title, const struct ds_table *t)
{
	if (cli->format == DS_FORMAT_MD)
		printf("\n### %s\n\n", title);
	else
		printf("\n%s:\n", title);
	return ds_cli_write_table(cli, t);
}

int dsc_fail(struct ds_errors *err)
{
	int rc = ds_cli_report(err);
	ds_errors_release(err);
	return rc;
}
