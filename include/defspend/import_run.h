/*
 * import_run.h - `defspend import` as the library does it, inside an
 * update session (session.h): merge a release file into the current
 * spending file, into another release's file (a release id that
 * releases.csv knows), or into a new release's file (an id it does not
 * know yet, releases/ID.csv, started from the current file's header);
 * register a new release in releases.csv; and promote the release to
 * current when asked.
 *
 * The command parses options, calls ds_import_run() and prints the
 * outcome.  The import is one transaction however many files it changes:
 * it is done in full or not at all.
 */
#ifndef DEFSPEND_IMPORT_RUN_H
#define DEFSPEND_IMPORT_RUN_H

#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/import.h"
#include "defspend/session.h"
#include "defspend/update.h"

/* What an import is asked to do; every string is borrowed. */
struct ds_import_request {
	const char *file;    /* the file to import */
	const char *release; /* the release to import into; NULL: the session's file */
	const char *source;  /* the figures' source (required for a wide table) */
	/* A new release's row of releases.csv (NULL: empty; published defaults
	 * to a YYYY-MM id). */
	const char *title, *published, *cutoff, *basis;
	int skip_unknown; /* names matching no member are listed, not fatal */
	int dry_run;      /* check everything, write nothing */
	int make_current; /* promote the release to current afterwards (needs release) */
};

/* How far an import got, and what it did; release with ds_import_outcome_release(). */
struct ds_import_outcome {
	int is_new;                  /* the release is new: its file is releases/ID.csv */
	int merged;                  /* the import was committed (dry run: checked) */
	struct ds_update u;          /* the merge: target file, counts and changes */
	struct ds_import_result res; /* how the file was read: wide or long, names left out */
	int registered;              /* the new release is in releases.csv (dry run: would be) */
	int current;                 /* the release became current (dry run: would become) */
	/* private */
	int opened;
};

/*
 * Runs the import rq on the data of session s (opened with no release
 * picked).  Fills *out; on failure nothing was written and out->merged
 * is 0.  out->u refers to s->ds: release the outcome with
 * ds_import_outcome_release() before closing the session.  Returns DS_OK
 * or the status of the problems added to err.
 */
int ds_import_run(struct ds_session *s, const struct ds_import_request *rq,
		  struct ds_import_outcome *out, struct ds_errors *err);

/* Frees what out holds; harmless on an outcome zeroed or already released. */
void ds_import_outcome_release(struct ds_import_outcome *out);

#endif
