/*
 * cli_update.c - the front-end side of the writing commands (see
 * cli_update.h).
 *
 * Writability is settled before the lock is taken: copying a read-only
 * installation to the user's data directory is a one-time step of its own,
 * and the session then locks and loads the copy like any other data.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_update.h"
#include "defspend/input.h"
#include "defspend/journal.h"
#include "defspend/provenance.h"
#include "defspend/safefile.h"
#include "defspend/util.h"

int ds_cli_writable_data(struct ds_cli *cli, struct ds_errors *err)
{
	/* A command that pointed data elsewhere writes where it pointed. */
	if (cli->data != cli->datadir.path)
		return DS_OK;
	const char *from = cli->datadir.path;
	char *share = NULL;
	int copied = 0;
	if (cli->datadir.origin == DS_DATADIR_SHARE && (share = ds_strdup(from)) == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = ds_datadir_writable(&cli->datadir, &copied, err);
	if (rc == DS_OK) {
		cli->data = cli->datadir.path;
		if (copied)
			ds_cli_warn("the installed data in '%s' is read-only: copied it to '%s', "
				    "which is used from now on",
				    share, cli->data);
	}
	free(share);
	return rc;
}

/*
 * An update writes beside the files it replaces (temporary file, rename),
 * so the directory must be writable.  Said plainly, with the ways out,
 * before any lock file is tried: exit 73.
 */
static int refuse_read_only(const char *data)
{
	struct stat st;
	if (stat(data, &st) != 0)
		return DS_OK; /* the session says what is missing */
	int lone = !S_ISDIR(st.st_mode);
	char *dir = lone ? ds_path_real_dir(data) : ds_strdup(data);
	if (dir == NULL)
		return ds_cli_nomem();
	int rc = DS_OK;
	if (access(dir, W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
		if (lone)
			ds_cli_warn(
				"the directory '%s' of '%s' is read-only: copy the file where you "
				"may write and give that copy with --data; --dry-run shows what "
				"would change",
				dir, data);
		else
			ds_cli_warn("data directory '%s' is read-only: copy it where you may write "
				    "(cp -R '%s' DIR) and use --data DIR; --dry-run shows what "
				    "would change",
				    dir, dir);
		rc = DS_ECANTCREAT;
	}
	free(dir);
	return rc;
}

int ds_cli_update_begin(struct ds_cli *cli, const char *release, int dry_run, struct ds_session *s,
			struct ds_errors *err)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < DS_SESSION_MAX_LOCKS; i++)
		s->locks[i].fd = -1;
	int rc = ds_cli_need_data(cli);
	if (rc != DS_OK)
		return rc;
	if (ds_input_is_stdin(cli->data))
		return ds_cli_usage(cli, "standard input ('--data -') can be read but not updated: "
					 "give the file's path");
	long ms;
	rc = ds_cli_lock_timeout(&ms);
	if (rc != DS_OK)
		return rc;
	/* Once the update is committed, a reader gone from the pipe must not
	 * kill the process before it says so: a failed write of the summary is
	 * a warning then (main.c), not a failed update. */
	signal(SIGPIPE, SIG_IGN);
	/* A read-only installed dataset is copied to the user's first (datadir.h). */
	if (!dry_run && (rc = ds_cli_writable_data(cli, err)) != DS_OK)
		return rc;
	if (!dry_run && (rc = refuse_read_only(cli->data)) != DS_OK)
		return rc;
	struct ds_session_opts o = {
		.release = release, .names = cli->names_dir, .timeout_ms = ms, .dry_run = dry_run
	};
	rc = ds_session_open_with(s, cli->data, &o, err);
	if (s->recovered == DS_JOURNAL_FINISHED)
		ds_cli_warn("finished an interrupted update of '%s'", cli->data);
	else if (s->recovered == DS_JOURNAL_ROLLED_BACK)
		ds_cli_warn("rolled back an interrupted update of '%s'", cli->data);
	return rc;
}

static const char *shown(const char *s)
{
	return s == NULL ? "(no row)" : *s ? s : "(empty)";
}

void ds_cli_print_changes(const struct ds_update *u, int figures_only)
{
	for (size_t i = 0; i < u->nchanges; i++) {
		const struct ds_change *c = &u->changes[i];
		if (figures_only && ds_provenance_column(c->column))
			continue;
		printf("%s %d %s: %s -> %s\n", u->ds->members[c->member].name, c->year, c->column,
		       shown(c->old), shown(c->new_value));
	}
}
