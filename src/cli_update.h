/*
 * cli_update.h - what the writing commands (set, import, member add,
 * promote) share in the front end: making the data writable, opening the
 * update session with the lock timeout of the environment, and printing
 * the changes an update made.
 *
 * A writing command is then: take its options, begin, call the library
 * (update.h, import_run.h, member.h, release.h), print, close the session.
 */
#ifndef DEFSPEND_CLI_UPDATE_H
#define DEFSPEND_CLI_UPDATE_H

#include "cli.h"
#include "defspend/error.h"
#include "defspend/session.h"
#include "defspend/update.h"

/*
 * Makes cli->data a directory an update may write into; ds_cli_update_begin()
 * calls it before it locks.  When the data in use is a read-only installed
 * share directory, it copies it once to $XDG_DATA_HOME/defspend (see
 * ds_datadir_writable), says so on stderr, and points cli->data at the copy,
 * which later runs read.  Data named with --data, $DEFSPEND_DATA or ./data
 * is used where it is.  Returns DS_OK, or a status with the problem added
 * to err.
 */
int ds_cli_writable_data(struct ds_cli *cli, struct ds_errors *err);

/*
 * The start of every writing command: unless dry_run, makes the data
 * writable, then opens an update session on cli->data (release: another
 * release's file, or NULL) waiting for the lock at most
 * ds_cli_lock_timeout(), which finishes an interrupted update first (and
 * says so).  Problems are added to err for the caller to report, except
 * that no data was found at all (ds_cli_need_data) or a bad
 * $DEFSPEND_LOCK_TIMEOUT, which are printed here (err left empty).
 * Close s with ds_session_close() whatever this returns.
 */
int ds_cli_update_begin(struct ds_cli *cli, const char *release, int dry_run, struct ds_session *s,
			struct ds_errors *err);

/*
 * Prints each change of u as "Country YEAR column: old -> new";
 * figures_only leaves out the provenance columns (release, *source).
 */
void ds_cli_print_changes(const struct ds_update *u, int figures_only);

#endif
