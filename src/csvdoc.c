/*
 * csvdoc.c - an editable CSV file that keeps every untouched byte (see
 * csvdoc.h).
 *
 * The strict reader hands over each record's raw bytes, including the blank
 * lines before it and its line ending; laid end to end they are the file.
 * That is checked while parsing (a mismatch is a bug, not a data error), so
 * rendering an unedited document gives back the input exactly.
 */
#define _GNU_SOURCE /* O_CLOEXEC, pread() */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/csvdoc.h"
#include "defspend/csvread.h"
#include "defspend/util.h"

struct parse_ctx {
	struct ds_csvdoc *doc;
	struct ds_errors *err;
	size_t off; /* where the next record's raw bytes must start */
};

/*
 * Appends rec as a record whose raw bytes are data[off ..), starting on
 * line `line` and at byte src of the file, with a copy of its fields.
 */
static int add_row(struct ds_csvdoc *d, const struct ds_csv_record *rec, size_t off, long line,
		   size_t src, struct ds_errors *err)
{
	if (ds_grow(&d->rows, &d->rowcap, d->nrows + 1, sizeof *d->rows) != 0 ||
	    ds_grow(&d->foff, &d->foffcap, d->nfoff + rec->nfields, sizeof *d->foff) != 0)
		return ds_errors_nomem(err, d->name);
	d->rows[d->nrows++] = (struct ds_csvdoc_row){ .off = off,
						      .rawlen = rec->rawlen,
						      .lead = rec->lead,
						      .nfields = rec->nfields,
						      .ffirst = d->nfoff,
						      .line = line,
						      .src = src };
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = rec->fields[i].len + 1;
		if (ds_grow(&d->fb, &d->fbcap, d->fblen + n, 1) != 0)
			return ds_errors_nomem(err, d->name);
		memcpy(d->fb + d->fblen, rec->fields[i].s, n);
		d->foff[d->nfoff++] = d->fblen;
		d->fblen += n;
	}
	return 0;
}

static int on_record(void *vctx, const struct ds_csv_record *rec)
{
	struct parse_ctx *c = vctx;
	struct ds_csvdoc *d = c->doc;
	if (c->off + rec->rawlen > d->len || memcmp(d->data + c->off, rec->raw, rec->rawlen) != 0)
		return ds_errors_add(c->err, DS_ESOFTWARE, d->name, rec->line, 0,
				     "the reader's record bytes do not match the file");
	int rc = add_row(d, rec, c->off, rec->line, c->off, c->err);
	if (rc != 0)
		return rc;
	if (rec->index == 0 && rec->nfields > 0) {
		d->ncols = rec->nfields;
		const char *end = rec->raw + rec->rawlen;
		d->eol = rec->rawlen >= 2 && end[-2] == '\r' && end[-1] == '\n' ? "\r\n" : "\n";
	}
	c->off += rec->rawlen;
	return 0;
}

/*
 * Sizes the arrays once for the whole file, from its line ends and commas:
 * a record per line end (at most), a field per comma and record, a field's
 * bytes at most its raw bytes plus its NUL.  A million-row file is then
 * never copied by realloc() while it is read; the arrays still grow should
 * the estimate fall short.  Space reserved and not used is never touched.
 */
static int reserve(struct ds_csvdoc *d)
{
	size_t lines = 1, commas = 0;
	for (size_t i = 0; i < d->len; i++) {
		lines += d->data[i] == '\n' || d->data[i] == '\r';
		commas += d->data[i] == ',';
	}
	size_t fields = commas + lines;
	if (ds_grow(&d->rows, &d->rowcap, lines, sizeof *d->rows) != 0 ||
	    ds_grow(&d->foff, &d->foffcap, fields, sizeof *d->foff) != 0)
		return -1;
	return ds_grow(&d->fb, &d->fbcap, d->len + fields, 1);
}

