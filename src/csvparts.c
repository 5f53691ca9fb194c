/*
 * csvparts.c - reading a large CSV file in parts at the same time (see
 * csvparts.h for what the caller sees).
 *
 * Why it can be exact.  The reader (csvread.c) keeps little state between
 * records: the parser stands at the start of a row, and what it knows is the
 * line and record counts.  So a reader started at the start of a line with
 * those counts reads what a reader that went on would read, provided the
 * earlier reading reached that byte between two records, and
 * ds_csv_read_part() tells exactly that.  Line numbers are the one thing a
 * part cannot know in advance; a part counts from 1 and the merge adds the
 * lines of the parts before it.  A part that stops at a problem, or that the
 * caller's merge refuses, is read again from its start on the caller's own
 * context with the right counts: that is the serial reading of the rest of
 * the file, so diagnostics come in the same order with the same positions.
 *
 * Where to cut.  At a line feed after a line that is not blank (a blank
 * line leads the next record, whose raw bytes would then differ), near an
 * equal share of the bytes; the cut does not need to know about quotes,
 * because a cut inside a quoted field shows as a part that did not end
 * between records, and the part before simply reads on.
 *
 * Threads.  The first part runs on the calling thread, which then, like
 * the other threads, takes the next part nobody has taken until none is
 * left; reading a part touches only its own context, reader and error
 * record.  A part that reads on past its end, or finds a problem, sets a
 * flag that the later parts check at every record, so that they stop early
 * (their work would be dropped), and no later part is taken.  The caller's
 * thread merges, in file order, the parts finished so far each time it is
 * done with one, while the others may still be reading: a merge touches the
 * caller's context and a finished part only.  So little of the merge is
 * left when the last part is read, and the parts shrink towards the end of
 * the file (ds_csv_part_aims()), so that a core that ends early waits
 * little for the others.
 */
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defspend/csvparts.h"
#include "defspend/util.h"

struct part {
	struct ds_csv_part range;
	const struct ds_csv_parts_ops *ops;
	void *ctx;
	struct ds_errors err;
	int fd;
	const char *name;
	int rc;
	atomic_int cancel; /* set when an earlier part reads past this one's start */
	int done;          /* read, by whichever thread took it */
	int finished;      /* done, or passed over (struct run's lock) */
};

/*
 * The record callback of a part other than the first.  It stops when
 * cancelled, and at the part's first problem: such a part is read again
 * whatever else it finds, so going on would be work thrown away.
 */
static int part_record(void *ctx, const struct ds_csv_record *rec)
{
	struct part *p = ctx;
	if (atomic_load_explicit(&p->cancel, memory_order_relaxed) || ds_errors_count(&p->err) > 0)
		return DS_ETEMPFAIL; /* any status: the part is dropped or read again */
	int rc = p->ops->record(p->ctx, rec);
	return rc == 0 && ds_errors_count(&p->err) > 0 ? DS_ETEMPFAIL : rc;
}

/*
 * The cut nearest after `at`: the offset just past a line feed that ends a
 * line which is not blank, in (after, before).  0 when there is none.
 */
static off_t cut_after(int fd, off_t at, off_t after, off_t before)
{
	char buf[4096];
	off_t pos = at < 2 ? 0 : at - 2; /* two bytes of context: "\n\r\n" */
	while (pos < before) {
		size_t want = sizeof buf;
		if ((off_t)want > before - pos)
			want = (size_t)(before - pos);
		ssize_t n = pread(fd, buf, want, pos);
		if (n <= 0)
			return 0;
		for (ssize_t i = 2; i < n; i++) {
			if (buf[i] != '\n' || pos + i < at)
				continue;
			int blank =
				buf[i - 1] == '\n' || (buf[i - 1] == '\r' && buf[i - 2] == '\n');
			off_t cut = pos + i + 1;
			if (!blank && cut > after && cut < before)
				return cut;
		}
		if (n < 3)
			return 0;
		pos += n - 2; /* keep two bytes of context */
	}
	return 0;
}

static size_t count_threads(size_t n, size_t min_part, off_t size)
{
	if (n == 0 && min_part > 0 && (size_t)size / min_part < 2)
		return 1; /* a small file: no need to look at the cores */
	if (n == 0)
		n = ds_idle_cpus(); /* a thread pays only on an idle core */
	if (n > DS_CSV_PARTS_MAX)
		n = DS_CSV_PARTS_MAX;
	if (min_part > 0 && (size_t)size / min_part < n)
		n = (size_t)size / min_part;
	return n == 0 ? 1 : n;
}

