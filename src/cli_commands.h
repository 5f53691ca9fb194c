/*
 * cli_commands.h - what describes a command: its entry in the registry
 * (name, entry point, synopsis, summary, options), the text of the global
 * options, and the lookup by exact name in a table of entries.
 *
 * The table itself is cli_registry.c's.  main.c dispatches through it and
 * hands it to every command as cli->commands; help (cli_help.c) and bash
 * completion (cmd_complete.c) describe the commands from there, so what the
 * binary accepts, what it says it accepts and what the shell offers come
 * from one table.  They take it from cli rather than naming the registry,
 * which names their entry points: so no module refers back to one that
 * refers to it.
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
	int fill;   /* it answers from a release's figures, the only kind --fill applies to */
	int hidden; /* an internal helper (complete): left out of help and the man page */
};

/* The global options, in the same form, are ds_cli_global_options (cli.h). */

/*
 * The entry of commands (a table ended by an entry whose name is NULL)
 * called exactly name, never a prefix: a new command must not make a
 * working script ambiguous.  NULL when there is none.
 */
const struct ds_command *ds_cli_commands_find(const struct ds_command *commands, const char *name);

#endif
