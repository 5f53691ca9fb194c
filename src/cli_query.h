/*
 * cli_query.h - what the query commands (aid, compare, list, show, trend)
 * share in the front end: their year options, one open that checks the
 * operands, loads the data with a calculator and names the countries, one
 * close that reports the builders' diagnostics and frees it all, and the
 * extras that follow the main table in the table and md formats.
 *
 * A query command is then: take its own options, open, call a builder of
 * query.h, write the table, close.
 */
#ifndef DEFSPEND_CLI_QUERY_H
#define DEFSPEND_CLI_QUERY_H

#include <stddef.h>

#include "cli.h"
#include "defspend/calc.h"
#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/fill.h"
#include "defspend/query.h"
#include "defspend/table.h"

/* What a query command takes as operands once its options are gone. */
enum ds_cli_operands {
	DS_CLI_NO_OPERANDS, /* none: "unexpected argument 'X'" */
	DS_CLI_COUNTRIES,   /* any number of countries; none means every member */
	DS_CLI_COUNTRY_LIST /* at least one country: "name at least one country" */
};

/* A query command's data, from ds_cli_query_open() to ds_cli_query_close(). */
struct ds_cli_query {
	struct ds_dataset *ds;
	struct ds_calc calc; /* the release in use, cli's thresholds */
	size_t *members;     /* the country operands, resolved; NULL when there are none */
	size_t nmembers;
	struct ds_errors err; /* for the builders; ds_cli_query_close() reports it */
};

/* Takes "--NAME YEAR" into *year (unchanged when absent); DS_EUSAGE after printing. */
int ds_cli_query_take_year(struct ds_cli *cli, const char *name, int *year);

/*
 * Opens a query for cli: refuses any option left in cli->argv, checks the
 * operands against `operands`, loads the data, prepares q->calc with cli's
 * thresholds, base_year and target_year (0: the defaults; a base year
 * without figures, or a target year not after the latest figure, is a
 * usage error) and resolves the countries named.  Prints any problem and
 * returns its status with nothing left to free; on DS_OK the caller ends
 * with ds_cli_query_close().
 */
int ds_cli_query_open(struct ds_cli *cli, enum ds_cli_operands operands, int base_year,
		      int target_year, struct ds_cli_query *q);

/*
 * Ends a query: prints q->err's diagnostics when there are any (their
 * status then replaces rc), frees what open made, and returns the status.
 */
int ds_cli_query_close(struct ds_cli_query *q, int rc);

/* Whether the format shows extras after the main table (table and md). */
int ds_cli_query_extras(const struct ds_cli *cli);

/* Writes "\nTITLE:\n" (table) or "\n### TITLE\n\n" (md), then t. */
int ds_cli_query_write_extra(const struct ds_cli *cli, const char *title, const struct ds_table *t);

/*
 * In the table and md formats, after the tables: with --fill, which
 * releases the figures of scope were filled from ("f: 6 figures filled
 * from release 2026-03"); without it, a hint when other releases of the
 * same basis have figures that the answer lacks in scope ("7 members have
 * no 2025 figure in release 2025-08; 6 have one in release 2026-03: add
 * --fill").  The hint is advice: a release file that cannot be read only
 * leaves it out (check reports such files).
 */
void ds_cli_query_fill_note(const struct ds_cli *cli, struct ds_cli_query *q,
			    const struct ds_fill_scope *scope);

#endif
