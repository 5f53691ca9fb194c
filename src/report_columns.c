/*
 * report_columns.c - the column headings a person reads in the report's
 * HTML and Markdown tables (report_priv.h).
 *
 * The machine names ("gap_2_pp", "meets_3.5") are a promise to scripts:
 * every CLI output and the report's CSV files keep them.  A reader of the
 * page gets words instead.  Names that carry a threshold are patterns
 * (meets_T, gap_T_pp, gap_T_usd_m, on_track_T); the others are a fixed
 * list.  A name the list does not know (a column added later) is shown
 * with spaces for underscores and a capital first letter, never dropped.
 */
#include <stdio.h>
#include <string.h>

#include "report_priv.h"

static const struct {
	const char *name, *title;
} fixed[] = {
	{ "rank", "Rank" },
	{ "iso3", "ISO code" },
	{ "country", "Member" },
	{ "year", "Year" },
	{ "pct_gdp", "% of GDP" },
	{ "estimate", "NATO estimate" },
	{ "threshold", "Threshold (% of GDP)" },
	{ "meeting", "Members at or above" },
	{ "reporting", "Members reporting" },
	{ "missing", "Members without a figure" },
	{ "previous_pct", "Year before (% of GDP)" },
	{ "direction", "Direction" },
	{ "from_year", "From" },
	{ "from_pct", "% of GDP then" },
	{ "to_year", "To" },
	{ "to_pct", "% of GDP at the end" },
	{ "change_pp", "Change (points)" },
	{ "avg_change_pp", "Average change a year (points)" },
	{ "target_year", "Target year" },
	{ "projected_pct", "Projected % of GDP (same pace)" },
	{ "nato_total_pct", "NATO total (% of GDP, NATO's figure)" },
	{ "europe_canada_pct", "Europe and Canada (% of GDP, NATO's figure)" },
	{ "usd_members", "Members with dollar figures" },
	{ "alliance_pct", "Those members (% of IMF GDP)" },
	{ "europe_canada_usd_m", "Europe and Canada ($ million, listed members)" },
	{ "europe_canada_members", "Europe and Canada members with dollars" },
	{ "usa_usd_m", "United States ($ million)" },
	{ "military_eur_bn", "Military (€ billion)" },
	{ "financial_eur_bn", "Financial (€ billion)" },
	{ "humanitarian_eur_bn", "Humanitarian (€ billion)" },
	{ "total_eur_bn", "Total (€ billion)" },
	{ "share_pct", "Share of all donors (%)" },
	{ "total_pct_gdp", "Aid as % of donor GDP (Kiel)" },
	{ "committed_eur_bn", "Committed (€ billion)" },
	{ "eu_share_eur_bn", "Share of EU institutions' aid (€ billion)" },
	{ "total_incl_eu_eur_bn", "Total with that share (€ billion)" },
	{ "nato", "NATO member" },
	{ "spend_usd_m", "Spending ($ million)" },
	{ "usd_basis", "Dollars from" },
	{ "spend_lcu_m", "Spending (million, national currency)" },
	{ "currency", "Currency" },
	{ "per_capita_usd", "Per person ($)" },
	{ "real_change_pct", "Real change on the year before (%)" },
	{ "real_index_2014", "Real terms (2014 = 100)" },
	{ "share_gov_exp_pct", "Share of government spending (%)" },
	{ "nato_usd_m", "NATO total ($ million)" },
	{ "usa_share_pct", "US share (%)" },
	{ "members", "Members counted" },
	{ "nato_usd", "With NATO's dollars" },
	{ "derived_usd", "With derived dollars" },
	{ "needed", "Members without dollars" },
	{ "release", "Release" },
	{ "source", "Source" },
};

/* When name is PREFIX + T + SUFFIX, T (a threshold label) into t; else 0. */
static int pattern(const char *name, const char *prefix, const char *suffix, char *t, size_t size)
{
	size_t np = strlen(prefix), ns = strlen(suffix), n = strlen(name);
	if (n <= np + ns || strncmp(name, prefix, np) != 0 || strcmp(name + n - ns, suffix) != 0)
		return 0;
	size_t len = n - np - ns;
	if (len >= size)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (strchr("0123456789.", name[np + i]) == NULL)
			return 0;
	memcpy(t, name + np, len);
	t[len] = '\0';
	return 1;
}

void ds_report_column_title(const char *name, char *buf, size_t size)
{
	char t[32];
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(name, fixed[i].name) == 0) {
			snprintf(buf, size, "%s", fixed[i].title);
			return;
		}
	if (pattern(name, "gap_", "_usd_m", t, sizeof t))
		snprintf(buf, size, "Gap to %s%% ($ million)", t);
	else if (pattern(name, "gap_", "_pp", t, sizeof t))
		snprintf(buf, size, "Gap to %s%% (points)", t);
	else if (pattern(name, "meets_", "", t, sizeof t))
		snprintf(buf, size, "Meets %s%%", t);
	else if (pattern(name, "on_track_", "", t, sizeof t))
		snprintf(buf, size, "On track for %s%%", t);
	else {
		snprintf(buf, size, "%s", name);
		for (char *p = buf; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (buf[0] >= 'a' && buf[0] <= 'z')
			buf[0] = (char)(buf[0] - 'a' + 'A');
	}
}

struct ds_table *ds_report_humanize(const struct ds_table *t)
{
	struct ds_table *h = ds_table_new();
	size_t nc = ds_table_columns(t), nr = ds_table_rows(t);
	int bad = h == NULL;
	for (size_t c = 0; c < nc && !bad; c++) {
		char title[160];
		ds_report_column_title(ds_table_column_name(t, c), title, sizeof title);
		/* Two machine names could read alike; the table wants them unique. */
		if (ds_table_add_column(h, title) != 0 &&
		    ds_table_add_column(h, ds_table_column_name(t, c)) != 0)
			bad = 1;
		else if (ds_table_column_is_machine_only(t, c) &&
			 ds_table_column_machine_only(h, c) != 0)
			bad = 1;
	}
	for (size_t r = 0; r < nr && !bad; r++) {
		bad = ds_table_add_row(h) != 0;
		for (size_t c = 0; c < nc && !bad; c++) {
			const char *v = ds_table_cell_text(t, r, c);
			switch (ds_table_cell_type(t, r, c)) {
			case DS_CELL_NUMBER:
				bad = ds_table_set_number(h, c, v) != 0;
				break;
			case DS_CELL_TEXT:
				bad = ds_table_set_text(h, c, v) != 0;
				break;
			case DS_CELL_BOOL:
				bad = ds_table_set_text(h, c,
							strcmp(v, "true") == 0 ? "yes" : "no") != 0;
				break;
			case DS_CELL_NULL:
				break;
			}
			char mark = ds_table_cell_mark(t, r, c);
			if (!bad && mark != '\0')
				bad = ds_table_set_mark(h, c, mark) != 0;
		}
	}
	if (bad) {
		ds_table_free(h);
		return NULL;
	}
	return h;
}
