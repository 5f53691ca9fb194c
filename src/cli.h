/*
 * cli.h - the front end's shared state and helpers: the options every
 * command sees, loading the data for a command, taking a command's own
 * options, printing diagnostics.
 *
 * Only the front end (main.c, cli*.c, cmd_*.c) prints or exits; it is not
 * part of libdefspend.a.  This module knows no command: the registry is
 * cli_registry.h, and main.c tells it the usage line of the command run.
 */
#ifndef DEFSPEND_CLI_H
#define DEFSPEND_CLI_H

#include <stdio.h>

#include "defspend/datadir.h"
#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/num.h"
#include "defspend/threshold.h"
#include "defspend/table.h"

#define DS_PROG "defspend"
#ifndef DS_VERSION
#define DS_VERSION "0.1.0"
#endif

struct ds_command;

struct ds_cli {
	const char *data; /* --data, $DEFSPEND_DATA, ./data, the user copy or the share dir */
	struct ds_datadir datadir; /* where data came from; data == datadir.path until a
				      command points data elsewhere (check PATH) */
	const char *release;       /* --release ID, NULL: the current release */
	int year;                  /* --year, 0: the latest year with figures */
	struct ds_threshold thresholds[DS_MAX_THRESHOLDS];
	size_t nthresholds; /* default 2, 3.5, 5 */
	enum ds_format format;
	int format_set; /* --format was given */
	int color;      /* colour in table output: a terminal and no NO_COLOR */
	int help;       /* --help after the command name */
	const char *command;
	const char *synopsis; /* the command's usage line after "defspend "; NULL: none known */
	const struct ds_command *commands; /* the registry, for help and completion */
	int argc;                          /* the command's own arguments, global options removed */
	char **argv;
};

/* Prints "defspend: MESSAGE" on stderr. */
void ds_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "defspend: out of memory" on stderr; returns DS_ENOMEM. */
int ds_cli_nomem(void);
/*
 * Prints the message and the command's usage line (cli->synopsis, or the
 * general one); returns DS_EUSAGE.
 */
int ds_cli_usage(const struct ds_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints every diagnostic of err and returns its status. */
int ds_cli_report(struct ds_errors *err);

/*
 * Loads the data of cli (all release files too when all_releases).  Prints
 * problems and returns their status; on success *out is set and the caller
 * frees it with ds_dataset_free().
 */
int ds_cli_load(const struct ds_cli *cli, int all_releases, struct ds_dataset **out);

/*
 * Command-option helpers over cli->argv.  ds_cli_take_value() removes
 * "--name VALUE" or "--name=VALUE" wherever it stands and sets *value
 * (returns 1), returns 0 when absent, DS_EUSAGE (after printing) when the
 * value is missing.  ds_cli_take_flag() removes "--name".
 */
int ds_cli_take_value(struct ds_cli *cli, const char *name, const char **value);
int ds_cli_take_flag(struct ds_cli *cli, const char *name);
/* Parses a year option value; DS_EUSAGE after printing when bad. */
int ds_cli_parse_year(const struct ds_cli *cli, const char *opt, const char *text, int *year);
/* Refuses any "-x" argument left over; DS_EUSAGE after printing. */
int ds_cli_no_options(const struct ds_cli *cli);

/*
 * Finds the member a user named (code, name or alias, any case, with or
 * without accents).  When none matches, prints "unknown country 'X'; did
 * you mean 'A', 'B' or 'C'?" and returns DS_EUSAGE: every command treats a
 * name it cannot place the same way.
 */
int ds_cli_member(const struct ds_dataset *ds, const char *name, size_t *m);
/*
 * Resolves every argument left in cli->argv as a member (ds_cli_member), in
 * order, into *members: a new array of cli->argc indexes that the caller
 * frees with free(), NULL when there are no arguments.  DS_EUSAGE or
 * DS_ENOMEM after printing, with *members NULL.
 */
int ds_cli_members(const struct ds_cli *cli, const struct ds_dataset *ds, size_t **members);

/* Writes t in cli->format to stdout; DS_EIO after printing on failure. */
int ds_cli_write_table(const struct ds_cli *cli, const struct ds_table *t);

/* Writes "usage: defspend SYNOPSIS" to out. */
void ds_cli_print_usage(const char *synopsis, FILE *out);

#endif
