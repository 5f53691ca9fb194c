/*
 * cli_help.h - the usage and help text of defspend, written from the
 * command registry (handed over as cli->commands) so that it cannot drift
 * from it;
 * tests/test_help_e2e.c holds that text and doc/defspend.1 to each other.
 */
#ifndef DEFSPEND_CLI_HELP_H
#define DEFSPEND_CLI_HELP_H

#include <stdio.h>

#include "cli_commands.h"

/*
 * Writes the usage of defspend to out: synopsis, the commands of commands
 * (a table as in cli_commands.h) but the hidden ones, global options.
 */
void ds_cli_help_main(const struct ds_command *commands, FILE *out);

/* Writes command c's usage line, summary and options to out. */
void ds_cli_help_command(const struct ds_command *c, FILE *out);

#endif
