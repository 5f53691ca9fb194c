/*
 * commands.h - one entry point per command, each in its cmd_*.c file.
 * Each returns the exit status.  The registry (cli_commands.c) is what
 * refers to them; a command never calls another command.
 */
#ifndef DEFSPEND_COMMANDS_H
#define DEFSPEND_COMMANDS_H

#include "cli.h"

int cmd_aid(struct ds_cli *cli);
int cmd_check(struct ds_cli *cli);
int cmd_compare(struct ds_cli *cli);
int cmd_complete(struct ds_cli *cli);
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
int cmd_trend(struct ds_cli *cli);

/* Shared by the writing commands (cmd_set.c). */
struct ds_update;
/* The lock wait in ms: $DEFSPEND_LOCK_TIMEOUT seconds, default 10. */
long ds_cli_lock_timeout(void);
/* Prints each change of u as "Country YEAR column: old -> new" (figures_only: no source or
 * release). */
void ds_cli_print_changes(const struct ds_update *u, int figures_only);

/* Shared by plot and report (cmd_plot.c). */
struct ds_chart_opts;
/*
 * Takes the output options of plot and report: --out DIR (default plots)
 * and --render png,svg|none (default both, DS_RENDER_*), then refuses any
 * other option.  DS_EUSAGE after printing.
 */
int ds_cli_take_output(struct ds_cli *cli, const char **dir, unsigned *formats);
/* Creates the output directory; 73 after printing when it cannot. */
int ds_cli_out_dir(const char *dir);
/* Fills chart options from the global options. */
void ds_cli_chart_opts(const struct ds_cli *cli, struct ds_chart_opts *o);
/* Renders charts names[0..n) of dir with one gnuplot; 69 naming gnuplot-nox when missing. */
int ds_cli_render(const char *dir, const char *const *names, size_t n, unsigned formats);

#endif
