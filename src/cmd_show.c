/*
 * cmd_show.c - `defspend show [--since YEAR] [--by YEAR] COUNTRY...`: one
 * member at a time, a row per year with list's columns.  In csv, tsv and
 * json the members' rows form one table (one document); in the table and md
 * formats each member gets its own table followed by its rank, spending
 * per person and real change, its path to each target and its Ukraine aid.
 */
#include "cli_query.h"
#include "defspend/provenance.h"
#include "commands.h"
#include "defspend/calc_money.h"

/* "Rank in 2025: 1 of 31 reporting (4.48% of GDP, +2.63 points since 2014)". */
static void print_rank(const struct ds_cli *cli, const struct ds_calc *c, size_t m, int year)
{
	struct ds_calc_member r;
	struct ds_calc_year y;
	ds_calc_member_year(c, m, year, &r);
	ds_calc_year_summary(c, year, &y);
	if (!r.has_pct) {
		ds_cli_print(cli, "\n%d: no figure (%zu of %zu members reporting)\n", year,
			     y.reporting, y.members);
		return;
	}
	char pct[48], change[48], since[96] = "";
	ds_num_format_fixed(pct, sizeof pct, r.pct, DS_PCT_DECIMALS, r.pct_dec);
	if (r.has_change) {
		ds_num_format_fixed(change, sizeof change, r.change, DS_PCT_DECIMALS, r.change_dec);
		snprintf(since, sizeof since, ", %s%s points since %d", r.change >= 0 ? "+" : "",
			 change, c->base_year);
	}
	ds_cli_print(cli, "\nRank in %d: %d of %zu reporting (%s%% of GDP%s)%s\n", year,
		     ds_calc_rank(c, m, year), y.reporting, pct, since,
		     ds_calc_thin(&y) ? "; thinly covered: fewer than half the members report"
				      : "");
}

/*
 * Each year the member has no figure for, with the reason and the data's
 * note, consecutive years with the same ones together:
 * "No figure for 2014-2025: NATO published none (Iceland has no armed
 * forces; NATO publishes no figure)."
 */
static void print_missing(const struct ds_cli *cli, const struct ds_calc *c, size_t m)
{
	const struct ds_series *s = c->s;
	for (int y = s->year_min; s->year_min != 0 && y <= s->year_max; y++) {
		const struct ds_obs *o = ds_series_get(s, m, y);
		if ((o != NULL && (o->flags & DS_OBS_PCT)) || !ds_series_covers(s, y))
			continue;
		enum ds_missing why = ds_provenance_missing(c->ds, o);
		uint32_t note = o ? o->note : 0;
		int end = y;
		for (int z = y + 1; z <= s->year_max; z++) {
			const struct ds_obs *p = ds_series_get(s, m, z);
			if (!ds_series_covers(s, z))
				continue;
			if ((p != NULL && (p->flags & DS_OBS_PCT)) ||
			    ds_provenance_missing(c->ds, p) != why || (p ? p->note : 0) != note)
				break;
			end = z;
		}
		char years[32];
		if (end > y)
			snprintf(years, sizeof years, "%d-%d", y, end);
		else
			snprintf(years, sizeof years, "%d", y);
		ds_cli_note(cli, "No figure for %s: %s%s%s%s.\n", years,
			    ds_provenance_missing_text(why), note ? " (" : "",
			    note ? ds_dataset_str(c->ds, note) : "", note ? ")" : "");
		y = end;
	}
}

/*
 * "Per person in 2024: 946 US dollars (derived from IMF GDP)" and "Real
 * change from 2023: +19.29% (index 2014 = 100: 291.4)", or why not.
 */
static void print_money(const struct ds_cli *cli, const struct ds_calc *c, size_t m, int year)
{
	struct ds_calc_money r;
	char a[64], b[64], idx[96] = "";
	ds_calc_money(c, m, year, &r);
	if (r.per_capita.has) {
		ds_wide_format_ratio(a, sizeof a, r.per_capita.num, r.per_capita.den, 0, 0);
		ds_cli_print(cli, "Per person in %d: %s US dollars (%s / IMF population)\n", year,
			     a,
			     r.usd_basis == DS_USD_NATO ? "NATO's dollars" : "pct_gdp x IMF GDP");
	} else {
		ds_cli_print(cli, "Per person in %d: unknown (%s)\n", year,
			     r.usd_basis == DS_USD_NONE ? "no dollar figure" : "no IMF population");
	}
	if (!r.real_change.has) {
		ds_cli_print(cli,
			     "Real change from %d: unknown (a figure or IMF real GDP is missing)\n",
			     year - 1);
		return;
	}
	ds_wide_format_ratio(a, sizeof a, r.real_change.num, r.real_change.den, 2, 2);
	if (r.real_index.has) {
		ds_wide_format_ratio(b, sizeof b, r.real_index.num, r.real_index.den, 2, 1);
		snprintf(idx, sizeof idx, " (index %d = 100: %s)", DS_CALC_BASE_YEAR, b);
	}
	ds_cli_print(cli, "Real change from %d: %s%s%%%s, pct_gdp x IMF GDP at constant prices\n",
		     year - 1, r.real_change.num >= 0 ? "+" : "", a, idx);
}

