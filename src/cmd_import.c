/*
 * cmd_import.c - `defspend import FILE`: merge a release, in the dataset's
 * long format or NATO's wide table, into the current spending file, into
 * another release's file (--release ID), or into a new release file (an ID
 * not yet in releases.csv), which --current then promotes to current.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "defspend/import.h"
#include "defspend/release.h"
#include "defspend/session.h"
#include "defspend/update.h"

/* A release id becomes a file name: keep it to letters, digits, '.', '-' and '_'. */
static int safe_id(const char *id)
{
	if (id[0] == '\0' || id[0] == '.' || strlen(id) > 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* The most decimals of any pct_gdp cell of u: what releases.csv records. */
static int max_decimals(const struct ds_update *u)
{
	int c = ds_csvdoc_column(&u->doc, "pct_gdp"), best = -1;
	for (size_t i = 0; c >= 0 && i < u->doc.nins; i++) {
		const char *dot = strchr(u->doc.ins[i].f[c], '.');
		int d = u->doc.ins[i].f[c][0] == '\0' ? -1 : dot ? (int)strlen(dot + 1) : 0;
		if (d > best)
			best = d;
	}
	return best;
}

int cmd_import(struct ds_cli *cli)
{
	struct ds_release meta;
	memset(&meta, 0, sizeof meta);
	const char *source = NULL;
	int rc;
	if ((rc = ds_cli_take_value(cli, "--source", &source)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--title", (const char **)&meta.title)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--published", (const char **)&meta.published)) ==
		    DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--cutoff", (const char **)&meta.cutoff)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--basis", (const char **)&meta.basis)) == DS_EUSAGE)
		return rc;
	int skip = ds_cli_take_flag(cli, "--skip-unknown");
	int dry = ds_cli_take_flag(cli, "--dry-run");
	int current = ds_cli_take_flag(cli, "--current");
	if ((rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	if (cli->argc != 1)
		return ds_cli_usage(cli, cli->argc == 0 ? "a file to import is needed"
							: "too many arguments");
	const char *id = cli->release;
	if (current && id == NULL)
		return ds_cli_usage(cli, "'--current' needs '--release ID'");
	if (id != NULL && !safe_id(id))
		return ds_cli_usage(
			cli, "release id '%s' may hold only letters, digits, '.', '-' and '_'", id);

	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	memset(&s, 0, sizeof s);
	s.lock.fd = -1;
	struct ds_update u;
	struct ds_import_result res;
	memset(&res, 0, sizeof res);
	int opened = 0;
	char *path = NULL, *header = NULL;
	/* A read-only installed dataset is copied to the user's first (datadir.h). */
	if (!dry && (rc = ds_cli_writable_data(cli)) != DS_OK)
		goto out;
	if ((rc = ds_session_open(&s, cli->data, NULL, ds_cli_lock_timeout(), &err)) != DS_OK)
		goto out;
	struct ds_dataset *ds = s.ds;
	int r = id ? ds_dataset_find_release(ds, id) : -1;
	int is_new = id != NULL && r < 0 && !(s.lone && s.release && strcmp(s.release, id) == 0);
	if (is_new && s.lone) {
		rc = ds_errors_add(&err, DS_EUSAGE, NULL, 0, 0,
				   "a new release '%s' needs a data directory", id);
		goto out;
	}
	if (is_new) {
		/* The new file starts as the current file's header row, byte for byte. */
		size_t n = strlen(s.dir) + strlen(id) + 32;
		struct ds_update cur;
		if ((path = malloc(n)) == NULL) {
			rc = ds_errors_nomem(&err, NULL);
			goto out;
		}
		snprintf(path, n, "%s/releases/%s.csv", s.dir, id);
		if ((rc = ds_update_open(&cur, ds, s.target, NULL, NULL, 0, &err)) != DS_OK)
			goto out;
		size_t hl = cur.doc.rows[0].rawlen;
		header = malloc(hl + 1);
		if (header != NULL)
			memcpy(header, cur.doc.data, hl);
		ds_update_release(&cur);
		if (header == NULL) {
			rc = ds_errors_nomem(&err, NULL);
			goto out;
		}
		rc = ds_update_open_new(&u, ds, path, header, hl, id, id, &err);
	} else {
		const char *target = s.target;
		if (r >= 0 && r != ds->current_release) {
			size_t n = strlen(s.dir) + strlen(ds->releases[r].file) + 2;
			if ((path = malloc(n)) == NULL) {
				rc = ds_errors_nomem(&err, NULL);
				goto out;
			}
			snprintf(path, n, "%s/%s", s.dir, ds->releases[r].file);
			target = path;
		}
		rc = ds_update_open(&u, ds, target, id ? id : s.release, id ? id : s.check_release,
				    s.lone, &err);
	}
	if (rc != DS_OK)
		goto out;
	opened = 1;
	struct ds_import_opts o = { .source = source, .release = id, .skip_unknown = skip };
	if ((rc = ds_import_file(&u, cli->argv[0], &o, &res, &err)) != DS_OK)
		goto out;
	int changed;
	if ((rc = ds_update_commit(&u, dry, &changed, &err)) != DS_OK)
		goto out;
	printf("%s: %s table, into '%s'%s\n", cli->argv[0], res.wide ? "wide" : "long", u.path,
	       is_new ? " (a new release)" : "");
	printf("rows added: %zu\n", u.rows_added);
	printf("values changed: %zu\n", u.values_changed);
	ds_cli_print_changes(&u, 1);
	printf("values unchanged: %zu\n", u.values_unchanged);
	printf("unmatched names: %zu\n", res.unmatched);
	for (size_t i = 0; i < res.nnames; i++)
		printf("  skipped %s\n", res.names[i]);
	if (is_new) {
		char file[128];
		snprintf(file, sizeof file, "releases/%s.csv", id);
		meta.id = (char *)id;
		meta.file = file;
		meta.source = (char *)source;
		meta.decimals = max_decimals(&u);
		if (meta.published == NULL && strlen(id) == 7 && id[4] == '-')
			meta.published = (char *)id;
		if ((rc = ds_release_register(s.dir, &meta, dry, &err)) != DS_OK)
			goto out;
		printf("release '%s' added to releases.csv\n", id);
	}
	if (current) {
		if (dry) {
			printf("release '%s' would become current\n", id);
		} else {
			/* Under the same lock: the data is read again, now with the
			 * new release in releases.csv, and promoted with no other
			 * writer in between. */
			if ((rc = ds_session_reload(&s, cli->data, NULL, &err)) != DS_OK ||
			    (rc = ds_release_promote(&s, id, 0, &err)) != DS_OK)
				goto out;
			printf("release '%s' is now current (spending.csv)\n", id);
		}
	}
	if (dry)
		printf("dry run: nothing written\n");
out:
	if (rc != DS_OK && ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	if (opened)
		ds_update_release(&u);
	ds_import_result_release(&res);
	ds_session_close(&s);
	ds_errors_release(&err);
	free(path);
	free(header);
	return rc;
}