int ds_csvdoc_parse(struct ds_csvdoc *doc, const char *name, const char *data, size_t len,
		    struct ds_errors *err)
{
	memset(doc, 0, sizeof *doc);
	doc->eol = "\n";
	doc->name = ds_strdup(name);
	doc->data = malloc(len ? len : 1);
	if (doc->name == NULL || doc->data == NULL) {
		ds_csvdoc_release(doc);
		return ds_errors_nomem(err, name);
	}
	if (len > 0)
		memcpy(doc->data, data, len);
	doc->len = len;
	if (reserve(doc) != 0) {
		ds_csvdoc_release(doc);
		return ds_errors_nomem(err, name);
	}
	struct parse_ctx c = { doc, err, 0 };
	size_t before = ds_errors_count(err);
	int rc = ds_csv_read_mem(name, doc->data, len, DS_BUFSIZ, on_record, &c, err);
	if (rc == DS_OK && ds_errors_count(err) > before)
		rc = ds_errors_status(err) ? ds_errors_status(err) : DS_EDATA;
	if (rc == DS_OK && c.off != len)
		rc = ds_errors_add(err, DS_ESOFTWARE, name, 0, 0,
				   "the reader's records cover %zu of %zu bytes", c.off, len);
	if (rc == DS_OK && doc->ncols == 0)
		rc = ds_errors_add(err, DS_EDATA, name, 0, 0, "empty file: no header");
	if (rc != DS_OK)
		ds_csvdoc_release(doc);
	return rc;
}

static void free_fields(char **f, size_t n)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

void ds_csvdoc_release(struct ds_csvdoc *doc)
{
	for (size_t i = 0; i < doc->nrows; i++)
		free_fields(doc->rows[i].newf, doc->rows[i].nfields);
	for (size_t i = 0; i < doc->nins; i++)
		free_fields(doc->ins[i].f, doc->ncols);
	free(doc->rows);
	free(doc->ins);
	free(doc->fb);
	free(doc->foff);
	free(doc->data);
	free(doc->name);
	free(doc->line_at);
	if (doc->lazy && doc->fd >= 0)
		close(doc->fd);
	memset(doc, 0, sizeof *doc);
}

/* ---- A lazy document: the header, and the records asked for ---- */

/* Reads n bytes at off, all of them: 0, or -1 (errno set; EIO for a file grown short). */
static int read_at(int fd, char *p, size_t n, size_t off)
{
	while (n > 0) {
		ssize_t got = pread(fd, p, n, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return -1;
		}
		p += got;
		n -= (size_t)got;
		off += (size_t)got;
	}
	return 0;
}

struct first_ctx {
	struct parse_ctx pc;
	int got;
};

/* The header, then stop: the rest of the file is not read. */
static int on_first(void *vctx, const struct ds_csv_record *rec)
{
	struct first_ctx *c = vctx;
	int rc = on_record(&c->pc, rec);
	if (rc != 0)
		return rc;
	c->got = 1;
	return DS_ESOFTWARE; /* stop here; not an error (c->got) */
}

