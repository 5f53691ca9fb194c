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
 * Threads.  The first part runs on the calling thread; each other part on
 * a thread of its own, which touches only its own context, reader and
 * error record.  A part that reads on past its end sets a flag that the
 * later parts check at every record, so that they stop early: their work
 * would be dropped.
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
	pthread_t thread;
	int started;
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

static void *part_main(void *arg)
{
	struct part *p = arg;
	p->rc = ds_csv_read_part(p->fd, p->name, &p->range, part_record, p, &p->err);
	return NULL;
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

static size_t count_parts(size_t nparts, size_t min_part, off_t size)
{
	if (nparts == 0 && min_part > 0 && (size_t)size / min_part < 2)
		return 1; /* a small file: no need to look at the cores */
	if (nparts == 0)
		nparts = ds_idle_cpus(); /* a part's thread pays only on an idle core */
	if (nparts > DS_CSV_PARTS_MAX)
		nparts = DS_CSV_PARTS_MAX;
	if (min_part > 0 && (size_t)size / min_part < nparts)
		nparts = (size_t)size / min_part;
	return nparts == 0 ? 1 : nparts;
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

/* What the first part's callback needs to start the others. */
struct run {
	struct part *parts;
	size_t n;
	const struct ds_csv_parts_ops *ops;
	void *main;
	off_t size; /* of the file */
	int launched;
};

/*
 * Starts the parts after the first.  Called once the caller's context has
 * its first record (the header), so that each part's context can be made
 * from it; a part that cannot start is read later, on the caller's context.
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
		if (p->ctx != NULL && pthread_create(&p->thread, NULL, part_main, p) == 0)
			p->started = 1;
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
		    const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err);

int ds_csv_read_parts(const char *path, const char *name, size_t nparts, size_t min_part,
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
	nparts = size < 0 ? 1 : count_parts(nparts, min_part, size);
	off_t cuts[DS_CSV_PARTS_MAX];
	size_t ncuts = 0;
	for (size_t k = 1; k < nparts; k++) {
		off_t at = (off_t)((double)size * (double)k / (double)nparts);
		off_t prev = ncuts > 0 ? cuts[ncuts - 1] : 0;
		off_t cut = cut_after(fd, at > prev ? at : prev, prev, size);
		if (cut > 0)
			cuts[ncuts++] = cut;
	}
	rc = read_cut(fd, size, name, cuts, ncuts, ops, main, err);
	close(fd);
	return rc;
}

int ds_csv_read_parts_at(const char *path, const char *name, const off_t *cuts, size_t ncuts,
			 const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err)
{
	if (name == NULL)
		name = path;
	int fd;
	off_t size;
	int rc = ds_csv_open(path, name, &fd, &size, err);
	if (rc != DS_OK)
		return rc;
	rc = read_cut(fd, size, name, cuts, size < 0 ? 0 : ncuts, ops, main, err);
	close(fd);
	return rc;
}

/* Reads the file open as fd in the parts that the cuts make. */
static int read_cut(int fd, off_t size, const char *name, const off_t *cuts, size_t ncuts,
		    const struct ds_csv_parts_ops *ops, void *main, struct ds_errors *err)
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
	int rc;
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
	 * the others once it has the header. */
	struct run run = { parts, n, ops, main, size, 0 };
	struct part *first = &parts[0];
	rc = ds_csv_read_part(fd, name, &first->range, first_record, &run, err);
	if (first->range.stop < 0 || first->range.stopped)
		for (size_t k = 1; k < n; k++)
			atomic_store(&parts[k].cancel, 1);
	for (size_t k = 1; k < n; k++)
		if (parts[k].started)
			pthread_join(parts[k].thread, NULL);

	/* Merge in file order while the guesses held; then read the rest. */
	long line = first->range.next_line;
	const struct part *prev = first;
	for (size_t k = 1; k < n; k++) {
		struct part *p = &parts[k];
		if (prev->range.stop < 0 || prev->range.stopped)
			break; /* the part before read on to the end, or stopped */
		int m = 1;
		if (p->started && !p->range.stopped && p->rc == DS_OK &&
		    ds_errors_count(&p->err) == 0)
			m = ops->merge(main, p->ctx, line - 1, err);
		if (m == 0) {
			line += p->range.next_line - 1;
			prev = p;
			continue;
		}
		if (m == 1) {
			int r = read_rest(fd, name, p->range.start, line, ops, main, err);
			if (rc == DS_OK)
				rc = r;
		} else if (rc == DS_OK) {
			rc = m;
		}
		break;
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
