/*
 * csvparts.h - reading a large CSV file in parts at the same time, with
 * the records, diagnostics and positions of reading it from start to end.
 *
 * The file is cut at line feeds into a few parts per core.  The first part
 * is read into the caller's own context, exactly as ds_csv_read_path()
 * would read it; every other part is read into a context of its own, made
 * by the caller, whose line numbers count from the part's first line.  One
 * thread per core reads them, the caller's among them, each taking the next
 * part nobody has taken: a slower core reads fewer parts.  Then the parts are merged into the
 * caller's context in file order, by the caller's merge function, which is told how many lines came
 * before.
 *
 * A part's reading is a guess made without what came before it: the cut may
 * fall inside a quoted field holding a line feed, and the rules a record is
 * checked against may depend on earlier records (a duplicate, a member's
 * first name).  So a part is merged only when the guess held: the part
 * before it ended exactly at the cut, the part found no problem at all, and
 * the merge function accepts it.  Otherwise the rest of the file, from that
 * part on, is read again into the caller's context, from start to end as
 * one reader would: what the caller sees is always what the serial reading
 * gives, and only a broken file pays for a second reading of some part.
 */
#ifndef DEFSPEND_CSVPARTS_H
#define DEFSPEND_CSVPARTS_H

#include <stddef.h>
#include <sys/types.h>

#include "defspend/csvread.h"
#include "defspend/error.h"

/* Parts smaller than this are not worth a thread of their own. */
#define DS_CSV_PART_MIN ((size_t)4 << 20)
/* At most this many threads, whatever the number of cores. */
#define DS_CSV_PARTS_MAX 8
/*
 * Parts per thread: when one core runs slower, the other reads more parts
 * and waits at most for the last one, and the parts shrink as they go
 * (ds_csv_part_aims()), so that the last ones are small.  Each part costs
 * a context and a merge; the caller's thread merges parts between those it
 * reads, while the others still read.
 */
#define DS_CSV_PARTS_PER_THREAD 4

struct ds_csv_parts_ops {
	/*
	 * A new context for a part other than the first, private to it: it is
	 * filled from another thread while the caller's context is being filled,
	 * so it must share nothing writable with it.  Its diagnostics go to err
	 * (the part's own).  NULL when memory runs out.
	 */
	void *(*part_new)(void *main, struct ds_errors *err);
	/* Frees what part_new made (after merge, or when the part is dropped). */
	void (*part_free)(void *part);
	/*
	 * Called once per record, in file order within a part, with the caller's
	 * context or a part's.  As ds_csv_record_fn.
	 */
	ds_csv_record_fn record;
	/*
	 * Merges a part into the caller's context, after the parts before it:
	 * `lines` is the number of lines before the part, to add to the line
	 * numbers it holds.  Returns 0 when merged; 1 when the part cannot be
	 * (what it found might differ after the earlier parts), leaving main as
	 * it was; or a status (out of memory, with its diagnostic in err).
	 */
	int (*merge)(void *main, void *part, long lines, struct ds_errors *err);
	/*
	 * Optional (NULL: none): how many bytes of the file will come to a
	 * context, told before its records: the file's size for the caller's
	 * context (every part ends up in it), the part's size for a part's.
	 * A hint, for sizing arrays once.
	 */
	void (*expect)(void *ctx, off_t bytes);
	/*
	 * Optional (NULL: DS_CSV_PARTS_PER_THREAD): how many parts per thread
	 * suit the caller's context, whose parts may each cost it more than
	 * their bytes (a context sized for everything known before the file).
	 */
	size_t (*parts_per_thread)(const void *main);
};

/*
 * Where ds_csv_read_parts() aims the nparts - 1 cuts of a file of `size`
 * bytes read on nthreads threads, into aims[0..nparts - 1): the shares
 * halve every nthreads parts (two threads, eight parts: 4 4 2 2 1 1 1/2 1/2
 * fifteenths), so that every thread starts with a large part and the last
 * parts, which a slower core may still be reading when the others are
 * done, are the smallest.  Each cut then falls at the first line start
 * after its aim.
 */
void ds_csv_part_aims(off_t size, size_t nparts, size_t nthreads, off_t *aims);

/*
 * Reads the file at path (named `name` in diagnostics, NULL: the path) into
 * main through ops, on at most `nthreads` threads, each with at least
 * `min_part` bytes to read (nthreads 0: one per core that
 * ds_idle_cpus() finds idle, at most DS_CSV_PARTS_MAX), in
 * DS_CSV_PARTS_PER_THREAD parts per thread (or ops->parts_per_thread).  One thread is a plain
 * ds_csv_read_path().  Returns what ds_csv_read_path() returns, with the
 * same diagnostics in err in the same order.
 */
int ds_csv_read_parts(const char *path, const char *name, size_t nthreads, size_t min_part,
		      const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err);

/*
 * The same with the cuts given, read on nthreads threads (the caller's
 * counted; 1: every part in turn on the caller's): parts begin at
 * cuts[0..ncuts), increasing offsets of line starts (others are ignored).
 * For the tests, which try every cut a file allows.
 */
int ds_csv_read_parts_at(const char *path, const char *name, const off_t *cuts, size_t ncuts,
			 size_t nthreads, const struct ds_csv_parts_ops *ops, void *main,
			 struct ds_errors *err);

#endif