/* Reads from part p's start to the end of the file on the caller's context. */
static int read_rest(int fd, const char *name, off_t start, long line,
		     const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err)
{
	struct ds_csv_part rest = {
		.start = start, .end = -1, .first_line = line, .first_index = 1
	};
	return ds_csv_read_part(fd, name, &rest, ops->record, main, err);
}

/*
 * The reading of the parts.  Parts are not tied to threads: each thread,
 * the caller's too once its first part is read, takes the next part nobody
 * has taken, until none is left.  So a core that runs slower than the
 * other (on a shared machine one often does) simply reads fewer parts.
 */
struct run {
	struct part *parts;
	size_t n;
	const struct ds_csv_parts_ops *ops;
	void *main;
	struct ds_errors *err; /* the caller's */
	off_t size;            /* of the file */
	int launched;
	atomic_size_t next;  /* the next part nobody has taken */
	atomic_size_t limit; /* parts from here on are read again anyway: not needed */
	pthread_t threads[DS_CSV_PARTS_MAX];
	size_t nthreads;      /* threads to run besides the caller's */
	size_t started;       /* and how many did start */
	pthread_mutex_t lock; /* guards the parts' `finished` */
	pthread_cond_t finished;
	int sync; /* lock and finished were made */
};

/* Parts after k are not needed: none of them is taken, and those being read stop. */
static void give_up_after(struct run *run, size_t k)
{
	size_t limit = atomic_load(&run->limit);
	while (k + 1 < limit && !atomic_compare_exchange_weak(&run->limit, &limit, k + 1))
		;
	for (size_t j = k + 1; j < run->n; j++)
		atomic_store(&run->parts[j].cancel, 1);
}

/*
 * Reads part k into its own context, unless it is not needed or has none.
 * A part that does not end cleanly at its end, or finds a problem, is
 * where the serial reading takes over: the parts after it are not needed,
 * and those being read stop.  Either way the part is then finished, which
 * the merge waits for.
 */
static void read_part(struct run *run, size_t k)
{
	struct part *p = &run->parts[k];
	if (p->ctx != NULL && k < atomic_load(&run->limit)) {
		p->rc = ds_csv_read_part(p->fd, p->name, &p->range, part_record, p, &p->err);
		p->done = 1;
		if (p->range.stop < 0 || p->range.stopped || p->rc != DS_OK ||
		    ds_errors_count(&p->err) > 0)
			give_up_after(run, k);
	}
	if (!run->sync) { /* no other thread: nobody waits */
		p->finished = 1;
		return;
	}
	pthread_mutex_lock(&run->lock);
	p->finished = 1;
	pthread_cond_broadcast(&run->finished);
	pthread_mutex_unlock(&run->lock);
}

/* Whether part k is finished: read, or left for the serial reading; waits when `wait`. */
static int part_finished(struct run *run, size_t k, int wait)
{
	if (!run->launched || !run->sync)
		return 1; /* no thread: every part was read in turn, or none */
	pthread_mutex_lock(&run->lock);
	while (wait && !run->parts[k].finished)
		pthread_cond_wait(&run->finished, &run->lock);
	int done = run->parts[k].finished;
	pthread_mutex_unlock(&run->lock);
	return done;
}

/*
 * The merge, in file order, on the caller's thread: `next` is the next part
 * to merge, `line` the lines before it.  It ends (`over`) at a part that
 * cannot be merged, or after the part before read on or stopped; then
 * `rest` is where the serial reading takes over (-1: nowhere), or rc
 * says why not.
 */
struct merge {
	size_t next;
	long line;
	int over;
	off_t rest;
	int rc;
};

/*
 * Merges the parts that are finished, from m->next on, in order; with
 * `wait`, every part, waiting for each.  Merging as parts finish, between
 * the parts the caller's thread reads, keeps the merge off the end, where
 * the other threads would wait for it.
 */