int ds_csvdoc_open_lazy(struct ds_csvdoc *doc, const char *path, struct ds_errors *err)
{
	memset(doc, 0, sizeof *doc);
	doc->eol = "\n";
	doc->lazy = 1;
	doc->fd = -1;
	if ((doc->name = ds_strdup(path)) == NULL)
		return ds_errors_nomem(err, path);
	struct stat st;
	int rc = DS_OK;
	if ((doc->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(doc->fd, &st) != 0) {
		rc = ds_errors_add(err, errno == ENOENT ? DS_ENOINPUT : DS_EIO, path, 0, 0,
				   "cannot read: %s", strerror(errno));
		goto fail;
	}
	doc->srclen = (size_t)st.st_size;
	/* The header is read from a prefix of the file, longer until it holds it whole. */
	for (size_t want = 65536;; want *= 4) {
		size_t n = want < doc->srclen ? want : doc->srclen;
		free(doc->data);
		doc->nrows = doc->nfoff = doc->fblen = 0;
		if ((doc->data = malloc(n ? n : 1)) == NULL) {
			rc = ds_errors_nomem(err, path);
			goto fail;
		}
		if (read_at(doc->fd, doc->data, n, 0) != 0) {
			rc = ds_errors_add(err, DS_EIO, path, 0, 0, "cannot read: %s",
					   strerror(errno));
			goto fail;
		}
		doc->len = n;
		struct first_ctx c = { { doc, err, 0 }, 0 };
		size_t before = ds_errors_count(err);
		rc = ds_csv_read_mem(path, doc->data, n, DS_BUFSIZ, on_first, &c, err);
		if (c.got)
			rc = DS_OK;
		else if (rc == DS_OK && ds_errors_count(err) > before)
			rc = ds_errors_status(err) ? ds_errors_status(err) : DS_EDATA;
		if (rc != DS_OK)
			goto fail;
		/* A header cut short by the prefix: read more of the file. */
		if ((c.got && doc->rows[0].rawlen < n) || n == doc->srclen ||
		    want > DS_CSV_MAX_RECORD)
			break;
	}
	if (doc->ncols == 0) {
		rc = ds_errors_add(err, DS_EDATA, path, 0, 0, "empty file: no header");
		goto fail;
	}
	doc->len = doc->rows[0].rawlen;
	return DS_OK;
fail:
	ds_csvdoc_release(doc);
	return rc;
}

/* Where each physical line starts, from the file's line feeds (csvread.h counts lines so). */
static int index_lines(struct ds_csvdoc *d)
{
	enum { CHUNK = 1 << 20 };
	char *buf = malloc(CHUNK);
	if (buf == NULL)
		return -1;
	/* Sized once from the header's length, a fair guess at a record's. */
	size_t guess = d->srclen / (d->rows[0].rawlen ? d->rows[0].rawlen : 64) + 16;
	if (ds_grow(&d->line_at, &d->linecap, guess, sizeof *d->line_at) != 0) {
		free(buf);
		return -1;
	}
	for (size_t off = 0; off < d->srclen; off += CHUNK) {
		size_t n = d->srclen - off < CHUNK ? d->srclen - off : CHUNK;
		if (read_at(d->fd, buf, n, off) != 0) {
			free(buf);
			return -2;
		}
		for (const char *p = buf, *end = buf + n;
		     (p = memchr(p, '\n', (size_t)(end - p)));) {
			p++;
			if (d->nlines == d->linecap &&
			    ds_grow(&d->line_at, &d->linecap, d->nlines + 1, sizeof *d->line_at) !=
				    0) {
				free(buf);
				return -1;
			}
			d->line_at[d->nlines++] = off + (size_t)(p - buf);
		}
	}
	free(buf);
	return 0;
}

void ds_csvdoc_use_marks(struct ds_csvdoc *doc, const struct ds_line_mark *marks, size_t n)
{
	doc->marks = marks;
	doc->nmarks = n;
}

/*
 * Where physical line `line` starts, counted from the last mark at or
 * before it: 0 and *at set, 1 when the file has no such line, -2 on a
 * read error.
 */
static int line_from_marks(const struct ds_csvdoc *d, long line, size_t *at)
{
	size_t lo = 0, hi = d->nmarks; /* the first mark after line */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->marks[mid].line <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	long l = lo > 0 ? d->marks[lo - 1].line : 1;
	size_t off = lo > 0 ? (size_t)d->marks[lo - 1].offset : 0;
	char buf[4096];
	while (l < line) {
		if (off >= d->srclen)
			return 1;
		size_t n = d->srclen - off < sizeof buf ? d->srclen - off : sizeof buf;
		if (read_at(d->fd, buf, n, off) != 0)
			return -2;
		const char *p = buf, *end = buf + n;
		while (l < line && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p++;
			l++;
		}
		off += l < line ? n : (size_t)(p - buf);
	}
	if (off >= d->srclen)
		return 1;
	*at = off;
	return 0;
}

struct fetch_ctx {
	struct ds_csvdoc *doc;
	struct ds_errors *err;
	size_t off, len; /* the record's bytes in doc->data */
	long line;       /* where it starts in the file */
	size_t src;
	int got;
};

static int on_fetched(void *vctx, const struct ds_csv_record *rec)
{
	struct fetch_ctx *c = vctx;
	struct ds_csvdoc *d = c->doc;
	if (c->got || rec->nfields == 0 || rec->lead != 0 || rec->bom || rec->rawlen != c->len)
		return DS_EDATA;
	c->got = 1;
	return add_row(d, rec, c->off, c->line, c->src, c->err);
}

int ds_csvdoc_fetch(struct ds_csvdoc *doc, long line, size_t *row, struct ds_errors *err)
{
	for (size_t i = 0; i < doc->nrows; i++)
		if (doc->rows[i].line == line && doc->rows[i].nfields > 0) {
			*row = i;
			return DS_OK;
		}
	if (!doc->lazy)
		return ds_errors_add(err, DS_ESOFTWARE, doc->name, line, 0,
				     "no record starts here");
	/* Where the line starts: from the marks, else from the index of lines. */
	size_t from = 0;
	int ix = 1; /* no such line */
	if (line >= 2 && doc->nmarks > 0) {
		ix = line_from_marks(doc, line, &from);
	} else if (line >= 2) {
		ix = doc->nlines == 0 && doc->srclen > 0 ? index_lines(doc) : 0;
		if (ix == 0 && (size_t)(line - 2) < doc->nlines)
			from = doc->line_at[line - 2];
		else if (ix == 0)
			ix = 1;
	}
	if (ix == -1)
		return ds_errors_nomem(err, doc->name);
	if (ix == -2)
		return ds_errors_add(err, DS_EIO, doc->name, 0, 0, "cannot read: %s",
				     strerror(errno));
	if (ix == 1)
		return ds_errors_add(err, DS_ESOFTWARE, doc->name, line, 0,
				     "no such line: the file changed since it was read");
	/* The record runs to the first line feed outside quotes (or the end). */
	size_t len = 0, cap = 0;
	char *p = NULL;
	int q = 0, done = 0;
	while (!done && from + len < doc->srclen) {
		size_t n = doc->srclen - from - len < 4096 ? doc->srclen - from - len : 4096;
		if (len + n > DS_CSV_MAX_RECORD || ds_grow(&p, &cap, len + n, 1) != 0) {
			free(p);
			return ds_errors_nomem(err, doc->name);
		}
		if (read_at(doc->fd, p + len, n, from + len) != 0) {
			free(p);
			return ds_errors_add(err, DS_EIO, doc->name, 0, 0, "cannot read: %s",
					     strerror(errno));
		}
		for (size_t i = len; i < len + n; i++) {
			if (p[i] == '"')
				q = !q;
			else if (p[i] == '\n' && !q) {
				n = i + 1 - len;
				done = 1;
				break;
			}
		}
		len += n;
	}
	/* Kept after what the document holds, parsed by the strict reader. */
	if (ds_grow(&doc->data, &doc->datacap, doc->len + len + 1, 1) != 0) {
		free(p);
		return ds_errors_nomem(err, doc->name);
	}
	memcpy(doc->data + doc->len, p, len);
	free(p);
	struct fetch_ctx c = { doc, err, doc->len, len, line, from, 0 };
	size_t nrows = doc->nrows;
	struct ds_errors quiet;
	ds_errors_init(&quiet);
	int rc = ds_csv_read_mem(doc->name, doc->data + c.off, len, DS_BUFSIZ, on_fetched, &c,
				 &quiet);
	ds_errors_release(&quiet);
	if (rc != DS_OK || !c.got)
		doc->nrows = nrows; /* a record read and then found wanting is not held */
	if (rc == DS_ENOMEM)
		return ds_errors_nomem(err, doc->name);
	if (rc != DS_OK || !c.got)
		return ds_errors_add(err, DS_ESOFTWARE, doc->name, line, 0,
				     "no record starts here: the file changed since it was read");
	doc->len += len;
	*row = nrows;
	return DS_OK;
}

int ds_csvdoc_column(const struct ds_csvdoc *doc, const char *name)
{
	for (size_t i = 0; i < doc->ncols; i++)
		if (strcmp(ds_csvdoc_get(doc, 0, i), name) == 0)
			return (int)i;
	return -1;
}

const char *ds_csvdoc_get(const struct ds_csvdoc *doc, size_t row, size_t col)
{
	const struct ds_csvdoc_row *r = &doc->rows[row];
	if (col >= r->nfields)
		return "";
	if (r->newf != NULL)
		return r->newf[col];
	return doc->fb + doc->foff[r->ffirst + col];
}

int ds_csvdoc_set(struct ds_csvdoc *doc, size_t row, size_t col, const char *value)
{
	struct ds_csvdoc_row *r = &doc->rows[row];
	if (col >= r->nfields || strcmp(ds_csvdoc_get(doc, row, col), value) == 0)
		return 0;
	if (r->newf == NULL) {
		char **f = calloc(r->nfields, sizeof *f);
		if (f == NULL)
			return -1;
		for (size_t i = 0; i < r->nfields; i++) {
			if ((f[i] = ds_strdup(doc->fb + doc->foff[r->ffirst + i])) == NULL) {
				free_fields(f, r->nfields);
				return -1;
			}
		}
		r->newf = f;
	}
	char *v = ds_strdup(value);
	if (v == NULL)
		return -1;
	free(r->newf[col]);
	r->newf[col] = v;
	return 1;
}

int ds_csvdoc_insert(struct ds_csvdoc *doc, size_t after, const char *const *values)
{
	if (after >= doc->nrows)
		after = doc->nrows - 1; /* past the end means at the end */
	if (ds_grow(&doc->ins, &doc->inscap, doc->nins + 1, sizeof *doc->ins) != 0)
		return -1;
	char **f = calloc(doc->ncols, sizeof *f);
	if (f == NULL)
		return -1;
	for (size_t i = 0; i < doc->ncols; i++) {
		if ((f[i] = ds_strdup(values[i])) == NULL) {
			free_fields(f, doc->ncols);
			return -1;
		}
	}
	doc->ins[doc->nins] = (struct ds_csvdoc_ins){ after, doc->nins, f };
	doc->nins++;
	return 0;
}

/* A record is changed only when some value differs from the original. */
static int row_changed(const struct ds_csvdoc *doc, const struct ds_csvdoc_row *r)
{
	if (r->newf == NULL)
		return 0;
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->newf[i], doc->fb + doc->foff[r->ffirst + i]) != 0)
			return 1;
	return 0;
}

