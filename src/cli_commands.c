/*
 * cli_commands.c - what describes a command (see cli_commands.h): the
 * global options' text and the lookup by exact name.
 */
#include <string.h>

#include "cli_commands.h"

const char ds_cli_global_options[] =
	"--data PATH\tthe data directory, or one spending CSV on its own\n"
	"--release ID\tanswer from that release alone (see 'releases')\n"
	"--year YEAR\tthe year of the query (default: the latest year with figures)\n"
	"-t, --threshold LIST\tthe thresholds in % of GDP (default 2,3.5,5)\n"
	"--format table|csv|tsv|json|md\tthe output format (default table)\n"
	"-h, --help\tshow the usage (after a command: that command's)\n"
	"--version\tprint the name and version\n";

const struct ds_command *ds_cli_commands_find(const struct ds_command *commands, const char *name)
{
	for (const struct ds_command *c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
