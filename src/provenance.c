/*
 * provenance.c - where a figure comes from (see provenance.h).
 *
 * The loader and the updater both call ds_provenance_check(): the updater
 * runs it on the record a new row will become, so that a value the loader
 * would refuse is refused when it is set, with the message and the position
 * the loader would give.
 */
#include <string.h>

#include "defspend/load_cell.h"
#include "defspend/provenance.h"

int ds_provenance_column(const char *column)
{
	size_t n = strlen(column);
	return strcmp(column, "release") == 0 || (n >= 6 && strcmp(column + n - 6, "source") == 0);
}

int ds_provenance_check(struct ds_errors *err, const char *file, const struct ds_csv_record *rec,
			size_t col_release, long col_source, const char *release_id, int has_figure)
{
	const struct ds_csv_field *rel = &rec->fields[col_release];
	int bad = 0;
	char shown[64];
	if (release_id != NULL && strcmp(rel->s, release_id) != 0) {
		ds_load_field_error(
			err, file, rec, col_release,
			"release '%s' in the file of release '%s' (releases are never mixed)",
			ds_load_shown(shown, sizeof shown, rel->s, rel->len), release_id);
		bad = 1;
	} else if (rel->len == 0 && has_figure) {
		ds_load_field_error(err, file, rec, col_release, "a figure without its release");
		bad = 1;
	}
	if (col_source >= 0 && rec->fields[col_source].len == 0 && has_figure) {
		ds_load_field_error(err, file, rec, (size_t)col_source,
				    "a figure without a source");
		bad = 1;
	}
	return bad;
}

int ds_provenance_release_id_valid(const char *id)
{
	if (id[0] == '\0' || id[0] == '.' || strlen(id) > 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* Whether s contains word, ASCII case ignored. */
static int contains(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s != '\0'; s++) {
		size_t i = 0;
		while (i < n && s[i] != '\0' &&
		       (s[i] == word[i] || (s[i] >= 'A' && s[i] <= 'Z' && s[i] + 32 == word[i])))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

int ds_provenance_note_unpublished(const char *note)
{
	return note != NULL &&
	       (contains(note, "publishes no figure") || contains(note, "published no figure") ||
		contains(note, "published none"));
}

enum ds_missing ds_provenance_missing(const struct ds_dataset *ds, const struct ds_obs *o)
{
	if (o != NULL && ds_provenance_note_unpublished(ds_dataset_str(ds, o->note)))
		return DS_MISSING_UNPUBLISHED;
	return DS_MISSING_NOT_IN_DATA;
}

const char *ds_provenance_missing_text(enum ds_missing why)
{
	return why == DS_MISSING_UNPUBLISHED ? "NATO published none"
					     : "no figure in this release's data";
}
