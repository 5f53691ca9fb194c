/*
 * cmd_list.c - `defspend list [--sort KEY] [--total]`: every member in one
 * year against every threshold; in the table and md formats followed by the
 * year's counts (reporting, missing, meeting each threshold), the summed
 * dollar gaps, who has no figure and why, and what other releases could
 * fill (or, with --fill, did fill).
 */
#include "cli_query.h"
#include "commands.h"
#include "defspend/provenance.h"

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
	if (ds_calc_thin(&y))
		ds_cli_note(cli,
			    "%d is thinly covered: fewer than half the members report a figure, so "
			    "its counts and ranks say little about the alliance.\n",
			    year);
}

/*
 * "Total dollar gap of the 25 of 32 members with a 2025 figure (US$ m, IMF
 * GDP): 0 to 2%, 12345 to 3.5%, ...": a sum is shown only when every one
 * of them has its dollar gap.
 */
static void print_totals(const struct ds_cli *cli, const struct ds_calc *c, int year)
{
	struct ds_calc_totals tot;
	ds_calc_gap_totals(c, year, &tot);
	if (c->nth == 0 || tot.reporting == 0)
		return;
	char line[1024];
	size_t o = (size_t)snprintf(
		line, sizeof line,
		"Total dollar gap of the %zu of %zu members with a %d figure (US$ m, IMF GDP):",
		tot.reporting, tot.members, year);
	for (size_t i = 0; i < c->nth && o < sizeof line; i++) {
		char buf[64];
		if (tot.complete[i]) {
			ds_money_format_musd(buf, sizeof buf, tot.gap_usd[i], 0);
			o += (size_t)snprintf(line + o, sizeof line - o, "%s %s to %s%%",
					      i ? "," : "", buf, c->th[i].label);
		} else {
			o += (size_t)snprintf(line + o, sizeof line - o,
					      "%s not summed to %s%% (%zu without IMF GDP)",
					      i ? "," : "", c->th[i].label, tot.without_usd[i]);
		}
	}
	ds_cli_note(cli, "%s.\n", line);
}

/*
 * Who has no figure, and why, in the data's own words: "NATO published
 * none" only where the note says so, else "no figure in this release's data".
 */
static void print_missing(const struct ds_cli *cli, const struct ds_calc *c, int year)
{
	for (int why = DS_MISSING_NOT_IN_DATA; why <= DS_MISSING_UNPUBLISHED; why++) {
		char line[2048];
		size_t o = 0;
		const char *text = ds_provenance_missing_text((enum ds_missing)why);
		for (size_t m = 0; m < c->ds->nmembers && o < sizeof line; m++) {
			const struct ds_obs *ob = ds_series_get(c->s, m, year);
			if ((ob != NULL && (ob->flags & DS_OBS_PCT)) ||
			    (int)ds_provenance_missing(c->ds, ob) != why)
				continue;
			if (o > 0) /* capitalised first: "No figure in this release's data: " */
				o += (size_t)snprintf(line + o, sizeof line - o, ", %s",
						      c->ds->members[m].name);
			else
				o = (size_t)snprintf(line, sizeof line, "%c%s: %s",
						     text[0] == 'n' ? 'N' : text[0], text + 1,
						     c->ds->members[m].name);
		}
		if (o > 0)
			ds_cli_note(cli, "%s.\n", line);
	}
}

/* A sort on a figure of `spending`, which list does not show: which one, derived how. */
static void print_sort(const struct ds_cli *cli, enum ds_list_sort sort, int year)
{
	const char *what;
	switch (sort) {
	case DS_SORT_PER_CAPITA:
		what = "per_capita_usd (derived: spend_usd_m / IMF population)";
		break;
	case DS_SORT_USD:
		what = "spend_usd_m (NATO's dollars, else derived: pct_gdp x IMF GDP)";
		break;
	case DS_SORT_REAL_CHANGE:
		what = "real_change_pct (derived: pct_gdp x IMF GDP at constant prices)";
		break;
	default:
		return;
	}
	ds_cli_note(cli,
		    "Sorted by %s,\nlargest first; members without it follow. 'defspend spending "
		    "--year %d' shows it.\n",
		    what, year);
}

int cmd_list(struct ds_cli *cli)
{
	enum ds_list_sort sort = DS_SORT_PCT;
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	static const char *const keys[] = { "pct",        "name", "gap",        "gap_usd",
					    "per_capita", "usd",  "real_change" };
	if (rc == 1 && ds_list_sort_parse(v, &sort) != 0)
		return ds_cli_unknown(cli, "sort", v, keys, sizeof keys / sizeof keys[0],
				      "pct, name, gap, gap_usd, per_capita, usd or real_change");
	if (rc != 0 && rc != 1)
		return rc;
	int total = ds_cli_take_flag(cli, "--total");
	/* A given year: only its rows, the year before (real change) and the
	 * base year (change since) are needed of a large file. */
	if (cli->year != 0)
		cli->keep = (struct ds_keep_years){
			.year = { cli->year, cli->year - 1, DS_CALC_BASE_YEAR }, .n = 3
		};
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, DS_CLI_NO_OPERANDS, 0, 0, &q)) != DS_OK)
		return rc;
	int year = cli->year ? cli->year : ds_calc_latest_year(&q.calc);
	struct ds_table *t = NULL;
	rc = ds_query_list_columns(&q.calc, year, sort, cli->view ? cli->view->columns : NULL, &t,
				   &q.err);
	/* The table formats have the totals line; --total is the machine formats' row. */
	if (rc == DS_OK && total && !ds_cli_query_extras(cli))
		rc = ds_query_list_total(&q.calc, year, t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli)) {
		struct ds_fill_scope scope = { year, year, NULL, 0 };
		print_counts(cli, &q.calc, year);
		print_totals(cli, &q.calc, year);
		print_missing(cli, &q.calc, year);
		print_sort(cli, sort, year);
		ds_cli_query_fill_note(cli, &q, &scope);
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
