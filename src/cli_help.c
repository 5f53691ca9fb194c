/*
 * cli_help.c - the usage and help text (see cli_help.h): `defspend help`,
 * `defspend --help`, `defspend help COMMAND` and `defspend COMMAND --help`
 * all print from here.
 */
#include <string.h>

#include "cli_help.h"

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

void ds_cli_help_main(const struct ds_command *commands, FILE *out)
{
	fprintf(out,
		"usage: %s [--data PATH] [--release ID] [--fill] [--year YEAR] [--threshold LIST]\n"
		"                [--format table|csv|tsv|json|md] [--columns LIST] [--wide]\n"
		"                [--color WHEN] [-q] COMMAND [ARGS]\n"
		"       %s --help | --version\n\ncommands:\n",
		DS_PROG, DS_PROG);
	for (const struct ds_command *c = commands; c->name != NULL; c++)
		if (!c->hidden)
			fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nglobal options (before or after the command):\n");
	print_entries(ds_cli_global_options, out);
	fprintf(out, "\nRun '%s help COMMAND' for a command's usage; 'man %s' for the manual.\n",
		DS_PROG, DS_PROG);
}

void ds_cli_help_command(const struct ds_command *c, FILE *out)
{
	ds_cli_print_usage(c->synopsis, out);
	fprintf(out, "%s\n", c->summary);
	if (c->options != NULL && *c->options != '\0') {
		fprintf(out, "\narguments and options:\n");
		print_entries(c->options, out);
	}
	fprintf(out, "\nThe global options apply too; see '%s help'.\n", DS_PROG);
}
