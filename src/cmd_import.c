/*
 * cmd_import.c - `defspend import FILE`: merge a release, in the dataset's
 * long format or NATO's wide table, into the current spending file, into
 * another release's file (--release ID), or into a new release file (an ID
 * not yet in releases.csv), which --current then promotes to current.
 *
 * The steps are the library's (import_run.h); this file takes the options,
 * runs them in an update session and prints how far they got.
 */
#include <stdio.h>
#include <string.h>

#include "cli_progress.h"
#include "cli_update.h"
#include "commands.h"
#include "defspend/import_run.h"
#include "defspend/input.h"
#include "defspend/release.h"

/* How many names matched no member, each once, the first ten of them. */
static void print_unmatched(const struct ds_import_result *res)
{
	enum { SHOWN = 10 };
	printf("unmatched names: %zu", res->unmatched);
	if (res->unmatched_rows > res->unmatched)
		printf(", in %zu rows", res->unmatched_rows);
	printf("\n");
	for (size_t i = 0; i < res->nnames && i < SHOWN; i++) {
		printf("  skipped %s", res->names[i]);
		if (res->rows[i] > 1)
			printf(" (%zu rows)", res->rows[i]);
		printf("\n");
	}
	if (res->nnames > SHOWN)
		printf("  ... and %zu more\n", res->nnames - SHOWN);
}

static void print_outcome(const struct ds_import_request *rq, const struct ds_import_outcome *o)
{
	if (o->merged) {
		printf("%s: %s table, into '%s'%s\n", ds_input_name(rq->file),
		       o->res.wide ? "wide" : "long", o->u.path,
		       o->is_new ? " (a new release)" : "");
		printf("rows added: %zu\n", o->u.rows_added);
		printf("values changed: %zu\n", o->u.values_changed);
		ds_cli_print_changes(&o->u, 1);
		printf("values unchanged: %zu\n", o->u.values_unchanged);
		print_unmatched(&o->res);
	}
	if (o->registered)
		printf("release '%s' %s to releases.csv\n", rq->release,
		       rq->dry_run ? "would be added" : "added");
	if (o->current && rq->dry_run)
		printf("release '%s' would become current\n", rq->release);
	else if (o->current)
		printf("release '%s' is now current (spending.csv)\n", rq->release);
}

int cmd_import(struct ds_cli *cli)
{
	struct ds_import_request rq;
	memset(&rq, 0, sizeof rq);
	int rc;
	if ((rc = ds_cli_take_value(cli, "--source", &rq.source)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--title", &rq.title)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--published", &rq.published)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--cutoff", &rq.cutoff)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--basis", &rq.basis)) == DS_EUSAGE)
		return rc;
	rq.skip_unknown = ds_cli_take_flag(cli, "--skip-unknown");
	rq.dry_run = ds_cli_take_flag(cli, "--dry-run");
	rq.make_current = ds_cli_take_flag(cli, "--current");
	if ((rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	if (cli->argc != 1)
		return ds_cli_usage(cli, cli->argc == 0 ? "a file to import is needed"
							: "too many arguments");
	rq.file = cli->argv[0];
	rq.release = cli->release;
	if (rq.make_current && rq.release == NULL)
		return ds_cli_usage(cli, "'--current' needs '--release ID'");
	if (rq.release != NULL && !ds_release_id_valid(rq.release))
		return ds_cli_usage(
			cli, "release id '%s' may hold only letters, digits, '.', '-' and '_'",
			rq.release);

	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	struct ds_import_outcome out;
	memset(&out, 0, sizeof out);
	ds_cli_progress(NULL, "importing", 0, 0);
	if ((rc = ds_cli_update_begin(cli, NULL, rq.dry_run, &s, &err)) == DS_OK)
		rc = ds_import_run(&s, &rq, &out, &err);
	ds_cli_progress_end();
	cli->committed = rc == DS_OK && !rq.dry_run;
	print_outcome(&rq, &out);
	if (rc == DS_OK && rq.dry_run)
		printf("dry run: nothing written\n");
	if (rc != DS_OK && ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	ds_errors_release(&err);
	return rc;
}
