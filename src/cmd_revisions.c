/*
 * cmd_revisions.c - `defspend revisions [COUNTRY...] [--year YEAR]
 * [--from ID] [--to ID]`: how NATO revised each figure between two
 * releases, and (table format) how many allies each release puts at each
 * threshold for the year.
 *
 * Defaults: --to is the global --release when given, else the current
 * release (spending.csv); --from is the oldest release, by publication
 * date, that has a figure for a member and year that --to also has (for
 * --year when given).  The year of the count lines is --year, else the
 * latest year in the comparison.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

#include "defspend/revisions.h"

/* Table format only: the count of allies per threshold in each release. */
static int print_counts(struct ds_cli *cli, struct ds_dataset *ds, int year, struct ds_errors *err)
{
	struct ds_release_count *v;
	size_t n;
	struct ds_table *t = NULL;
	int rc = ds_revisions_counts(ds, year, cli->thresholds, cli->nthresholds, &v, &n, err);
	if (rc == DS_OK)
		rc = ds_revisions_counts_table(ds, year, cli->thresholds, cli->nthresholds, v, n,
					       &t, err);
	free(v);
	if (rc != DS_OK)
		return ds_cli_report(err);
	ds_cli_print(cli,
		     "\nallies with a figure for %d, and at or above each threshold, in each "
		     "release:\n",
		     year);
	rc = ds_cli_write_extra(cli, t);
	ds_table_free(t);
	return rc;
}

static int run(struct ds_cli *cli, struct ds_dataset *ds, const char *from_id, const char *to_id,
	       struct ds_errors *err)
{
	struct ds_revisions_query q = { .year = cli->year };
	size_t *members = NULL;
	struct ds_series *from = NULL, *to = NULL;
	int from_owned = 0, to_owned = 0;
	struct ds_revision *v = NULL;
	size_t n = 0;
	struct ds_table *t = NULL;
	int rc;
	if ((rc = ds_cli_members(cli, ds, &members)) != DS_OK)
		return rc;
	q.members = members;
	q.nmembers = (size_t)cli->argc;
	if ((rc = ds_revisions_series(ds, to_id, &to, &to_owned, err)) != DS_OK ||
	    (rc = ds_revisions_series(ds, from_id, &from, &from_owned, err)) != DS_OK ||
	    (rc = ds_revisions_compare(ds, from, to, &q, &v, &n, err)) != DS_OK ||
	    (rc = ds_revisions_table(ds, from_id, to_id, v, n, &t, err)) != DS_OK) {
		rc = ds_cli_report(err);
		goto out;
	}
	char note[256];
	const char *why = ds_revisions_basis_note(ds, from_id, to_id, note, sizeof note);
	if (cli->format != DS_FORMAT_TABLE) {
		if (why != NULL)
			ds_cli_warn("warning: %s", why);
		rc = ds_cli_write_table(cli, t);
		goto out;
	}
	ds_cli_note(cli,
		    "revisions from %s to %s (change_pp = to_pct - from_pct, percentage points):\n",
		    from_id, to_id);
	if (why != NULL)
		ds_cli_note(cli, "note: %s\n", why);
	if (n == 0) {
		printf("no member has a figure for the same year in both releases\n");
	} else if ((rc = ds_cli_write_table(cli, t)) != DS_OK) {
		goto out;
	}
	int year = cli->year;
	for (size_t i = 0; i < n && cli->year == 0; i++)
		year = v[i].year > year ? v[i].year : year;
	if (year != 0)
		rc = print_counts(cli, ds, year, err);
out:
	ds_table_free(t);
	free(v);
	if (from_owned)
		ds_series_free(from);
	if (to_owned)
		ds_series_free(to);
	free(members);
	return rc;
}

int cmd_revisions(struct ds_cli *cli)
{
	const char *from_id = NULL, *to_id = NULL;
	int rc;
	if ((rc = ds_cli_take_value(cli, "--from", &from_id)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--to", &to_id)) == DS_EUSAGE ||
	    (rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	struct ds_errors err;
	ds_errors_init(&err);
	if (to_id == NULL)
		to_id = cli->release != NULL ? cli->release : ds_revisions_current_id(ds);
	if (from_id == NULL) {
		int f;
		if ((rc = ds_revisions_default_from(ds, to_id, cli->year, &f, &err)) != DS_OK) {
			rc = ds_cli_report(&err);
			goto out;
		}
		if (f < 0) {
			if (cli->year)
				rc = ds_cli_usage(
					cli,
					"no other release has a figure for %d that '%s' has too",
					cli->year, to_id);
			else
				rc = ds_cli_usage(cli, "no other release shares a figure with '%s'",
						  to_id);
			goto out;
		}
		from_id = ds->releases[f].id;
	}
	if (strcmp(from_id, to_id) == 0) {
		rc = ds_cli_usage(cli, "--from and --to are both '%s'", to_id);
		goto out;
	}
	rc = run(cli, ds, from_id, to_id, &err);
out:
	ds_errors_release(&err);
	ds_dataset_free(ds);
	return rc;
}
