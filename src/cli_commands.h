/*
 * cli_commands.h - the command registry: one entry per command (its name,
 * entry point, synopsis, summary and options), the text of the global
 * options, and the lookup by exact name.
 *
 * main.c dispatches through the registry; help (cli_help.c) and bash
 * completion (cmd_complete.c) describe the commands from it, so what the
 * binary accepts, what it says it accepts and what the shell offers come
 * from one table.  The registry calls nothing: only main.c runs an entry.
 */
#ifndef DEFSPEND_CLI_COMMANDS_H
#define DEFSPEND_CLI_COMMANDS_H

#include "cli.h"

struct ds_command {
	const char *name;
	int (*run)(struct ds_cli *cli); /* returns the exit status */
	const char *synopsis;           /* after "defspend " */
	const char *summary;            /* one line */
	/*
	 * The command's options and operands for help, the man page test and
	 * bash completion: one "NAME [ARG]\tone line\n" per entry.  NAME is
	 * an option ("--sort"; "-t, --threshold" for an alias) or an operand
	 * placeholder of the synopsis ("CHART"); ARG may list the accepted
	 * values as "a|b|c", which completion offers.  NULL: none.
	 */
	const char *options;
	int table;  /* its output is a table, the only kind --format applies to */
	int hidden; /* an internal helper (complete): left out of help and the man page */
};

/* Every command, sorted by name, ended by an entry whose name is NULL. */
extern const struct ds_command ds_cli_commands[];

/* The global options, in the same "NAME [ARG]\tone line\n" form. */
extern const char ds_cli_global_options[];

/*
 * The command called exactly name (never a prefix: a new command must not
 * make a working script ambiguous), or NULL.  The entry is static.
 */
const struct ds_command *ds_cli_commands_find(const char *name);

#endif