static void merge_finished(struct run *run, struct merge *m, int wait)
{
	while (!m->over && m->next < run->n) {
		size_t k = m->next;
		struct part *p = &run->parts[k];
		const struct part *prev = &run->parts[k - 1];
		if (prev->range.stop < 0 || prev->range.stopped) {
			m->over = 1; /* the part before read on to the end, or stopped */
			break;
		}
		if (!part_finished(run, k, wait))
			break;
		int r = 1;
		if (p->done && !p->range.stopped && p->rc == DS_OK && ds_errors_count(&p->err) == 0)
			r = run->ops->merge(run->main, p->ctx, m->line - 1, run->err);
		if (r == 0) {
			m->line += p->range.next_line - 1;
			m->next++;
			continue;
		}
		give_up_after(run, k); /* what the threads still read is not needed */
		m->over = 1;
		if (r == 1)
			m->rest = p->range.start;
		else
			m->rc = r;
	}
}

static void *worker(void *arg)
{
	struct run *run = arg;
	for (;;) {
		size_t k = atomic_fetch_add(&run->next, 1);
		if (k >= run->n)
			return NULL;
		read_part(run, k);
	}
}

/*
 * Makes the contexts of the parts after the first and starts the threads.
 * Called once the caller's context has its first record (the header), so
 * that each part's context can be made from it; a part whose context cannot
 * be made is read later, on the caller's context.
 */
static void launch(struct run *run)
{
	run->launched = 1;
	for (size_t k = 1; k < run->n; k++) {
		struct part *p = &run->parts[k];
		p->ctx = run->ops->part_new(run->main, &p->err);
		if (p->ctx != NULL && run->ops->expect != NULL)
			run->ops->expect(p->ctx, p->range.end < 0 ? run->size - p->range.start
								  : p->range.end - p->range.start);
	}
	for (size_t t = 0; t < run->nthreads; t++) {
		if (pthread_create(&run->threads[t], NULL, worker, run) != 0)
			break;
		run->started++;
	}
}

/* The first part's record callback: the caller's, then the launch. */
static int first_record(void *ctx, const struct ds_csv_record *rec)
{
	struct run *run = ctx;
	int rc = run->ops->record(run->main, rec);
	if (!run->launched && rc == 0)
		launch(run);
	return rc;
}

/* The byte at offset `at` of the file starts a line. */
static int line_start(int fd, off_t at)
{
	char c;
	return at > 0 && pread(fd, &c, 1, at - 1) == 1 && c == '\n';
}

static int read_cut(int fd, off_t size, const char *name, const off_t *cuts, size_t ncuts,
		    size_t nthreads, const struct ds_csv_parts_ops *ops, void *main,
		    struct ds_errors *err);

void ds_csv_part_aims(off_t size, size_t nparts, size_t nthreads, off_t *aims)
{
	/* Share k is 2^-(k / nthreads) of a whole that sums them all. */
	double whole = 0, upto = 0;
	for (size_t k = 0; k < nparts; k++)
		whole += 1.0 / (double)(1u << (k / nthreads));
	for (size_t k = 1; k < nparts; k++) {
		upto += 1.0 / (double)(1u << ((k - 1) / nthreads));
		aims[k - 1] = (off_t)((double)size * upto / whole);
	}
}

int ds_csv_read_parts(const char *path, const char *name, size_t nthreads, size_t min_part,
		      const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err)
{
	if (name == NULL)
		name = path;
	int fd;
	off_t size;
	int rc = ds_csv_open(path, name, &fd, &size, err);
	if (rc != DS_OK)
		return rc;
	/* Without a size (a FIFO, a device) there is nothing to cut. */
	nthreads = size < 0 ? 1 : count_threads(nthreads, min_part, size);
	size_t per = ops->parts_per_thread ? ops->parts_per_thread(main) : DS_CSV_PARTS_PER_THREAD;
	if (per < 1 || per > DS_CSV_PARTS_PER_THREAD)
		per = DS_CSV_PARTS_PER_THREAD;
	size_t nparts = nthreads > 1 ? nthreads * per : 1;
	off_t cuts[DS_CSV_PARTS_MAX * DS_CSV_PARTS_PER_THREAD];
	size_t ncuts = 0;
	off_t aims[DS_CSV_PARTS_MAX * DS_CSV_PARTS_PER_THREAD];
	ds_csv_part_aims(size, nparts, nthreads, aims);
	for (size_t k = 0; k + 1 < nparts; k++) {
		off_t prev = ncuts > 0 ? cuts[ncuts - 1] : 0;
		off_t cut = cut_after(fd, aims[k] > prev ? aims[k] : prev, prev, size);
		if (cut > 0)
			cuts[ncuts++] = cut;
	}
	rc = read_cut(fd, size, name, cuts, ncuts, nthreads, ops, main, err);
	close(fd);
	return rc;
}

