/*
 * cmd_spending.c - `defspend spending [COUNTRY...] [--year Y | --from Y
 * --to Y] [--alliance]`: each member's share of GDP as money (NATO's US
 * dollars, else derived from IMF GDP), in its own currency, per person, in
 * real terms and as a share of government spending, one row per member and
 * year; or, with --alliance, the alliance's dollar totals per year.  The
 * table and md formats end with what each derived column is.
 */
#include <stdio.h>

#include "cli_query.h"
#include "commands.h"
#include "defspend/calc_money.h"

/* What the rows shown rest on: how many dollar figures are derived, and IMF estimates. */
static void print_notes(const struct ds_cli *cli, const struct ds_cli_query *q,
			const size_t *members, size_t n, int from, int to)
{
	size_t derived = 0, estimates = 0, rows = 0;
	size_t count = members ? n : q->ds->nmembers;
	for (size_t i = 0; i < count; i++)
		for (int y = from; y <= to; y++) {
			struct ds_calc_money r;
			ds_calc_money(&q->calc, members ? members[i] : i, y, &r);
			rows++;
			derived += r.usd_basis == DS_USD_DERIVED;
			estimates += r.imf_estimate && r.has_pct;
		}
	ds_cli_note(
		cli,
		"\nusd_basis: 'nato' is NATO's published US-dollar figure; 'derived' is\n"
		"pct_gdp x IMF GDP (%zu of %zu rows), an approximation: IMF GDP is not NATO's.\n"
		"Derived as well, from IMF figures (macro.csv): spend_lcu_m = pct_gdp x GDP\n"
		"in national currency; per_capita_usd = spend_usd_m / population;\n"
		"real_change_pct and real_index_2014 = pct_gdp x GDP at constant prices,\n"
		"against the year before and 2014; share_gov_exp_pct = pct_gdp / government\n"
		"expenditure (%% of GDP) x 100.\n",
		derived, rows);
	if (!q->ds->has_macro)
		ds_cli_note(cli, "The data has no macro.csv: only NATO's dollars and pct_gdp x the "
				 "spending\nfile's GDP are given.\n");
	else if (estimates > 0)
		ds_cli_note(cli, "%zu row%s use%s IMF estimates (macro.csv's estimate_from).\n",
			    estimates, estimates == 1 ? "" : "s", estimates == 1 ? "s" : "");
}

static void print_alliance_notes(const struct ds_cli *cli, const struct ds_cli_query *q)
{
	const struct ds_calc *c = &q->calc;
	struct ds_calc_alliance a;
	ds_calc_alliance_year(c, c->s->year_min, &a);
	ds_cli_note(cli,
		    "\nTotals in millions of US dollars: NATO's published figure where there is "
		    "one\n(nato_usd), else pct_gdp x IMF GDP (derived_usd, an approximation). A "
		    "year's\ntotals are given only when all %zu members with a figure in release "
		    "%s\nhave dollars; needed counts those without.\n",
		    a.counted, c->s->id);
	if (a.counted < q->ds->nmembers) {
		char left[512] = "";
		size_t at = 0;
		for (size_t m = 0; m < q->ds->nmembers && at + 8 < sizeof left; m++)
			if (!ds_calc_alliance_member(c, m))
				at += (size_t)snprintf(left + at, sizeof left - at, " %s",
						       q->ds->members[m].iso3);
		ds_cli_note(cli, "Left out (no figure in any year of the release):%s.\n", left);
	}
}

int cmd_spending(struct ds_cli *cli)
{
	int from = 0, to = 0;
	int alliance = ds_cli_take_flag(cli, "--alliance");
	int rc = ds_cli_query_take_year(cli, "--from", &from);
	if (rc == DS_OK)
		rc = ds_cli_query_take_year(cli, "--to", &to);
	if (rc != DS_OK)
		return rc;
	if (cli->year != 0 && (from != 0 || to != 0))
		return ds_cli_usage(cli, "--year and --from/--to cannot be combined");
	if (cli->year != 0)
		from = to = cli->year;
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, alliance ? DS_CLI_NO_OPERANDS : DS_CLI_COUNTRIES, 0, 0,
				    &q)) != DS_OK)
		return rc;
	struct ds_table *t = NULL;
	if (alliance) {
		rc = ds_query_alliance(&q.calc, from, to, &t, &q.err);
	} else {
		/* --from alone runs to the latest year; --to alone covers that year only. */
		if (from != 0 && to == 0)
			to = ds_calc_latest_year(&q.calc);
		if (to != 0 && from == 0)
			from = to;
		rc = ds_query_spending(&q.calc, q.members, q.nmembers, from, to, &t, &q.err);
	}
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli)) {
		if (alliance) {
			print_alliance_notes(cli, &q);
			/* The totals rest on the filled figures too: say which, or hint at --fill.
			 */
			struct ds_fill_scope scope = { from ? from : q.calc.s->year_min,
						       to ? to : ds_calc_latest_year(&q.calc), NULL,
						       0 };
			ds_cli_query_fill_note(cli, &q, &scope);
		} else {
			int y0 = from ? from : ds_calc_latest_year(&q.calc);
			int y1 = to ? to : y0;
			struct ds_fill_scope scope = { y0, y1, q.members, q.nmembers };
			print_notes(cli, &q, q.members, q.nmembers, y0, y1);
			ds_cli_query_fill_note(cli, &q, &scope);
		}
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
