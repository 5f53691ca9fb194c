/*
 * commands.h - one entry point per command, each in its cmd_*.c file.
 * Each returns the exit status.
 */
#ifndef DEFSPEND_COMMANDS_H
#define DEFSPEND_COMMANDS_H

#include "cli.h"

int cmd_check(struct ds_cli *cli);
int cmd_complete(struct ds_cli *cli);
int cmd_help(struct ds_cli *cli);
int cmd_releases(struct ds_cli *cli);
int cmd_revisions(struct ds_cli *cli);

#endif
