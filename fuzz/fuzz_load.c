/*
 * fuzz_load.c - libFuzzer harness for the whole loader on a lone spending
 * file: the input is written to a scratch file and loaded with
 * ds_dataset_load(), as `defspend check FILE` does.
 *
 * On success the loaded dataset is walked (every member, every grid cell,
 * every pooled string, the lookup of each member's own name) so that a
 * dangling index or a wrong grid size shows up; on failure there must be a
 * diagnostic that says so.
 */
#include <stdint.h>
#include <stdlib.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	if (path == NULL)
		path = fz_join(fz_scratch(), "spending.csv");
	fz_write(path, data, size);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	int rc = ds_dataset_load(path, NULL, &ds, &err);
	if (rc == 0) {
		if (ds == NULL || ds_errors_count(&err) != 0)
			abort();
		fz_walk(ds);
		ds_dataset_free(ds);
	} else if (ds != NULL || ds_errors_count(&err) == 0) {
		abort(); /* a failure must say what is wrong */
	}
	ds_errors_release(&err);
	return 0;
}
