/*
 * table_write.c - the output formats' names and the dispatcher that hands
 * a table to the writer of the format asked for.
 *
 * The writers themselves are in table_text.c (aligned, Markdown),
 * table_machine.c (CSV, TSV, JSON) and table_html.c (HTML); each promises
 * its exact form at the top of its file.  Here is what they share: the
 * flush, and turning a write error anywhere into one return value.
 *
 * ds_format_parse() reads the --format of the command line, so it knows
 * the five formats a user can ask for and not HTML, which only the library
 * writes (the report).
 */
#include "table_priv.h"

#include <errno.h>
#include <string.h>

static const char *const format_names[] = {
	[DS_FORMAT_TABLE] = "table", [DS_FORMAT_CSV] = "csv", [DS_FORMAT_TSV] = "tsv",
	[DS_FORMAT_JSON] = "json",   [DS_FORMAT_MD] = "md",   [DS_FORMAT_HTML] = "html",
};

#define NFORMATS (sizeof format_names / sizeof format_names[0])

int ds_format_parse(const char *name, enum ds_format *out)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++) {
		if (i != DS_FORMAT_HTML && strcmp(name, format_names[i]) == 0) {
			*out = (enum ds_format)i;
			return 0;
		}
	}
	return -1;
}

const char *ds_format_name(enum ds_format f)
{
	if ((size_t)f >= NFORMATS)
		return NULL;
	return format_names[f];
}

int ds_table_write(const struct ds_table *t, enum ds_format f, const struct ds_table_style *style,
		   FILE *out)
{
	struct ds_table_out o;
	int rc;

	ds_table_out_init(&o, out);
	switch (f) {
	case DS_FORMAT_TABLE:
		rc = ds_table_write_aligned(t, style, &o);
		break;
	case DS_FORMAT_CSV:
		rc = ds_table_write_csv(t, &o);
		break;
	case DS_FORMAT_TSV:
		rc = ds_table_write_tsv(t, &o);
		break;
	case DS_FORMAT_JSON:
		rc = ds_table_write_json(t, &o);
		break;
	case DS_FORMAT_MD:
		rc = ds_table_write_md(t, &o);
		break;
	case DS_FORMAT_HTML:
		rc = ds_table_write_html(t, &o);
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (rc != 0)
		return -1;
	if (ds_table_out_flush(&o) != 0 || fflush(out) != 0 || ferror(out))
		o.err = 1;
	return o.err ? -1 : 0;
}
