/*
 * commands.h - one entry point per command, each in its cmd_*.c file.
 * Each returns the exit status.
 */
#ifndef DEFSPEND_COMMANDS_H
#define DEFSPEND_COMMANDS_H

#include "cli.h"

int cmd_aid(struct ds_cli *cli);
int cmd_check(struct ds_cli *cli);
int cmd_compare(struct ds_cli *cli);
int cmd_help(struct ds_cli *cli);
int cmd_list(struct ds_cli *cli);
int cmd_show(struct ds_cli *cli);
int cmd_trend(struct ds_cli *cli);

#endif
