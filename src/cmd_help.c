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
	if (c == NULL) {
		const char *names[64];
		size_t n = 0;
		for (const struct ds_command *k = cli->commands; k->name && n < 64; k++)
			if (!k->hidden)
				names[n++] = k->name;
		return ds_cli_unknown(cli, "command", cli->argv[0], names, n, NULL);
	}
	ds_cli_help_command(c, stdout);
	return DS_OK;
}
