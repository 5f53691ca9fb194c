/*
 * cli_commands.c - what describes a command (see cli_commands.h): the
 * global options' text and the lookup by exact name.
 */
#include <string.h>

#include "cli_commands.h"

const struct ds_command *ds_cli_commands_find(const struct ds_command *commands, const char *name)
{
	for (const struct ds_command *c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
