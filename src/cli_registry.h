/*
 * cli_registry.h - the command registry: every command of defspend, in
 * alphabetical order.  Only main.c names it: it dispatches through it and
 * hands it to the commands as cli->commands (see cli_commands.h).
 */
#ifndef DEFSPEND_CLI_REGISTRY_H
#define DEFSPEND_CLI_REGISTRY_H

#include "cli_commands.h"

/* Every command, sorted by name, ended by an entry whose name is NULL. */
extern const struct ds_command ds_cli_registry[];

#endif
