/*
 * cmd_help.c - `defspend help [COMMAND]`: the commands, or one command's
 * usage (the text itself is cli_help.c's, shared with --help).
 */
#include "cli_help.h"
#include "commands.h"

int cmd_help(struct ds_cli *cli)
{
	if (cli->argc == 0) {
		ds_cli_help_main(cli->commands, stdout);
		return DS_OK;
	}
	if (cli->argc > 1)
		return ds_cli_usage(cli, "too many arguments");
	const struct ds_command *c = ds_cli_commands_find(cli->commands, cli->argv[0]);
	if (c == NULL)
		return ds_cli_usage(cli, "unknown command '%s'", cli->argv[0]);
	ds_cli_help_command(c, stdout);
	return DS_OK;
}
