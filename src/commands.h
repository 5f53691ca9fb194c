/*
 * commands.h - one entry point per command, each in its cmd_*.c file.
 * Each returns the exit status.  The registry (cli_registry.c) is what
 * refers to them; a command never calls another command.
 */
#ifndef DEFSPEND_COMMANDS_H
#define DEFSPEND_COMMANDS_H

#include "cli.h"

int cmd_aid(struct ds_cli *cli);
int cmd_check(struct ds_cli *cli);
int cmd_compare(struct ds_cli *cli);
int cmd_complete(struct ds_cli *cli);
int cmd_explain(struct ds_cli *cli);
int cmd_help(struct ds_cli *cli);
int cmd_import(struct ds_cli *cli);
int cmd_list(struct ds_cli *cli);
int cmd_member(struct ds_cli *cli);
int cmd_plot(struct ds_cli *cli);
int cmd_promote(struct ds_cli *cli);
int cmd_releases(struct ds_cli *cli);
int cmd_report(struct ds_cli *cli);
int cmd_revisions(struct ds_cli *cli);
int cmd_set(struct ds_cli *cli);
int cmd_show(struct ds_cli *cli);
int cmd_spending(struct ds_cli *cli);
int cmd_trend(struct ds_cli *cli);

#endif
