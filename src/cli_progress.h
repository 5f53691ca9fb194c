/*
 * cli_progress.h - the progress of long work (a report, an import, a
 * check) on stderr: "charts 3/9", on one line that each step rewrites.
 *
 * Shown only while stderr is a terminal and -q was not given, so nothing
 * of it ever reaches a pipe or a file; ds_cli_progress_end() wipes the
 * line, and every message on stderr (ds_cli_warn, ds_cli_report) wipes it
 * first, so it never mixes with what stays on the screen.
 */
#ifndef DEFSPEND_CLI_PROGRESS_H
#define DEFSPEND_CLI_PROGRESS_H

#include <stddef.h>

/*
 * Decides, once per run, whether progress is shown: stderr a terminal and
 * quiet (-q) not given.  It takes the flag, not the CLI's state, so that
 * cli.c, which wipes the line before each message, can use this module
 * without a cycle.
 */
void ds_cli_progress_begin(int quiet);

/*
 * Shows "STAGE DONE/TOTAL" (just "STAGE" when total is 0) in place of the
 * line shown before.  The signature of the library's progress callbacks
 * (arg unused).
 */
void ds_cli_progress(void *arg, const char *stage, size_t done, size_t total);

/* Wipes the progress line, if any is shown. */
void ds_cli_progress_end(void);

#endif
