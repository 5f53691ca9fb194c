/*
 * cmd_help.c - `defspend help [COMMAND]`, `defspend --help` and
 * `defspend COMMAND --help`.
 *
 * Everything printed here comes from the command table in main.c (name,
 * synopsis, summary, options) and from ds_global_options, so the help
 * cannot drift from what the table says; tests/test_help_e2e.c holds the
 * table and doc/defspend.1 to each other.
 */
#include <string.h>

#include "commands.h"

/* Prints each "NAME [ARG]\tone line" entry as an aligned line. */
static void print_entries(const char *entries, FILE *out)
{
	const char *p = entries;
	while (p != NULL && *p != '\0') {
		const char *tab = strchr(p, '\t');
		const char *nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (tab == NULL || tab > nl)
			tab = nl;
		int name_len = (int)(tab - p);
		const char *help = tab < nl ? tab + 1 : nl;
		fprintf(out, "  %-*.*s  %.*s\n", name_len > 28 ? name_len : 28, name_len, p,
			(int)(nl - help), help);
		p = *nl ? nl + 1 : nl;
	}
}

void ds_cli_print_main_usage(FILE *out)
{
	fprintf(out,
		"usage: %s [--data PATH] [--release ID] [--year YEAR] [--threshold LIST]\n"
		"                [--format table|csv|tsv|json|md] COMMAND [ARGS]\n"
		"       %s --help | --version\n\ncommands:\n",
		DS_PROG, DS_PROG);
	for (const struct ds_command *c = ds_commands; c->name != NULL; c++)
		if (!c->hidden)
			fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nglobal options (before or after the command):\n");
	print_entries(ds_global_options, out);
	fprintf(out, "\nRun '%s help COMMAND' for a command's usage; 'man %s' for the manual.\n",
		DS_PROG, DS_PROG);
}

int cmd_help(struct ds_cli *cli)
{
	if (cli->argc == 0) {
		ds_cli_print_main_usage(stdout);
		return DS_OK;
	}
	if (cli->argc > 1)
		return ds_cli_usage(cli, "too many arguments");
	const struct ds_command *c = ds_cli_find(cli->argv[0]);
	if (c == NULL)
		return ds_cli_usage(cli, "unknown command '%s'", cli->argv[0]);
	ds_cli_print_usage(c, stdout);
	printf("%s\n", c->summary);
	if (c->options != NULL && *c->options != '\0') {
		printf("\narguments and options:\n");
		print_entries(c->options, stdout);
	}
	printf("\nThe global options apply too; see '%s help'.\n", DS_PROG);
	return DS_OK;
}