static int show_extras(const struct ds_cli *cli, const struct ds_calc *c, size_t m, int year,
		       struct ds_errors *err)
{
	print_rank(cli, c, m, year);
	print_money(cli, c, m, year);
	print_missing(cli, c, m);
	struct ds_table *t = NULL;
	int rc = ds_query_path(c, m, &t, err);
	if (rc != DS_OK)
		return rc;
	char title[96];
	snprintf(title, sizeof title, "Path to each target by %d (from the latest figure)",
		 c->target_year);
	if (ds_table_rows(t) > 0)
		rc = ds_cli_query_write_extra(cli, title, t);
	ds_table_free(t);
	if (rc != DS_OK || !c->ds->has_aid)
		return rc;
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	o.only_member = m;
	rc = ds_query_aid(c->ds, &o, &t, err);
	if (rc != DS_OK)
		return rc;
	snprintf(title, sizeof title, "Ukraine aid, billions of euros (Kiel Institute, to %s)",
		 ds_query_aid_cutoff(c->ds) ? ds_query_aid_cutoff(c->ds) : "?");
	if (ds_table_rows(t) > 0)
		rc = ds_cli_query_write_extra(cli, title, t);
	ds_table_free(t);
	return rc;
}

/*
 * In csv, tsv and json one table of every member; in the table and md
 * formats a heading, a table and the extras per member.
 */
static int show(const struct ds_cli *cli, struct ds_cli_query *q)
{
	const struct ds_calc *c = &q->calc;
	struct ds_table *t = NULL;
	int rc = DS_OK;
	if (!ds_cli_query_extras(cli)) {
		rc = ds_query_show(c, q->members, q->nmembers, &t, &q->err);
		if (rc == DS_OK)
			rc = ds_cli_write_table(cli, t);
		ds_table_free(t);
		return rc;
	}
	for (size_t i = 0; i < q->nmembers && rc == DS_OK; i++) {
		size_t m = q->members[i];
		const struct ds_member *mem = &q->ds->members[m];
		/* Without --year, the rank line is about the member's latest figure. */
		int year = cli->year;
		if (year == 0) {
			struct ds_calc_path p;
			ds_calc_path(c, m, 0, &p);
			year = p.has ? p.from_year : ds_calc_latest_year(c);
		}
		/* A member of a lone file may be known by its name alone. */
		char code[16] = "";
		if (mem->iso3[0])
			snprintf(code, sizeof code, " (%s)", mem->iso3);
		if (cli->format == DS_FORMAT_MD)
			printf("%s## %s%s\n\n", i ? "\n" : "", mem->name, code);
		else
			ds_cli_print(cli, "%s%s%s, release %s\n", i ? "\n" : "", mem->name, code,
				     c->s->id);
		rc = ds_query_show(c, &m, 1, &t, &q->err);
		if (rc == DS_OK)
			rc = ds_cli_write_table(cli, t);
		ds_table_free(t);
		t = NULL;
		if (rc == DS_OK)
			rc = show_extras(cli, c, m, year, &q->err);
		if (rc == DS_OK) {
			struct ds_fill_scope scope = { c->s->year_min, c->s->year_max, &m, 1 };
			ds_cli_query_fill_note(cli, q, &scope);
		}
	}
	return rc;
}

int cmd_show(struct ds_cli *cli)
{
	int base = 0, target = 0;
	int rc = ds_cli_query_take_year(cli, "--since", &base);
	if (rc == DS_OK)
		rc = ds_cli_query_take_year(cli, "--by", &target);
	struct ds_cli_query q;
	if (rc == DS_OK)
		rc = ds_cli_query_open(cli, DS_CLI_COUNTRY_LIST, base, target, &q);
	if (rc != DS_OK)
		return rc;
	return ds_cli_query_close(&q, show(cli, &q));
}
