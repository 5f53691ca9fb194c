/*
 * cmd_explain.c - `defspend explain COUNTRY YEAR` (alias `why`): every
 * stored field of a member-year in the chosen release, the same
 * member-year in every other release, and each derived figure with its
 * formula (explain.h).  The table and md formats head it with one line
 * naming the member, the year and the release.
 */
#include <stdio.h>
#include <string.h>

#include "cli_query.h"
#include "commands.h"
#include "defspend/explain.h"

static const char *const section_titles[][2] = {
	{ "figure", "Stored fields of the row" },
	{ "release", "Its release" },
	{ "releases", "The same member and year in the other releases" },
	{ "derived", "Derived figures, with their formulas" },
};

/*
 * The table format as lines rather than an aligned table: sources and
 * notes are long, and padding every row to the longest would push the
 * explanations off the screen: "  field  value: detail", a heading per
 * section; an empty value shows only its detail.
 */
static int write_lines(const struct ds_table *t)
{
	const char *section = "";
	size_t width = 0;
	for (size_t r = 0; r < ds_table_rows(t); r++) {
		size_t w = strlen(ds_table_cell_text(t, r, 1));
		width = w > width ? w : width;
	}
	for (size_t r = 0; r < ds_table_rows(t); r++) {
		const char *sec = ds_table_cell_text(t, r, 0);
		const char *field = ds_table_cell_text(t, r, 1);
		const char *value = ds_table_cell_text(t, r, 2);
		const char *detail = ds_table_cell_text(t, r, 3);
		if (strcmp(sec, section) != 0) {
			const char *title = sec;
			for (size_t i = 0; i < sizeof section_titles / sizeof section_titles[0];
			     i++)
				if (strcmp(section_titles[i][0], sec) == 0)
					title = section_titles[i][1];
			printf("%s%s:\n", r ? "\n" : "", title);
			section = sec;
		}
		int has_value = value != NULL && *value != '\0';
		printf("  %-*s", has_value || detail ? (int)width : 0, field);
		if (has_value)
			printf("  %s", value);
		if (detail != NULL)
			printf(has_value ? ": %s" : "  %s", detail);
		printf("\n");
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ds_cli_warn("standard output: write error");
		return DS_EIO;
	}
	return DS_OK;
}

int cmd_explain(struct ds_cli *cli)
{
	int rc = ds_cli_no_options(cli);
	if (rc != DS_OK)
		return rc;
	/* Drop "--" markers: what follows them is an operand. */
	int k = 0;
	for (int i = 0; i < cli->argc; i++)
		if (strcmp(cli->argv[i], "--") != 0)
			cli->argv[k++] = cli->argv[i];
	cli->argc = k;
	if (cli->argc != 2)
		return ds_cli_usage(cli, "give one country and one year");
	int year;
	if (ds_cli_parse_year(cli, "year", cli->argv[1], &year) != DS_OK)
		return DS_EUSAGE;
	cli->argc = 1;
	struct ds_cli_query q;
	if ((rc = ds_cli_query_open(cli, DS_CLI_COUNTRY_LIST, 0, 0, &q)) != DS_OK)
		return rc;
	size_t m = q.members[0];
	struct ds_table *t = NULL;
	rc = ds_explain(q.ds, &q.calc, m, year, &t, &q.err);
	if (rc == DS_OK && ds_cli_query_extras(cli)) {
		const struct ds_member *mem = &q.ds->members[m];
		if (cli->format == DS_FORMAT_MD)
			printf("## %s (%s), %d, release %s\n\n", mem->name, mem->iso3, year,
			       q.calc.s->id);
		else
			ds_cli_print(cli, "%s (%s), %d, release %s%s\n\n", mem->name, mem->iso3,
				     year, q.calc.s->id, cli->fill ? " filled (--fill)" : "");
	}
	if (rc == DS_OK)
		rc = cli->format == DS_FORMAT_TABLE ? write_lines(t) : ds_cli_write_table(cli, t);
	if (rc == DS_OK) {
		struct ds_fill_scope scope = { year, year, &m, 1 };
		ds_cli_query_fill_note(cli, &q, &scope);
	}
	ds_table_free(t);
	return ds_cli_query_close(&q, rc);
}
