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
#include "defspend/load_spending.h"
#include "defspend/num.h"
#include "defspend/threshold.h"
#include "defspend/table.h"

#define DS_PROG "defspend"
#ifndef DS_VERSION
#define DS_VERSION "0.1.0"
#endif

struct ds_command;

/*
 * How output meets the screen, set by main.c from the global options and
 * the terminal.  Tables are fitted to `width` (table.h); what the fitting
 * left out is gathered here over every table a command writes, for the one
 * footer line main.c prints at the end (ds_cli_footer).
 */
struct ds_cli_view {
	size_t width;        /* display columns of the terminal; 0: no limit (a pipe, --wide) */
	int quiet;           /* -q: no notes, no footers */
	const char *columns; /* --columns LIST: the main table's columns, in that order */
	int fitted;          /* some table was fitted */
	char left_out[512];  /* the columns left out, ", "-separated, each once */
	char groups[256];    /* the groups shown as compact cells, each once */
};

struct ds_cli {
	const char *data; /* --data, $DEFSPEND_DATA, ./data, the user copy or the share dir */
	struct ds_datadir datadir; /* where data came from; data == datadir.path until a
				      command points data elsewhere (check PATH) */
	const char *release;       /* --release ID, NULL: the current release */
	int fill;                  /* --fill: the release's gaps filled from others of its basis */
	int year;                  /* --year, 0: the latest year with figures */
	/* The years a command answers from, when it knows them before loading
	 * (list --year): the loader keeps only their rows (load.h).  n == 0:
	 * every row. */
	struct ds_keep_years keep;
	struct ds_threshold thresholds[DS_MAX_THRESHOLDS];
	size_t nthresholds; /* default 2, 3.5, 5 */
	enum ds_format format;
	int format_set; /* --format was given */
	int color;      /* colour in table output: a terminal and no NO_COLOR */
	int help;       /* --help after the command name */
	int committed;  /* a writing command committed its update: printing it may still fail */
	const char *command;
	const char *synopsis; /* the command's usage line after "defspend "; NULL: none known */
	const char *options;  /* the command's option entries (cli_commands.h), for suggestions */
	struct ds_cli_view *view; /* never NULL once main.c has parsed the options */
	char *stdin_data;         /* what --data - read from standard input (owned), or NULL */
	size_t stdin_len;
	/* A data directory whose members name a lone file's countries (load.h:
	 * ds_load_opts.names), or NULL; owned. */
	char *names_dir;
	const struct ds_command *commands; /* the registry, for help and completion */
	int argc;                          /* the command's own arguments, global options removed */
	char **argv;
};

/*
 * The global options, one "NAME [ARG]\tone line\n" entry each (see
 * cli_commands.h for the form): help prints them, completion offers them,
 * and suggestions for a mistyped option are drawn from them.
 */
extern const char ds_cli_global_options[];

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
 * When no data was found (datadir.h: DS_DATADIR_NONE) and no command
 * pointed cli->data elsewhere, prints every place tried and the ways out
 * (--data PATH, make install) and returns DS_ENOINPUT; else DS_OK.
 */
int ds_cli_need_data(const struct ds_cli *cli);

/*
 * Reads standard input whole into cli->stdin_data when cli->data is "-"
 * (a lone spending CSV from a pipe); once.  DS_ENOINPUT after printing.
 */
int ds_cli_read_stdin(struct ds_cli *cli);

/*
 * Loads the data of cli (all release files too when all_releases).  First
 * finishes an interrupted update of the data, if any, and takes the
 * reader's lock (session.h), which the command keeps until
 * ds_cli_unlock_data() (main() calls it at exit).  Prints problems and
 * returns their status; on success *out is set and the caller frees it
 * with ds_dataset_free().
 */
int ds_cli_load(const struct ds_cli *cli, int all_releases, struct ds_dataset **out);
/* Gives up the reader's lock that ds_cli_load() took; harmless when none. */
void ds_cli_unlock_data(void);

/*
 * The lock wait in ms: $DEFSPEND_LOCK_TIMEOUT seconds (0 to 3600, up to
 * three decimals), default 10 s.  DS_EUSAGE after printing when the
 * variable holds anything else.
 */
int ds_cli_lock_timeout(long *ms);

/*
 * DEFSPEND_THREADS: how many threads read a spending file (its parts) and
 * how many gnuplot processes render charts; *n = 0 when unset or empty
 * (the library chooses: one per idle core).  Not a number from 1 to 64:
 * warns and returns DS_EUSAGE.
 */
int ds_cli_threads(size_t *n);

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
/*
 * Refuses any "-x" argument left over: "unknown option '-x'; did you mean
 * '--y'?", drawn from the global options and the command's; DS_EUSAGE
 * after printing.
 */
int ds_cli_no_options(const struct ds_cli *cli);

/*
 * Prints "unknown WHAT 'TYPED'; did you mean 'X'? (KNOWN)" with the usage
 * line and returns DS_EUSAGE.  The suggestion is the nearest of
 * cands[0..n) (text.h), left out when none is close; known (may be NULL)
 * lists what is accepted.
 */
int ds_cli_unknown(const struct ds_cli *cli, const char *what, const char *typed,
		   const char *const *cands, size_t n, const char *known);

/*
 * The nearest option name (e.g. "--format") to typed among the entries
 * (the "NAME [ARG]\tline\n" form), or NULL.  Written into buf.  An option
 * of the entries is its own nearest: callers compare to tell it apart.
 */
const char *ds_cli_nearest_option(const char *typed, const char *entries, char *buf, size_t size);

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

/*
 * Writes a command's main table t in cli->format to stdout, with only the
 * columns of --columns when it was given (an unknown name is DS_EUSAGE
 * after printing, with a suggestion), fitted to the screen in the table
 * format.  --columns leaves t with those columns only
 * (ds_table_keep_columns()).  DS_EIO after printing on failure.
 */
int ds_cli_write_table(const struct ds_cli *cli, struct ds_table *t);
/* The same for a table that follows the main one (extras): --columns does not apply. */
int ds_cli_write_extra(const struct ds_cli *cli, const struct ds_table *t);

/*
 * Prints text on stdout word-wrapped to the screen (titles, summary lines),
 * so that no word breaks at the terminal's edge.  The text may hold
 * newlines; it is printed as formatted, without an added one.
 */
void ds_cli_print(const struct ds_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prints a note (text around the tables: what a figure means, sums,
 * sources) on stdout, word-wrapped to the screen; nothing with -q.  The
 * text may hold newlines; it is printed as formatted, without an added one.
 */
void ds_cli_note(const struct ds_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The footer line after a command whose tables were fitted to the screen:
 * what was left out and how to see it all.  Nothing with -q or when nothing
 * was fitted.
 */
void ds_cli_footer(const struct ds_cli *cli);

/* Writes "usage: defspend SYNOPSIS" to out. */
void ds_cli_print_usage(const char *synopsis, FILE *out);

#endif
