/*
 * fuzz_import.c - libFuzzer harness for the wide-table parser of
 * `defspend import` (ds_import_parse_wide, import_wide.h): NATO's published
 * layout, one row per country and one column per year, as users paste it
 * from the PDF or a spreadsheet.
 *
 * The callback checks every value it is handed (a year in the loader's
 * range, text that is a NUL-terminated string, a position, a percentage in
 * range with the decimals it claims) and touches every byte.  The same
 * input parsed without a callback must give the same status, and a status
 * must come with a diagnostic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/dataset.h"
#include "defspend/import_wide.h"

static int on_row(void *ctx, const struct ds_wide_row *row)
{
	size_t *rows = ctx;
	(*rows)++;
	if (row->name == NULL || row->line < 1)
		abort();
	(void)strlen(row->name);
	for (size_t i = 0; i < row->n; i++) {
		const struct ds_wide_value *v = &row->values[i];
		if (v->year < DS_YEAR_MIN || v->year > DS_YEAR_MAX)
			abort();
		if (v->present) {
			if (v->text == NULL || strlen(v->text) == 0)
				abort();
			if (v->pct < 0 || v->decimals < 0 || v->decimals > 6 || v->line < 1 ||
			    v->column < 1)
				abort();
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_errors err;
	ds_errors_init(&err);
	size_t rows = 0;
	int rc = ds_import_parse_wide("fuzz.csv", (const char *)data, size, on_row, &rows, &err);
	if ((rc == 0) != (ds_errors_count(&err) == 0))
		abort();
	ds_errors_release(&err);

	ds_errors_init(&err);
	int rc2 = ds_import_parse_wide("fuzz.csv", (const char *)data, size, NULL, NULL, &err);
	if (rc2 != rc)
		abort(); /* the callback must not change the verdict */
	ds_errors_release(&err);
	return 0;
}
