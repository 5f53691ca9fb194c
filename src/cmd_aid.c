/*
 * cmd_aid.c - `defspend aid [--sort KIND] [--all-donors] [--total]`:
 * Ukraine aid by donor from the Kiel Institute's tracker, with each donor's
 * share of the donors shown, Kiel's aid as % of the donor's GDP and the
 * commitments beside the allocations.  Allies by default; --all-donors adds
 * every donor of the file (the EU institutions, Japan, ...) with a nato
 * column.  The table and md formats always end with a total row (the sums
 * over the rows shown), csv, tsv and json with --total; the table and md
 * formats then say what the figures are and are not.
 */
#include "cli_query.h"
#include "commands.h"

static void print_notes(const struct ds_cli *cli, const struct ds_dataset *ds, int all_donors)
{
	const char *cutoff = ds_query_aid_cutoff(ds);
	ds_cli_note(cli,
		    "\nBilateral allocations in billions of euros, Kiel Institute Ukraine Support\n"
		    "Tracker, data to %s; committed_eur_bn: commitments. total_pct_gdp is\n"
		    "Kiel's own ratio to the donor's GDP as Kiel defines it (not IMF GDP);\n"
		    "eu_share_eur_bn: the donor's share of the EU institutions' aid, included in\n"
		    "total_incl_eu_eur_bn. Not added to defence spending (NATO already counts\n"
		    "donated equipment). Derived: share_pct (of the total of the rows shown)\n"
		    "and the total row (sums over the rows shown).\n",
		    cutoff ? cutoff : "an unknown date");
	if (!all_donors)
		ds_cli_note(cli,
			    "Allies only; --all-donors adds the EU institutions, Japan and the "
			    "other\ndonors.\n");
	else
		ds_cli_note(cli, "The total row leaves total_incl_eu_eur_bn empty beside the EU "
				 "institutions'\nown row: their aid would be counted twice.\n");
}

int cmd_aid(struct ds_cli *cli)
{
	struct ds_aid_opts o;
	ds_aid_opts_init(&o);
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--sort", &v);
	static const char *const keys[] = { "total",        "military", "financial",
					    "humanitarian", "pct_gdp",  "committed" };
	if (rc == 1 && ds_aid_sort_parse(v, &o.sort) != 0)
		return ds_cli_unknown(cli, "sort", v, keys, sizeof keys / sizeof keys[0],
				      "total, military, financial, humanitarian, pct_gdp or "
				      "committed");
	if (rc != 0 && rc != 1)
		return rc;
	o.all_donors = ds_cli_take_flag(cli, "--all-donors");
	o.total = ds_cli_take_flag(cli, "--total");
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, DS_CLI_NO_OPERANDS, 0, 0, &q)) != DS_OK)
		return rc;
	/* The table and md formats always end with the totals; the others on request. */
	if (ds_cli_query_extras(cli))
		o.total = 1;
	struct ds_table *t = NULL;
	rc = ds_query_aid(q.ds, &o, &t, &q.err);
	if (rc == DS_OK)
		rc = ds_cli_write_table(cli, t);
	if (rc == DS_OK && ds_cli_query_extras(cli))
		print_notes(cli, q.ds, o.all_donors);
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
