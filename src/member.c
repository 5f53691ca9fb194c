/*
 * member.c - adding an ally to members.csv (see member.h).
 *
 * The new row goes where the iso3 order puts it, everything else stays byte
 * for byte, and the result is read by the members loader, which also builds
 * the name index: a name, code or alias that clashes with another member's
 * is refused there, with the same message `check` would give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/csvdoc.h"
#include "defspend/load_aux.h"
#include "defspend/member.h"
#include "defspend/safefile.h"
#include "defspend/stage.h"

/*
 * The stage check of members.csv: its loader, on a dataset of its own,
 * which also builds the name index and so refuses clashing names.
 */
static int check_members(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	struct ds_dataset *d = ds_dataset_new();
	if (d == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = ds_load_members(d, ds_stage_path(st, ctx), err);
	ds_dataset_free(d);
	return rc;
}

int ds_member_add(const char *dir, const struct ds_member *m, int dry_run, struct ds_errors *err)
{
	size_t n = strlen(dir) + 16;
	char *path = malloc(n), *data = NULL, *buf = NULL;
	const char **vals = NULL;
	struct ds_csvdoc doc;
	struct ds_stage st;
	ds_stage_init(&st);
	size_t len;
	int rc, parsed = 0;
	if (path == NULL)
		return ds_errors_nomem(err, NULL);
	snprintf(path, n, "%s/members.csv", dir);
	if ((rc = ds_file_read(path, &data, &len, err)) != DS_OK ||
	    (rc = ds_csvdoc_parse(&doc, path, data, len, err)) != DS_OK)
		goto out;
	parsed = 1;
	if ((vals = calloc(doc.ncols, sizeof *vals)) == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	char joined[16] = "";
	if (m->joined > 0)
		snprintf(joined, sizeof joined, "%d", m->joined);
	static const char *names[5] = { "iso3", "iso2", "name", "aliases", "joined" };
	const char *given[5] = { m->iso3, m->iso2, m->name, m->aliases, joined };
	for (size_t i = 0; i < doc.ncols; i++)
		vals[i] = "";
	for (size_t k = 0; k < 5; k++) {
		int c = ds_csvdoc_column(&doc, names[k]);
		if (c >= 0)
			vals[c] = given[k] ? given[k] : "";
		else if (given[k] && given[k][0])
			rc = ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "no column '%s' in '%s'",
					   names[k], path);
	}
	int ci = ds_csvdoc_column(&doc, "iso3");
	if (rc != DS_OK || ci < 0) {
		rc = rc ? rc
			: ds_errors_add(err, DS_EDATA, path, 1, 0,
					"missing column 'iso3' in the header");
		goto out;
	}
	size_t after = 0;
	for (size_t i = 1; i < doc.nrows; i++)
		if (doc.rows[i].nfields == doc.ncols &&
		    strcmp(ds_csvdoc_get(&doc, i, (size_t)ci), m->iso3) < 0)
			after = i;
	if (ds_csvdoc_insert(&doc, after, vals) != 0 || ds_csvdoc_render(&doc, &buf, &len) != 0) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	/* A dry run is checked too: it says what a real one would refuse.  It
	 * writes nothing, not even a staged copy, so that it works on data it
	 * may not write: the loader reads the new content from memory. */
	if (dry_run) {
		struct ds_dataset *d = ds_dataset_new();
		rc = d == NULL ? ds_errors_nomem(err, NULL)
			       : ds_load_members_mem(d, path, buf, len, err);
		ds_dataset_free(d);
		goto out;
	}
	if ((rc = ds_stage_add(&st, path, buf, len, 0, err)) != DS_OK ||
	    (rc = ds_stage_check(&st, check_members, path, err)) != DS_OK)
		goto out;
	rc = ds_stage_commit(&st, err);
out:
	ds_stage_release(&st);
	if (parsed)
		ds_csvdoc_release(&doc);
	free(vals);
	free(data);
	free(buf);
	free(path);
	return rc;
}
