/*
 * cmd_query.h - what the query commands (list, show, compare, trend, aid)
 * share in the front end: loading the data with a calculator, naming
 * members, and writing the extras that follow the main table in the table
 * and md formats.
 */
#ifndef DEFSPEND_CMD_QUERY_H
#define DEFSPEND_CMD_QUERY_H

#include "cli.h"
#include "commands.h"
#include "defspend/query.h"

/*
 * Loads cli's data and prepares c with cli's thresholds, base_year and
 * target_year (0: the defaults).  Prints problems and returns their status;
 * on success the caller frees *ds with ds_dataset_free().
 */
int dsc_open(const struct ds_cli *cli, int base_year, int target_year, struct ds_dataset **ds,
	     struct ds_calc *c);

/* Takes "--NAME YEAR" into *year (unchanged when absent); DS_EUSAGE after printing. */
int dsc_take_year(struct ds_cli *cli, const char *name, int *year);

/* The arguments left once options are taken, "--" skipped; DS_EUSAGE for a leftover option. */
int dsc_operands(struct ds_cli *cli, char ***args, int *n);

/* Whether the format shows extras after the main table (table and md). */
int dsc_extras(const struct ds_cli *cli);

/* Writes "\nTITLE:\n" (table) or "\n### TITLE\n\n" (md), then t. */
int dsc_write_extra(const struct ds_cli *cli, const char *title, const struct ds_table *t);

/* Prints a builder's diagnostics and frees them; returns the status. */
int dsc_fail(struct ds_errors *err);

#endif
