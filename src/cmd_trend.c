/*
 * cmd_trend.c - `defspend trend [--from YEAR] [--to YEAR] [--by YEAR]
 * [COUNTRY...]`: each member's change in points over the span, its average
 * yearly change, and where that average leads by the target year.  Without
 * a country, every member.
 */
#include <stdlib.h>

#include "cli_query.h"
#include "commands.h"

/* The fill footer of the figures the table used, or the hint of the span's gaps. */
static int fill_note(const struct ds_cli *cli, struct ds_cli_query *q, int from, int to)
{
	const struct ds_series *s = q->ds->spending;
	struct ds_fill_scope scope = { from ? from : s->year_min,
				       to ? to : ds_calc_latest_year(&q->calc), q->members,
				       q->nmembers };
	if (!cli->fill) {
		ds_cli_query_fill_note(cli, q, &scope);
		return DS_OK;
	}
	size_t cap = q->ds->nreleases ? q->ds->nreleases : 1, n;
	struct ds_fill_source *v = calloc(cap, sizeof *v);
	if (v == NULL)
		return ds_cli_nomem();
	char text[512];
	ds_query_trend_filled(&q->calc, q->members, q->nmembers, from, to, v, cap, &n);
	ds_fill_text_filled(q->ds, v, n, text, sizeof text);
	if (*text != '\0')
		ds_cli_note(cli, "\n%s\n", text);
	free(v);
	return DS_OK;
}

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
	if (rc == DS_OK && ds_cli_query_extras(cli)) {
		ds_cli_note(
			cli,
			"\nprojected_pct continues the average yearly change of the span to %d; "
			"it is arithmetic, not a forecast.\n",
			q.calc.target_year);
		rc = fill_note(cli, &q, from, to);
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
