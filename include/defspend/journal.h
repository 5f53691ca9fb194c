/*
 * journal.h - making an update of several files one step: the intent is
 * written down and flushed before the first file moves, so that whatever
 * instant a writer dies at, the next one finishes its update or finds
 * nothing of it.
 *
 * Each new file of an update is first staged in full under a temporary
 * name beside the file it replaces and flushed (stage.h).  Committing a set
 * of more than one file then goes:
 *
 *   1. the directories holding the staged files are flushed, so that the
 *      staged names survive a power loss;
 *   2. the journal, DIR/.defspend-journal, listing every rename (staged
 *      name -> file) and removal in order, is written under a temporary
 *      name, flushed and renamed into place, and DIR is flushed: this
 *      rename is the commit point;
 *   3. each rename and removal is done, and the directories flushed;
 *   4. the journal is removed and DIR flushed.
 *
 * Before step 2 completes, the update has not happened: the staged files
 * are only temporary files, which the next writer sweeps away (roll back).
 * After it, the update has happened, whatever is left to do: the next
 * command that opens the data replays the journal (roll forward), which is
 * idempotent, since a staged name that is gone was renamed already, and a
 * removal of a file that is gone is done.  A single file needs no journal:
 * its rename is its commit point.
 *
 * Paths in the journal are relative to DIR, one operation per line,
 * separated by tabs; the last line is "end", so that a journal is used only
 * when complete.  Every file it names lies in DIR or its releases/
 * directory, which the writer's lock on DIR covers (session.h).
 *
 * The caller holds DIR's writer lock and its commit lock (safefile.h)
 * throughout.
 */
#ifndef DEFSPEND_JOURNAL_H
#define DEFSPEND_JOURNAL_H

#include <stddef.h>

#include "defspend/error.h"

#define DS_JOURNAL_NAME ".defspend-journal"

enum ds_journal_kind {
	DS_JOURNAL_RENAME, /* from (a staged file) becomes to */
	DS_JOURNAL_REMOVE  /* to is removed */
};

/* One step of an update; paths relative to the directory, borrowed. */
struct ds_journal_op {
	enum ds_journal_kind kind;
	const char *from; /* DS_JOURNAL_RENAME only */
	const char *to;
};

/*
 * Commits ops[0..n) in directory dir (absolute, resolved) as one step, as
 * above.  Returns DS_OK; or, when it fails before the commit point, the
 * status of the problem with nothing changed (the staged files stay for
 * the caller to remove); or, after it, DS_EIO saying the update is
 * committed and that the next command will finish it.
 */
int ds_journal_commit(const char *dir, const struct ds_journal_op *ops, size_t n,
		      struct ds_errors *err);

/* What ds_journal_recover() did. */
enum ds_journal_outcome {
	DS_JOURNAL_CLEAN,       /* nothing was left to do */
	DS_JOURNAL_ROLLED_BACK, /* temporary files of an update never committed were removed */
	DS_JOURNAL_FINISHED     /* a committed update was finished from its journal */
};

/*
 * Finishes an interrupted update of dir: replays its journal when there is
 * one, then removes every temporary file that a killed writer left in dir
 * and dir/releases (what no journal names was never committed).
 * *outcome (may be NULL) says which.  Returns DS_OK, or the status of a
 * problem that stops the data from being used (a journal that cannot be
 * read or replayed).
 */
int ds_journal_recover(const char *dir, enum ds_journal_outcome *outcome, struct ds_errors *err);

/* 1 when dir holds a journal: an update to finish before the data is read. */
int ds_journal_pending(const char *dir);

/* 1 when dir holds a journal or temporary files of a writer (live or killed). */
int ds_journal_leftovers(const char *dir);

#endif
