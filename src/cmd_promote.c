/*
 * cmd_promote.c - `defspend promote ID`: make a release of releases.csv the
 * current one.  The current spending.csv moves to releases/OLD.csv and
 * release ID's file becomes spending.csv (see ds_release_promote()).
 */
#include <string.h>

#include "cli_update.h"
#include "commands.h"
#include "defspend/release.h"

int cmd_promote(struct ds_cli *cli)
{
	int dry = ds_cli_take_flag(cli, "--dry-run");
	int rc = ds_cli_no_options(cli);
	if (rc != DS_OK)
		return rc;
	if (cli->argc != 1)
		return ds_cli_usage(cli, cli->argc == 0 ? "a release id is needed"
							: "too many arguments");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	const char *id = cli->argv[0];
	if ((rc = ds_cli_update_begin(cli, NULL, dry, &s, &err)) == DS_OK) {
		int cur = s.ds->current_release;
		int already = cur >= 0 && strcmp(s.ds->releases[cur].id, id) == 0;
		rc = ds_release_promote(&s, id, dry, &err);
		cli->committed = rc == DS_OK && !dry && !already;
		if (rc == DS_OK && already)
			printf("release '%s' is already current\n", id);
		else if (rc == DS_OK)
			printf("release '%s' %s current (spending.csv); '%s' %s releases/%s.csv\n",
			       id, dry ? "would become" : "is now", s.ds->releases[cur].id,
			       dry ? "would move to" : "moved to", s.ds->releases[cur].id);
	}
	if (rc != DS_OK && ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_session_close(&s);
	ds_errors_release(&err);
	return rc;
}
