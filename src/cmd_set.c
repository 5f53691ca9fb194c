/*
 * cmd_set.c - `defspend set COUNTRY YEAR FIELD=VALUE...`: change or add one
 * member's row for one year in the spending file, and print what changed.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_update.h"
#include "commands.h"

int cmd_set(struct ds_cli *cli)
{
	const char *source = NULL;
	int rc = ds_cli_take_value(cli, "--source", &source);
	if (rc == DS_EUSAGE)
		return rc;
	int estimate = ds_cli_take_flag(cli, "--estimate");
	int final = ds_cli_take_flag(cli, "--final");
	int dry = ds_cli_take_flag(cli, "--dry-run");
	if ((rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	if (estimate && final)
		return ds_cli_usage(cli, "'--estimate' and '--final' exclude each other");
	if (cli->argc < 2)
		return ds_cli_usage(cli, "a country and a year are needed");
	int year;
	if (ds_cli_parse_year(cli, "year", cli->argv[1], &year) != DS_OK)
		return DS_EUSAGE;
	size_t n = (size_t)cli->argc - 2 + (source != NULL) + (estimate || final);
	if (n == 0)
		return ds_cli_usage(
			cli, "nothing to set: give FIELD=VALUE, --source, --estimate or --final");
	const char **cols = calloc(n, sizeof *cols);
	const char **vals = calloc(n, sizeof *vals);
	char **names = calloc(n, sizeof *names); /* the FIELD parts, owned */
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	struct ds_update u;
	int opened = 0, session = 0;
	rc = DS_OK;
	if (cols == NULL || vals == NULL || names == NULL) {
		rc = ds_errors_nomem(&err, NULL);
		goto out;
	}
	size_t k = 0;
	for (int i = 2; i < cli->argc; i++, k++) {
		const char *eq = strchr(cli->argv[i], '=');
		if (eq == NULL || eq == cli->argv[i]) {
			rc = ds_cli_usage(cli, "'%s' is not FIELD=VALUE", cli->argv[i]);
			goto out;
		}
		size_t len = (size_t)(eq - cli->argv[i]);
		if ((names[k] = malloc(len + 1)) == NULL) {
			rc = ds_errors_nomem(&err, NULL);
			goto out;
		}
		memcpy(names[k], cli->argv[i], len);
		names[k][len] = '\0';
		cols[k] = names[k];
		vals[k] = eq + 1;
	}
	if (source != NULL) {
		cols[k] = "source";
		vals[k++] = source;
	}
	if (estimate || final) {
		cols[k] = "estimate";
		vals[k++] = estimate ? "1" : "0";
	}
	session = 1;
	if ((rc = ds_cli_update_begin(cli, cli->release, dry, &s, &err)) != DS_OK)
		goto out;
	size_t m;
	if ((rc = ds_cli_member(s.ds, cli->argv[0], &m)) != DS_OK)
		goto out;
	if ((rc = ds_update_open(&u, s.ds, s.target, s.release, s.check_release, s.lone, &err)) !=
	    DS_OK)
		goto out;
	opened = 1;
	if ((rc = ds_update_apply(&u, m, year, n, cols, vals, 0, &err)) != DS_OK)
		goto out;
	int changed;
	if ((rc = ds_update_commit(&u, dry, &changed, &err)) != DS_OK)
		goto out;
	cli->committed = changed && !dry;
	ds_cli_print_changes(&u, 0);
	if (u.notes_cleared > 0)
		printf("note cleared: it explained why the figure was missing (give note=TEXT to "
		       "set another)\n");
	if (!changed)
		printf("no change: %s %d already has %s\n", s.ds->members[m].name, year,
		       n == 1 ? "that value" : "these values");
	else if (dry)
		printf("dry run: '%s' not written\n", s.target);
out:
	if (rc != DS_OK && ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	if (opened)
		ds_update_release(&u);
	if (session)
		ds_session_close(&s);
	ds_errors_release(&err);
	for (size_t i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
	free(cols);
	free(vals);
	return rc;
}