int ds_csvdoc_changed(const struct ds_csvdoc *doc)
{
	if (doc->nins > 0)
		return 1;
	for (size_t i = 0; i < doc->nrows; i++)
		if (row_changed(doc, &doc->rows[i]))
			return 1;
	return 0;
}

int ds_csvdoc_encode(char **buf, size_t *len, size_t *cap, const char *const *fields, size_t n,
		     const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i];
		size_t sl = strlen(s);
		int quote = strpbrk(s, ",\"\r\n") != NULL;
		/* Worst case: every byte a doubled quote, two quotes and a comma. */
		if (ds_grow(buf, cap, *len + 2 * sl + 3 + strlen(eol) + 1, 1) != 0)
			return -1;
		char *o = *buf + *len;
		if (i > 0)
			*o++ = ',';
		if (quote)
			*o++ = '"';
		for (size_t k = 0; k < sl; k++) {
			if (s[k] == '"')
				*o++ = '"';
			*o++ = s[k];
		}
		if (quote)
			*o++ = '"';
		*len = (size_t)(o - *buf);
	}
	size_t el = strlen(eol);
	if (ds_grow(buf, cap, *len + el + 1, 1) != 0)
		return -1;
	memcpy(*buf + *len, eol, el);
	*len += el;
	return 0;
}

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (ds_grow(buf, cap, *len + n + 1, 1) != 0)
		return -1;
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

