/*
 * csvdoc.c - an editable CSV file that keeps every untouched byte (see
 * csvdoc.h).
 *
 * The strict reader hands over each record's raw bytes, including the blank
 * lines before it and its line ending; laid end to end they are the file.
 * That is checked while parsing (a mismatch is a bug, not a data error), so
 * rendering an unedited document gives back the input exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/csvdoc.h"
#include "defspend/csvread.h"
#include "defspend/util.h"

struct parse_ctx {
	struct ds_csvdoc *doc;
	struct ds_errors *err;
	size_t off; /* where the next record's raw bytes must start */
};

static int on_record(void *vctx, const struct ds_csv_record *rec)
{
	struct parse_ctx *c = vctx;
	struct ds_csvdoc *d = c->doc;
	if (c->off + rec->rawlen > d->len || memcmp(d->data + c->off, rec->raw, rec->rawlen) != 0)
		return ds_errors_add(c->err, DS_ESOFTWARE, d->name, rec->line, 0,
				     "the reader's record bytes do not match the file");
	if (ds_grow(&d->rows, &d->rowcap, d->nrows + 1, sizeof *d->rows) != 0 ||
	    ds_grow(&d->foff, &d->foffcap, d->nfoff + rec->nfields, sizeof *d->foff) != 0)
		return ds_errors_nomem(c->err, d->name);
	struct ds_csvdoc_row *r = &d->rows[d->nrows++];
	r->off = c->off;
	r->rawlen = rec->rawlen;
	r->lead = rec->lead;
	r->nfields = rec->nfields;
	r->ffirst = d->nfoff;
	r->line = rec->line;
	r->newf = NULL;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = rec->fields[i].len + 1;
		if (ds_grow(&d->fb, &d->fbcap, d->fblen + n, 1) != 0)
			return ds_errors_nomem(c->err, d->name);
		memcpy(d->fb + d->fblen, rec->fields[i].s, n);
		d->foff[d->nfoff++] = d->fblen;
		d->fblen += n;
	}
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
	memset(doc, 0, sizeof *doc);
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

int ds_csvdoc_render(const struct ds_csvdoc *doc, char **out, size_t *outlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, k = 0;
	struct ds_csvdoc_ins *ins = NULL;
	int rc = -1;
	if (doc->nins > 0) {
		if ((ins = malloc(doc->nins * sizeof *ins)) == NULL)
			goto out;
		memcpy(ins, doc->ins, doc->nins * sizeof *ins);
		qsort(ins, doc->nins, sizeof *ins, cmp_ins);
	}
	if (ds_grow(&buf, &cap, doc->len + 1, 1) != 0)
		goto out;
	int open_end = 0; /* what was written last ends without a line ending */
	for (size_t i = 0; i < doc->nrows; i++) {
		const struct ds_csvdoc_row *r = &doc->rows[i];
		const char *raw = doc->data + r->off;
		if (open_end && append(&buf, &len, &cap, doc->eol, strlen(doc->eol)) != 0)
			goto out;
		if (!row_changed(doc, r)) {
			if (append(&buf, &len, &cap, raw, r->rawlen) != 0)
				goto out;
		} else {
			/* Only the record is rendered again, and of it only the
			 * fields that changed; its blank lines and ending stay. */
			const char *eol = raw_eol(raw, r->rawlen);
			if (append(&buf, &len, &cap, raw, r->lead) != 0 ||
			    render_changed(doc, r, raw + r->lead, r->rawlen - r->lead - strlen(eol),
					   eol, &buf, &len, &cap) != 0)
				goto out;
		}
		open_end = r->rawlen > 0 && raw[r->rawlen - 1] != '\n';
		for (; k < doc->nins && ins[k].after == i; k++) {
			if (open_end && append(&buf, &len, &cap, doc->eol, strlen(doc->eol)) != 0)
				goto out;
			if (ds_csvdoc_encode(&buf, &len, &cap, (const char *const *)ins[k].f,
					     doc->ncols, "") != 0)
				goto out;
			open_end = 1;
		}
		/* A record added at the very end of a file that had no final newline gets none
		 * either. */
		if (open_end && i + 1 == doc->nrows && r->rawlen > 0 &&
		    raw[r->rawlen - 1] == '\n' &&
		    append(&buf, &len, &cap, doc->eol, strlen(doc->eol)) != 0)
			goto out;
	}
	*out = buf;
	*outlen = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	free(ins);
	return rc;
}
