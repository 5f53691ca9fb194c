/*
 * fuzz_load_dir.c - libFuzzer harness for the loader on a data directory.
 *
 * A scratch copy of the shipped data/ is made once.  The first input byte
 * picks which of its files the rest of the input replaces (members.csv,
 * spending.csv, aid.csv, aggregates.csv, releases.csv, a past release's
 * file or macro.csv) and whether all releases are read; the directory is loaded with
 * ds_dataset_load() and the file is put back afterwards.  So every file
 * is fuzzed against the real contents of the others, which is how a user
 * editing one file by hand meets the loader.  Each directory is loaded
 * serially and with its spending files read in parts, and the two loads
 * must agree in everything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "fuzz_util.h"

static const char *const targets[] = {
	"members.csv",  "spending.csv",         "aid.csv",   "aggregates.csv",
	"releases.csv", "releases/2024-06.csv", "macro.csv",
};
#define NTARGETS (sizeof targets / sizeof targets[0])

static char *dir;
static char *paths[NTARGETS];
static char *orig[NTARGETS];
static size_t orig_len[NTARGETS];

static void setup(void)
{
	dir = fz_join(fz_scratch(), "data");
	fz_copy_dir(fz_data_dir(), dir);
	char *src_rel = fz_join(fz_data_dir(), "releases");
	char *dst_rel = fz_join(dir, "releases");
	fz_copy_dir(src_rel, dst_rel);
	free(src_rel);
	free(dst_rel);
	for (size_t i = 0; i < NTARGETS; i++) {
		paths[i] = fz_join(dir, targets[i]);
		orig[i] = fz_read(paths[i], &orig_len[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dir == NULL)
		setup();
	if (size == 0)
		return 0;
	size_t t = (data[0] & 0x7F) % NTARGETS;
	struct ds_load_opts opts = { .release = NULL, .all_releases = (data[0] & 0x80) != 0 };
	fz_write(paths[t], data + 1, size - 1);

	/* Serially, then in 2 to 6 parts: the two must agree in everything. */
	char *text[2];
	for (int pass = 0; pass < 2; pass++) {
		struct ds_errors err;
		ds_errors_init(&err);
		struct ds_dataset *ds;
		opts.parts = pass == 0 ? 1 : 2 + data[size - 1] % 5;
		int rc = ds_dataset_load(dir, &opts, &ds, &err);
		if (rc == 0) {
			if (ds == NULL || ds_errors_count(&err) != 0)
				abort();
			fz_walk(ds);
		} else if (ds != NULL || ds_errors_count(&err) == 0) {
			abort();
		}
		text[pass] = fz_describe(ds, &err, rc);
		ds_dataset_free(ds);
		ds_errors_release(&err);
	}
	if (strcmp(text[0], text[1]) != 0)
		abort(); /* reading in parts changed what the loader found */
	free(text[0]);
	free(text[1]);
	fz_write(paths[t], orig[t], orig_len[t]);
	return 0;
}