static int cmp_ins(const void *a, const void *b)
{
	const struct ds_csvdoc_ins *x = a, *y = b;
	if (x->after != y->after)
		return x->after < y->after ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * A changed record, field by field: a field whose value did not change is
 * written as it was (its quotes, its spacing inside quotes), a changed one
 * with minimal quoting.  The raw record splits at the commas outside
 * quotes: it was read by the strict reader, so that is exactly its fields.
 * When the split does not give nfields fields the whole record is encoded.
 */
static int render_changed(const struct ds_csvdoc *doc, const struct ds_csvdoc_row *r,
			  const char *raw, size_t n, const char *eol, char **buf, size_t *len,
			  size_t *cap)
{
	size_t spans = 1;
	int q = 0;
	for (size_t i = 0; i < n; i++) {
		if (raw[i] == '"')
			q = !q;
		else if (raw[i] == ',' && !q)
			spans++;
	}
	if (spans != r->nfields)
		return ds_csvdoc_encode(buf, len, cap, (const char *const *)r->newf, r->nfields,
					eol);
	size_t start = 0, f = 0;
	q = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && raw[i] == '"')
			q = !q;
		if (i < n && (raw[i] != ',' || q))
			continue;
		const char *old = doc->fb + doc->foff[r->ffirst + f];
		if (f > 0 && append(buf, len, cap, ",", 1) != 0)
			return -1;
		if (strcmp(r->newf[f], old) == 0) {
			if (append(buf, len, cap, raw + start, i - start) != 0)
				return -1;
		} else {
			const char *one[1] = { r->newf[f] };
			if (ds_csvdoc_encode(buf, len, cap, one, 1, "") != 0)
				return -1;
		}
		start = i + 1;
		f++;
	}
	return append(buf, len, cap, eol, strlen(eol));
}

