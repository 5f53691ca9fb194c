/*
 * cli_query.c - the front-end side of the query commands (see
 * cli_query.h): option intake, loading, naming members, the extras, and
 * the one cleanup.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_query.h"
#include "defspend/load.h"

int ds_cli_query_take_year(struct ds_cli *cli, const char *name, int *year)
{
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, name, &v);
	if (rc == 0)
		return DS_OK;
	if (rc != 1)
		return rc;
	return ds_cli_parse_year(cli, name, v, year);
}

/* Leaves only the operands in cli->argv, "--" markers dropped; DS_EUSAGE for an option. */
static int take_operands(struct ds_cli *cli, enum ds_cli_operands operands)
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
	if (operands == DS_CLI_NO_OPERANDS && k > 0)
		return ds_cli_usage(cli, "unexpected argument '%s'", cli->argv[0]);
	if (operands == DS_CLI_COUNTRY_LIST && k == 0)
		return ds_cli_usage(cli, "name at least one country");
	return DS_OK;
}

/* Loads the data and prepares the calculator; the years are checked against the release. */
static int load(const struct ds_cli *cli, int base_year, int target_year, struct ds_cli_query *q)
{
	int rc = ds_cli_load(cli, 0, &q->ds);
	if (rc != DS_OK)
		return rc;
	if (ds_calc_init(&q->calc, q->ds, q->ds->spending, cli->thresholds, cli->nthresholds,
			 base_year, target_year) != DS_OK)
		return ds_cli_usage(cli, "too many thresholds");
	/* A base year without figures, or a target before the latest figure,
	 * would give numbers that answer no question. */
	int latest = ds_calc_latest_year(&q->calc);
	int has_base = 0;
	const struct ds_series *s = q->ds->spending;
	for (size_t i = 0; base_year != 0 && i < s->n && !has_base; i++)
		has_base = s->obs[i].year == base_year && (s->obs[i].flags & DS_OBS_PCT);
	if (base_year != 0 && !has_base)
		return ds_cli_usage(cli, "--since %d: release '%s' has no figures for that year",
				    base_year, s->id);
	if (target_year != 0 && latest != 0 && target_year <= latest)
		return ds_cli_usage(cli, "--by %d is not after the latest figure (%d)", target_year,
				    latest);
	return DS_OK;
}

static void release(struct ds_cli_query *q)
{
	ds_errors_release(&q->err);
	free(q->members);
	ds_dataset_free(q->ds);
	memset(q, 0, sizeof *q);
}

int ds_cli_query_open(struct ds_cli *cli, enum ds_cli_operands operands, int base_year,
		      int target_year, struct ds_cli_query *q)
{
	memset(q, 0, sizeof *q);
	ds_errors_init(&q->err);
	int rc = take_operands(cli, operands);
	if (rc == DS_OK)
		rc = load(cli, base_year, target_year, q);
	if (rc == DS_OK && (rc = ds_cli_members(cli, q->ds, &q->members)) == DS_OK)
		q->nmembers = (size_t)cli->argc;
	if (rc != DS_OK)
		release(q);
	return rc;
}

int ds_cli_query_close(struct ds_cli_query *q, int rc)
{
	if (ds_errors_count(&q->err) > 0)
		rc = ds_cli_report(&q->err);
	release(q);
	return rc;
}

int ds_cli_query_extras(const struct ds_cli *cli)
{
	return cli->format == DS_FORMAT_TABLE || cli->format == DS_FORMAT_MD;
}

int ds_cli_query_write_extra(const struct ds_cli *cli, const char *title, const struct ds_table *t)
{
	if (cli->format == DS_FORMAT_MD)
		printf("\n### %s\n\n", title);
	else
		ds_cli_print(cli, "\n%s:\n", title);
	return ds_cli_write_extra(cli, t);
}

void ds_cli_query_fill_note(const struct ds_cli *cli, struct ds_cli_query *q,
			    const struct ds_fill_scope *scope)
{
	if (!ds_cli_query_extras(cli) || q->ds->spending == NULL)
		return;
	size_t cap = q->ds->nreleases ? q->ds->nreleases : 1, n = 0, lacking = 0;
	struct ds_fill_source *v = calloc(cap, sizeof *v);
	char text[512] = "";
	if (v == NULL)
		return;
	if (cli->fill) {
		ds_fill_sources(q->ds, q->ds->spending, scope, v, cap, &n);
		ds_fill_text_filled(q->ds, v, n, text, sizeof text);
	} else {
		struct ds_errors err;
		ds_errors_init(&err);
		if (ds_dataset_fill_preview(q->ds, scope, &lacking, v, cap, &n, &err) == DS_OK)
			ds_fill_text_hint(q->ds, q->ds->spending->id, scope, lacking, v, n, text,
					  sizeof text);
		ds_errors_release(&err);
	}
	if (*text != '\0')
		ds_cli_note(cli, "\n%s\n", text);
	free(v);
}
