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
 * must agree in everything, diagnostics and their order included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loads path in `parts` parts; checks it and returns its description. */
static char *load(const char *path, size_t parts)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	struct ds_load_opts opts = { .parts = parts };
	int rc = ds_dataset_load(path, &opts, &ds, &err);
	if (rc == 0) {
		if (ds == NULL || ds_errors_count(&err) != 0)
			abort();
		fz_walk(ds);
	} else if (ds != NULL || ds_errors_count(&err) == 0) {
		abort(); /* a failure must say what is wrong */
	}
	char *text = fz_describe(ds, &err, rc);
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
	char *serial = load(path, 1);
	char *parts = load(path, 2 + (size ? data[size / 2] % 7 : 0));
	if (strcmp(serial, parts) != 0)
		abort(); /* reading in parts changed what the loader found */
	free(serial);
	free(parts);
	return 0;
}
