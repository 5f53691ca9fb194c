/*
 * fuzz_load.c - libFuzzer harness for the whole loader on a lone spending
 * file: the input is written to a scratch file and loaded with
 * ds_dataset_load(), as `defspend check FILE` does.
 *
 * On success the loaded dataset is walked (every member, every grid cell,
 * every pooled string, the lookup of each member's own name) so that a
 * dangling index or a wrong grid size shows up; on failure there must be a
 * diagnostic that says so.  The file is loaded twice, serially and in 2 to
 * 8 parts at once (a byte of the input says how many), and the two loads
 * must agree in everything, diagnostics and their order included.  Then
 * twice more keeping two years' rows only (as list --year does; a byte
 * says which): serially and in parts, each must agree with the full load
 * on every diagnostic, on what the series says of the file and on the
 * kept years' rows; and once more keeping one year and every row's line
 * (an update's load), in parts, whose lines must be the full load's rows'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Loads path in `parts` parts, keeping keep's years' rows (NULL: all);
 * checks it and returns its description (kept: fz_describe_kept() of what
 * `kept` names).
 */
static char *load(const char *path, size_t parts, const struct ds_keep_years *keep,
		  const struct ds_keep_years *kept)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	struct ds_load_opts opts = { .parts = parts, .keep = keep };
	int rc = ds_dataset_load(path, &opts, &ds, &err);
	if (rc == 0) {
		if (ds == NULL || ds_errors_count(&err) != 0)
			abort();
		fz_walk(ds);
	} else if (ds != NULL || ds_errors_count(&err) == 0) {
		abort(); /* a failure must say what is wrong */
	}
	char *text = kept ? fz_describe_kept(ds, &err, rc, kept) : fz_describe(ds, &err, rc);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	if (path == NULL)
		path = fz_join(fz_scratch(), "spending.csv");
	fz_write(path, data, size);
	size_t nparts = 2 + (size ? data[size / 2] % 7 : 0);
	char *serial = load(path, 1, NULL, NULL);
	char *parts = load(path, nparts, NULL, NULL);
	if (strcmp(serial, parts) != 0)
		abort(); /* reading in parts changed what the loader found */
	free(serial);
	free(parts);
	/* Two years near those of the seeds (2014-2025), one maybe absent. */
	int y = 2010 + (size ? data[size / 3] % 20 : 0);
	struct ds_keep_years keep = { { y, y + 3 }, 2, 0 };
	char *full = load(path, 1, NULL, &keep);
	char *kept = load(path, 1, &keep, &keep);
	char *kept_parts = load(path, nparts, &keep, &keep);
	if (strcmp(full, kept) != 0)
		abort(); /* keeping some years changed what the loader found */
	if (strcmp(full, kept_parts) != 0)
		abort(); /* the same, read in parts */
	free(full);
	free(kept);
	free(kept_parts);
	/* Keeping one year and every row's line (an update's load), in parts. */
	struct ds_keep_years lines = { { y }, 1, 1 };
	full = load(path, 1, NULL, &lines);
	kept_parts = load(path, nparts, &lines, &lines);
	if (strcmp(full, kept_parts) != 0)
		abort(); /* the lines kept are not where the rows are */
	free(full);
	free(kept_parts);
	return 0;
}