int ds_csv_read_parts_at(const char *path, const char *name, const off_t *cuts, size_t ncuts,
			 size_t nthreads, const struct ds_csv_parts_ops *ops, void *main,
			 struct ds_errors *err)
{
	if (name == NULL)
		name = path;
	int fd;
	off_t size;
	int rc = ds_csv_open(path, name, &fd, &size, err);
	if (rc != DS_OK)
		return rc;
	rc = read_cut(fd, size, name, cuts, size < 0 ? 0 : ncuts, nthreads, ops, main, err);
	close(fd);
	return rc;
}

/* Reads the file open as fd in the parts that the cuts make, on nthreads threads. */
static int read_cut(int fd, off_t size, const char *name, const off_t *cuts, size_t ncuts,
		    size_t nthreads, const struct ds_csv_parts_ops *ops, void *main,
		    struct ds_errors *err)
{
	if (ops->expect != NULL && size >= 0)
		ops->expect(main, size);
	struct part *parts = ncuts > 0 ? calloc(ncuts + 1, sizeof *parts) : NULL;
	if (parts == NULL) /* one part, or no memory for more: the serial reading */
		return ds_csv_read_fd(fd, name, DS_BUFSIZ, ops->record, main, err);
	size_t n = 1;
	for (size_t k = 0; k < ncuts; k++)
		if (cuts[k] > parts[n - 1].range.start && line_start(fd, cuts[k]))
			parts[n++].range.start = cuts[k];
	for (size_t k = 0; k < n; k++) {
		struct part *p = &parts[k];
		p->range.end = k + 1 < n ? parts[k + 1].range.start : -1;
		p->range.first_line = 1;
		p->range.first_index = k == 0 ? 0 : 1;
		p->ops = ops;
		p->fd = fd;
		p->name = name;
		atomic_init(&p->cancel, 0);
		ds_errors_init(&p->err);
	}

	/* The first part, on the caller's context and error record; it starts
	 * the threads once it has the header, then takes parts as they do. */
	struct run run = {
		.parts = parts, .n = n, .ops = ops, .main = main, .err = err, .size = size
	};
	atomic_init(&run.next, 1);
	atomic_init(&run.limit, n);
	if (nthreads > DS_CSV_PARTS_MAX)
		nthreads = DS_CSV_PARTS_MAX;
	run.nthreads = nthreads > 1 ? nthreads - 1 : 0;
	if (pthread_mutex_init(&run.lock, NULL) != 0)
		run.nthreads = 0;
	else if (pthread_cond_init(&run.finished, NULL) != 0) {
		pthread_mutex_destroy(&run.lock);
		run.nthreads = 0;
	} else {
		run.sync = 1;
	}
	struct part *first = &parts[0];
	int rc = ds_csv_read_part(fd, name, &first->range, first_record, &run, err);
	struct merge m = { .next = 1, .line = first->range.next_line, .rest = -1, .rc = DS_OK };
	if (first->range.stop < 0 || first->range.stopped) {
		give_up_after(&run, 0);
	} else if (run.launched) {
		/* Until every part is taken, merging those finished in between. */
		for (size_t k; (k = atomic_fetch_add(&run.next, 1)) < n;) {
			read_part(&run, k);
			merge_finished(&run, &m, 0);
		}
	}
	/* The rest of the merge; then, where a part could not be, the serial reading. */
	merge_finished(&run, &m, 1);
	if (m.rest >= 0) {
		int r = read_rest(fd, name, m.rest, m.line, ops, main, err);
		if (rc == DS_OK)
			rc = r;
	} else if (rc == DS_OK) {
		rc = m.rc;
	}
	for (size_t t = 0; t < run.started; t++)
		pthread_join(run.threads[t], NULL);
	if (run.sync) {
		pthread_cond_destroy(&run.finished);
		pthread_mutex_destroy(&run.lock);
	}
	for (size_t k = 1; k < n; k++) {
		if (parts[k].ctx != NULL)
			ops->part_free(parts[k].ctx);
		ds_errors_release(&parts[k].err);
	}
	free(parts);
#ifdef __GLIBC__
	/* What the parts' threads allocated and freed stays in their own malloc
	 * arenas, where the main thread never reuses it: give it back. */
	malloc_trim(0);
#endif
	return rc;
}