/* The line ending that closes a record's raw bytes: "\r\n", "\n" or "". */
static const char *raw_eol(const char *raw, size_t n)
{
	if (n >= 2 && raw[n - 2] == '\r' && raw[n - 1] == '\n')
		return "\r\n";
	if (n >= 1 && raw[n - 1] == '\n')
		return "\n";
	return "";
}

/* Line feeds in n bytes: how many lines they take up. */
static long count_lines(const char *p, size_t n)
{
	long k = 0;
	for (const char *end = p + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		k++;
	return k;
}

/* The walk over a document in file order that rendering and ds_csvdoc_edits() share. */
struct walk {
	const struct ds_csvdoc *doc;
	const struct ds_csvdoc_sink *sink; /* NULL: nothing written */
	ds_csvdoc_edit_fn fn;              /* NULL: no edit reported */
	void *ctx;
	char *tmp; /* one record rendered */
	size_t tlen, tcap;
};

static int emit(struct walk *w, const char *p, size_t n)
{
	return w->sink == NULL || n == 0 ? 0 : w->sink->bytes(w->sink->ctx, p, n);
}

static int emit_file(struct walk *w, size_t off, size_t n)
{
	if (w->sink == NULL || n == 0)
		return 0;
	if (!w->doc->lazy)
		return w->sink->bytes(w->sink->ctx, w->doc->data + off, n);
	return w->sink->copy(w->sink->ctx, w->doc->fd, off, n);
}

static int by_src(const void *a, const void *b, void *vdoc)
{
	const struct ds_csvdoc *d = vdoc;
	size_t x = d->rows[*(const size_t *)a].src, y = d->rows[*(const size_t *)b].src;
	return x < y ? -1 : x > y;
}

/* The first inserted record after row `row` in ins (sorted), or n. */
static size_t first_ins(const struct ds_csvdoc_ins *ins, size_t n, size_t row)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ins[mid].after < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Writes each record the document holds, in file order, with the file's
 * bytes between them (none in a document that holds all of it), and the
 * records inserted after each.  A record that has a line ending is
 * followed by its inserted records each with the file's ending; one
 * without (the last of a file without a final line ending) gets the ending
 * before each, so the file still ends without one.
 */
static int walk(struct walk *w)
{
	const struct ds_csvdoc *doc = w->doc;
	size_t *order = malloc((doc->nrows ? doc->nrows : 1) * sizeof *order);
	struct ds_csvdoc_ins *ins = NULL;
	int rc = -1;
	if (order == NULL)
		goto out;
	for (size_t i = 0; i < doc->nrows; i++)
		order[i] = i;
	if (doc->lazy) /* records held in the order asked for */
		qsort_r(order, doc->nrows, sizeof *order, by_src, (void *)doc);
	if (doc->nins > 0) {
		if ((ins = malloc(doc->nins * sizeof *ins)) == NULL)
			goto out;
		memcpy(ins, doc->ins, doc->nins * sizeof *ins);
		qsort(ins, doc->nins, sizeof *ins, cmp_ins);
	}
	size_t pos = 0; /* bytes of the file written or skipped */
	long delta = 0; /* lines the new file has more than the old, so far */
	size_t el = strlen(doc->eol);
	for (size_t k = 0; k < doc->nrows; k++) {
		size_t i = order[k];
		const struct ds_csvdoc_row *r = &doc->rows[i];
		const char *raw = doc->data + r->off;
		if ((rc = emit_file(w, pos, r->src - pos)) != 0)
			goto out;
		rc = -1;
		long oldnl = count_lines(raw + r->lead, r->rawlen - r->lead), at = r->line + delta;
		long next = at + oldnl;
		if (!row_changed(doc, r)) {
			if (emit(w, raw, r->rawlen) != 0)
				goto out;
		} else {
			/* Only the record is rendered again, and of it only the
			 * fields that changed; its blank lines and ending stay. */
			const char *eol = raw_eol(raw, r->rawlen);
			w->tlen = 0;
			if (render_changed(doc, r, raw + r->lead, r->rawlen - r->lead - strlen(eol),
					   eol, &w->tmp, &w->tlen, &w->tcap) != 0 ||
			    emit(w, raw, r->lead) != 0 || emit(w, w->tmp, w->tlen) != 0)
				goto out;
			if (w->fn != NULL &&
			    (rc = w->fn(w->ctx, w->tmp, w->tlen, at, i, (size_t)-1)) != 0)
				goto out;
			rc = -1;
			next = at + count_lines(w->tmp, w->tlen);
		}
		int ends = r->rawlen > 0 && raw[r->rawlen - 1] == '\n';
		for (size_t j = first_ins(ins, doc->nins, i); j < doc->nins && ins[j].after == i;
		     j++) {
			w->tlen = 0;
			if (ds_csvdoc_encode(&w->tmp, &w->tlen, &w->tcap,
					     (const char *const *)ins[j].f, doc->ncols, "") != 0)
				goto out;
			if (!ends) {
				if (emit(w, doc->eol, el) != 0)
					goto out;
				next++;
			}
			if (emit(w, w->tmp, w->tlen) != 0)
				goto out;
			if (w->fn != NULL && (rc = w->fn(w->ctx, w->tmp, w->tlen, next, (size_t)-1,
							 (size_t)(ins[j].seq))) != 0)
				goto out;
			rc = -1;
			next += count_lines(w->tmp, w->tlen);
			if (ends) {
				if (emit(w, doc->eol, el) != 0)
					goto out;
				next++;
			}
		}
		delta = next - (r->line + oldnl);
		pos = r->src + r->rawlen;
	}
	if ((rc = emit_file(w, pos, doc->lazy ? doc->srclen - pos : doc->len - pos)) != 0)
		goto out;
	rc = 0;
out:
	free(order);
	free(ins);
	return rc;
}

int ds_csvdoc_stream(const struct ds_csvdoc *doc, const struct ds_csvdoc_sink *sink)
{
	struct walk w = { .doc = doc, .sink = sink };
	int rc = walk(&w);
	free(w.tmp);
	return rc;
}

int ds_csvdoc_edits(const struct ds_csvdoc *doc, ds_csvdoc_edit_fn fn, void *ctx)
{
	struct walk w = { .doc = doc, .fn = fn, .ctx = ctx };
	int rc = walk(&w);
	free(w.tmp);
	return rc;
}

struct membuf {
	char *buf;
	size_t len, cap;
};

static int mem_bytes(void *ctx, const char *p, size_t n)
{
	struct membuf *m = ctx;
	return append(&m->buf, &m->len, &m->cap, p, n);
}

static int mem_copy(void *ctx, int fd, size_t off, size_t n)
{
	struct membuf *m = ctx;
	if (ds_grow(&m->buf, &m->cap, m->len + n + 1, 1) != 0 ||
	    read_at(fd, m->buf + m->len, n, off) != 0)
		return -1;
	m->len += n;
	return 0;
}

int ds_csvdoc_render(const struct ds_csvdoc *doc, char **out, size_t *outlen)
{
	struct membuf m = { NULL, 0, 0 };
	struct ds_csvdoc_sink sink = { &m, mem_bytes, mem_copy };
	if (ds_grow(&m.buf, &m.cap, (doc->lazy ? doc->srclen : doc->len) + 1, 1) != 0 ||
	    ds_csvdoc_stream(doc, &sink) != 0) {
		free(m.buf);
		return -1;
	}
	*out = m.buf;
	*outlen = m.len;
	return 0;
}
