/*
 * cmd_check.c - `defspend check [PATH]`: validate every file of the data
 * and list every problem, or print which data directory is in use (and why
 * it was chosen) and a one-line summary per file.
 */
#include <stdio.h>

#include "cli_progress.h"
#include "commands.h"
#include "defspend/input.h"

static void print_years(const struct ds_file_info *f)
{
	if (f->year_min == 0)
		return;
	if (f->year_min == f->year_max)
		printf(", year %d", f->year_min);
	else
		printf(", years %d-%d", f->year_min, f->year_max);
}

int cmd_check(struct ds_cli *cli)
{
	int rc = ds_cli_no_options(cli);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 1)
		return ds_cli_usage(cli, "too many arguments");
	const char *why = ds_datadir_origin_name(cli->datadir.origin);
	if (cli->argc == 1) {
		cli->data = cli->argv[0];
		why = "argument";
		if ((rc = ds_cli_read_stdin(cli)) != DS_OK) /* check - */
			return rc;
	}
	struct ds_dataset *ds;
	/* check reads every row and keeps none, where nothing else needs them
	 * (year 0 is no year of any row: load.h, ds_keep_years). */
	cli->keep = (struct ds_keep_years){ .year = { 0 }, .n = 1 };
	ds_cli_progress(NULL, "checking", 0, 0);
	rc = ds_cli_load(cli, 1, &ds);
	ds_cli_progress_end();
	if (rc != DS_OK)
		return rc;
	/* Which of the possible copies (see datadir.h) this run read, and why. */
	printf("data: %s (%s)\n", ds_input_name(cli->data), why);
	for (size_t i = 0; i < ds->nfiles; i++) {
		const struct ds_file_info *f = &ds->files[i];
		printf("%s: %zu row%s", f->path, f->rows, f->rows == 1 ? "" : "s");
		if (f->members)
			printf(", %zu member%s", f->members, f->members == 1 ? "" : "s");
		print_years(f);
		if (f->releases)
			printf(", %zu release%s", f->releases, f->releases == 1 ? "" : "s");
		printf("\n");
	}
	ds_dataset_free(ds);
	return DS_OK;
}
