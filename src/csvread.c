/*
 * csvread.c - the streaming record reader (see csvread.h).
 *
 * libcsv reports neither lines nor positions, so the input is cut into
 * physical lines here and each line is handed to csv_parse() on its own:
 * when libcsv ends a record during a line, that line is where the record
 * ends, and the raw bytes seen since the previous record are the record's
 * exact text.  Lines that arrive split across read buffers are joined in a
 * small pending buffer first.  Positions for messages are worked out from the
 * raw text only when something is wrong, so the common path stays as fast
 * as libcsv itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "defspend/csvread.h"
#include "defspend/utf8.h"
#include "defspend/util.h"

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_grow(struct buf *b, size_t extra);

static inline int buf_reserve(struct buf *b, size_t extra)
{
	return b->cap - b->len >= extra ? 0 : buf_grow(b, extra);
}

/* Out of line: buffers reach their working size after a few records. */
static int buf_grow(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len)
		return -1;
	return ds_grow(&b->p, &b->cap, b->len + extra, 1);
}

static int buf_append(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

struct reader {
	struct csv_parser parser;
	const char *name;
	struct ds_errors *err;
	ds_csv_record_fn fn;
	void *ctx;

	long line;       /* physical line being fed */
	int in_record;   /* bytes of an unfinished record have been fed */
	long rec_line;   /* where that record started */
	long raw_line;   /* line of raw.p[0] */
	size_t lead;     /* blank-line bytes at the start of raw */
	int bom;         /* the first line started with a BOM */
	size_t nrecords; /* records delivered so far */
	int ended;       /* records libcsv ended during the current line */
	int term;        /* the character that ended the last one, -1 at the end */
	int nomem;       /* a callback ran out of memory */
	int plain;       /* split_plain_line() checked the bytes already */

	struct buf raw;       /* the current record's exact bytes */
	const char *line_raw; /* or, for a record of one line met first, that line as fed */
	size_t line_rawlen;
	struct buf fbytes; /* its fields, each NUL-terminated */
	size_t *foff;      /* field i starts at fbytes.p + foff[i] */
	size_t nf, fcap;
	struct ds_csv_field *fields;
	size_t fields_cap;
	struct buf pending; /* a line split across read buffers */
	off_t pos;          /* where the next byte fed is in the input */
	off_t pending_off;  /* where the pending line starts */
	off_t line_off;     /* where the line being fed starts */
	off_t raw_off;      /* where raw (or line_raw) starts */

	int status; /* DS_OK, or the first status */
	int stop;   /* a fatal problem: read no further */
};

static int fail(struct reader *r, int status, long line, long col, const char *msg)
{
	ds_errors_add(r->err, status, r->name, line, col, "%s", msg);
	if (r->status == DS_OK)
		r->status = status;
	return status;
}

/*
 * Running out of memory stops the read.  The diagnostic is
 * ds_errors_nomem()'s, in the same words (the status's own text), with the
 * line the reader had reached.
 */
static void out_of_memory(struct reader *r, long line)
{
	fail(r, DS_ENOMEM, line, 0, ds_status_text(DS_ENOMEM));
	r->stop = 1;
}

/* Line and column of raw offset `off` of the current record. */
static void raw_pos(const char *raw, size_t off, long raw_line, int bom, long *line, long *col)
{
	long l = raw_line;
	size_t start = 0;
	for (size_t i = 0; i < off; i++) {
		if (raw[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	if (bom && start == 0)
		start = 3;
	long c = 1;
	for (size_t i = start; i < off; i++)
		if (((unsigned char)raw[i] & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

void ds_csv_field_pos(const struct ds_csv_record *rec, size_t i, long *line, long *column)
{
	const char *raw = rec->raw;
	size_t off = rec->lead + (rec->bom ? 3 : 0);
	size_t field = 0;
	int quoted = 0;
	for (; off < rec->rawlen && field < i; off++) {
		char c = raw[off];
		if (c == '"')
			quoted = !quoted;
		else if (c == ',' && !quoted)
			field++;
		else if ((c == '\n' || c == '\r') && !quoted)
			break;
	}
	raw_pos(raw, off, rec->raw_line, rec->bom, line, column);
}

/* Room for one more field offset; -1 when memory runs out. */
static int foff_push(struct reader *r, size_t off)
{
	if (r->nf == r->fcap && ds_grow(&r->foff, &r->fcap, r->nf + 1, sizeof *r->foff) != 0)
		return -1;
	r->foff[r->nf++] = off;
	return 0;
}

static void on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;
	/* One reserve and one copy per field: this runs for every cell. */
	if (buf_reserve(&r->fbytes, n + 1) != 0 || foff_push(r, r->fbytes.len) != 0) {
		r->nomem = 1;
		return;
	}
	char *d = r->fbytes.p + r->fbytes.len;
	if (n > 0)
		memcpy(d, s, n);
	d[n] = '\0';
	r->fbytes.len += n + 1;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;
	r->ended++;
	r->term = c;
}

/* First bad byte of s: a NUL or invalid UTF-8.  Returns len when clean. */
static size_t first_bad_byte(const char *s, size_t len, int *is_nul)
{
	size_t nul = len;
	const char *z = memchr(s, '\0', len);
	if (z != NULL)
		nul = (size_t)(z - s);
	size_t bad = ds_utf8_check(s, nul);
	*is_nul = bad == nul && nul < len;
	return bad;
}

static void reset_record(struct reader *r)
{
	r->plain = 0;
	r->raw.len = 0;
	r->line_raw = NULL;
	r->fbytes.len = 0;
	r->nf = 0;
	r->lead = 0;
	r->in_record = 0;
	r->raw_line = r->line;
}

/*
 * Spaces are data (" 2.1" must not silently become 2.1), so libcsv is told
 * that no byte is a space to trim.  That costs a callback per character,
 * which is why plain lines never reach libcsv (split_plain_line()).
 */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int parser_init(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_space_func(p, no_space);
	return 0;
}

/* Hands the record that libcsv just ended to the callback. */
static void deliver(struct reader *r)
{
	if (r->nomem) {
		out_of_memory(r, r->rec_line);
		return;
	}
	const char *raw = r->line_raw ? r->line_raw : r->raw.p;
	size_t rawlen = r->line_raw ? r->line_rawlen : r->raw.len;
	struct ds_csv_record rec = {
		.index = r->nrecords,
		.nfields = r->nf,
		.line = r->rec_line,
		.raw = raw,
		.rawlen = rawlen,
		.lead = r->lead,
		.raw_line = r->raw_line,
		.bom = r->bom && r->nrecords == 0,
		.offset = r->raw_off,
	};
	int is_nul = 0;
	size_t from = r->lead + (rec.bom ? 3 : 0);
	size_t bad = r->plain ? rawlen : from + first_bad_byte(raw + from, rawlen - from, &is_nul);
	if (bad < rawlen) {
		long l, c;
		raw_pos(raw, bad, r->raw_line, rec.bom, &l, &c);
		fail(r, DS_EDATA, l, c, is_nul ? "NUL byte in the file" : "invalid UTF-8");
		if (r->nrecords == 0)
			r->stop = 1; /* without its header no record can be read */
		r->nrecords++;
		return;
	}
	rec.nfields = r->nf;
	if (r->fields_cap < r->nf &&
	    ds_grow(&r->fields, &r->fields_cap, r->nf, sizeof *r->fields) != 0) {
		out_of_memory(r, r->rec_line);
		return;
	}
	for (size_t i = 0; i < r->nf; i++) {
		size_t end = i + 1 < r->nf ? r->foff[i + 1] : r->fbytes.len;
		r->fields[i].s = r->fbytes.p + r->foff[i];
		r->fields[i].len = end - r->foff[i] - 1;
	}
	rec.fields = r->fields;
	r->nrecords++;
	int rc = r->fn(r->ctx, &rec);
	if (rc != 0) {
		if (r->status == DS_OK)
			r->status = rc;
		r->stop = 1;
	}
}

static int is_blank_line(const char *s, size_t n)
{
	return (n == 1 && s[0] == '\n') || (n == 2 && s[0] == '\r' && s[1] == '\n');
}

static const char too_long[] = "record longer than 16 MiB (an unterminated quote?)";

/* Offset in raw of the first carriage return outside quotes that no line
 * feed follows, or `from` when there is none. */
static size_t bare_cr_offset(const char *raw, size_t len, size_t from)
{
	int quoted = 0;
	for (size_t i = from; i < len; i++) {
		if (raw[i] == '"')
			quoted = !quoted;
		else if (raw[i] == '\r' && !quoted && (i + 1 == len || raw[i + 1] != '\n'))
			return i;
	}
	return from;
}

/*
 * After a stray quote, libcsv cannot go on; a fresh parser starts at the
 * next line, so that the rest of the file is still checked.  The broken
 * record counts as a record, so the indexes of the later ones stay true.
 */
static void resync(struct reader *r)
{
	csv_free(&r->parser);
	if (parser_init(&r->parser) != 0) {
		out_of_memory(r, r->line);
		return;
	}
	r->nrecords++;
	r->line++;
	reset_record(r);
}

/* The record that ended in this line of n bytes ended at its end, by a LF or
 * a CRLF, and nothing of another record follows. */
static int ended_cleanly(const struct reader *r, const char *s, size_t n)
{
	if (r->ended != 1 || r->parser.pstate != 0)
		return 0;
	if (r->term != '\r')
		return 1;
	return n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\r' && (n < 3 || s[n - 3] != '\r');
}

/* Without SSE2, eight bytes at a time in a 64-bit word (little-endian). */
#if !defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1
#define ONES 0x0101010101010101ULL
#define LOW7 0x7F7F7F7F7F7F7F7FULL
#define HIGH 0x8080808080808080ULL

/* The high bit of every zero byte of v, exactly: no borrow crosses bytes. */
static inline uint64_t zero_bytes(uint64_t v)
{
	return ~(((v & LOW7) + LOW7) | v | LOW7);
}
#endif

/* A line split without libcsv: its fields are the n bytes of r->fbytes, checked already. */
static int split_done(struct reader *r, size_t n)
{
	r->fbytes.len = n;
	r->plain = 1;
	r->ended = 1;
	r->term = '\n';
	return 1;
}

/*
 * The fast path: a whole record on one line ending in LF or CRLF, with no
 * quote, no other CR and no NUL, is split at its commas here without
 * libcsv, which would deliver exactly these fields (strict mode, spaces
 * kept) but pay a callback per character.  Such lines are nearly all of a
 * real file; any other line goes through libcsv, and so does a line with
 * invalid UTF-8, so that the one place that reports it stays deliver().
 * The line is copied once and its commas become the NULs that end the
 * fields; the bytes are read sixteen at a time (SSE2), or eight.  The parser is between
 * records here, so skipping it leaves its state as it was.  Returns 1 when
 * the line was split (its fields are in r), 0 when libcsv must parse it.
 */
static int split_plain_line(struct reader *r, const char *s, size_t n)
{
	if (n == 0 || s[n - 1] != '\n')
		return 0;
	size_t len = n - 1;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (buf_reserve(&r->fbytes, len + 1) != 0 || foff_push(r, 0) != 0) {
		r->nomem = 1;
		return 1; /* deliver() reports it */
	}
	char *d = r->fbytes.p;
	memcpy(d, s, len);
	d[len] = '\0';
	unsigned char high = 0;
	size_t i = 0;
#if defined(__SSE2__)
	/* Sixteen bytes at a time: a mask of each byte sought. */
	const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
		      comma = _mm_set1_epi8(','), zero = _mm_setzero_si128();
	int high16 = 0;
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		__m128i odd =
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)),
				     _mm_cmpeq_epi8(v, zero));
		if (_mm_movemask_epi8(odd) != 0)
			goto libcsv;
		high16 |= _mm_movemask_epi8(v);
		for (unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)); c != 0;
		     c &= c - 1) {
			size_t at = i + (size_t)__builtin_ctz(c);
			d[at] = '\0';
			if (foff_push(r, at + 1) != 0)
				r->nomem = 1;
		}
	}
	high = high16 != 0;
#elif defined(SWAR)
	uint64_t high8 = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, d + i, 8);
		if (zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\r')) | zero_bytes(w))
			goto libcsv;
		high8 |= w;
		for (uint64_t c = zero_bytes(w ^ (ONES * ',')); c != 0; c &= c - 1) {
			size_t at = i + ((size_t)__builtin_ctzll(c) >> 3);
			d[at] = '\0';
			if (foff_push(r, at + 1) != 0)
				r->nomem = 1;
		}
	}
	high = (high8 & HIGH) != 0;
#endif
	for (; i < len; i++) {
		char c = d[i];
		if (c == '"' || c == '\r' || c == '\0')
			goto libcsv;
		high |= (unsigned char)c >> 7;
		if (c == ',') {
			d[i] = '\0';
			if (foff_push(r, i + 1) != 0)
				r->nomem = 1;
		}
	}
	if (high && ds_utf8_check(d, len) != len)
		goto libcsv;
	return split_done(r, len + 1);
libcsv:
	r->nf = 0;
	return 0;
}

/*
 * The same for a line whose quoted fields are simple: a field that starts
 * with a quote runs to the next quote, which ends the field (a comma or the
 * line's end follows), with no quote, CR or NUL inside.  libcsv (strict
 * mode) delivers exactly the text between the quotes for such a field;
 * anything else (a doubled quote, text after a closing quote, a quote
 * inside an unquoted field, a field over several lines) is left to it, to
 * parse or to report.  Data files quote a source that holds a comma: this
 * keeps such files off the character-by-character path.  1 when split, 0
 * when libcsv must parse the line.
 */
static int split_quoted_line(struct reader *r, const char *s, size_t n)
{
	if (n == 0 || s[n - 1] != '\n' || memchr(s, '"', n) == NULL)
		return 0;
	size_t len = n - 1;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (memchr(s, '\r', len) != NULL || memchr(s, '\0', len) != NULL ||
	    ds_utf8_check(s, len) != len)
		return 0;
	r->nf = 0;
	if (buf_reserve(&r->fbytes, len + 1) != 0) {
		r->nomem = 1;
		return 1; /* deliver() reports it */
	}
	char *d = r->fbytes.p;
	size_t out = 0, i = 0;
	for (;;) {
		if (foff_push(r, out) != 0) {
			r->nomem = 1;
			return 1;
		}
		size_t end;
		if (i < len && s[i] == '"') {
			const char *q = memchr(s + i + 1, '"', len - i - 1);
			if (q == NULL)
				goto libcsv;
			end = (size_t)(q - s);
			memcpy(d + out, s + i + 1, end - i - 1);
			out += end - i - 1;
			end++; /* past the closing quote */
			if (end < len && s[end] != ',')
				goto libcsv;
		} else {
			const char *c = memchr(s + i, ',', len - i);
			end = c ? (size_t)(c - s) : len;
			if (memchr(s + i, '"', end - i) != NULL)
				goto libcsv;
			memcpy(d + out, s + i, end - i);
			out += end - i;
		}
		d[out++] = '\0';
		if (end >= len)
			break;
		i = end + 1; /* past the comma; a comma at the end leaves one empty field */
	}
	return split_done(r, out);
libcsv:
	r->nf = 0;
	return 0;
}

/* Feeds one physical line (with its '\n', except at the end of input). */
static void feed_line(struct reader *r, const char *s, size_t n)
{
	size_t before = r->raw.len;
	if (before == 0) /* the record's raw bytes start on this line */
		r->raw_off = r->line_off;
	if (r->nrecords == 0 && before == 0 && !r->bom && n >= 3 &&
	    memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		/* The BOM stays in raw, ahead of any blank lines. */
		if (buf_append(&r->raw, s, 3) != 0) {
			out_of_memory(r, r->line);
			return;
		}
		r->bom = 1;
		s += 3;
		n -= 3;
		before = 3;
		if (n == 0)
			return;
	}
	if (!r->in_record && is_blank_line(s, n)) {
		if (buf_append(&r->raw, s, n) != 0) {
			out_of_memory(r, r->line);
			return;
		}
		r->lead += n;
		r->line++;
		return;
	}
	int starts = !r->in_record;
	if (!r->in_record) {
		r->in_record = 1;
		r->rec_line = r->line;
	}
	if (r->raw.len + n > DS_CSV_MAX_RECORD) {
		fail(r, DS_EDATA, r->rec_line, 0, too_long);
		r->stop = 1;
		return;
	}
	/* A record met at the start of a line, with nothing before it (no BOM,
	 * no blank lines), is delivered with that line as its raw bytes when
	 * the line holds it whole: the common case, not copied. */
	int direct = starts && r->raw.len == 0;
	if (!direct && buf_append(&r->raw, s, n) != 0) {
		out_of_memory(r, r->line);
		return;
	}
	int bom = r->bom && r->nrecords == 0;
	r->ended = 0;
	if (starts && (split_plain_line(r, s, n) || split_quoted_line(r, s, n))) {
		if (direct) {
			r->line_raw = s;
			r->line_rawlen = n;
		}
		deliver(r);
		r->line++;
		reset_record(r);
		return;
	}
	if (direct && buf_append(&r->raw, s, n) != 0) {
		out_of_memory(r, r->line);
		return;
	}
	size_t got = csv_parse(&r->parser, s, n, on_field, on_record, r);
	if (got < n) {
		long l, c;
		raw_pos(r->raw.p, before + got, r->raw_line, bom, &l, &c);
		fail(r, DS_EDATA, l, c,
		     s[got] == '"'
			     ? "stray quote: a field with a quote must be quoted, the quote doubled"
			     : "text after a closing quote");
		if (r->nrecords == 0)
			r->stop = 1; /* no header: nothing after it can be read */
		else
			resync(r);
		return;
	}
	/* libcsv ends a record at a lone CR too, and skips one at the start
	 * of a record: either would shift every line number after it. */
	int lead_cr =
		before == r->lead + (bom ? 3 : 0) && s[0] == '\r' && !(n >= 2 && s[1] == '\n');
	if (lead_cr || (r->ended > 0 && !ended_cleanly(r, s, n))) {
		long l, c;
		size_t from = r->lead + (bom ? 3 : 0);
		raw_pos(r->raw.p, bare_cr_offset(r->raw.p, r->raw.len, from), r->raw_line, bom, &l,
			&c);
		fail(r, DS_EDATA, l, c,
		     "carriage return without a line feed (lines must end in LF or CRLF)");
		r->stop = 1;
		return;
	}
	if (r->ended == 1) {
		deliver(r);
		r->line++;
		reset_record(r);
		return;
	}
	r->line++;
}

/* Feeds a buffer of input, keeping a trailing partial line for later. */
static void feed(struct reader *r, const char *s, size_t n)
{
	const char *s0 = s;
	off_t base = r->pos;
	r->pos += (off_t)n;
	while (n > 0 && !r->stop) {
		const char *nl = memchr(s, '\n', n);
		if (r->pending.len == 0) /* else the pending line's start stands */
			r->line_off = r->pending_off = base + (s - s0);
		else
			r->line_off = r->pending_off;
		if (nl == NULL) {
			if (buf_append(&r->pending, s, n) != 0) {
				out_of_memory(r, r->line);
			}
			if (!r->stop && r->pending.len + r->raw.len > DS_CSV_MAX_RECORD) {
				fail(r, DS_EDATA, r->in_record ? r->rec_line : r->line, 0,
				     too_long);
				r->stop = 1;
			}
			return;
		}
		size_t len = (size_t)(nl - s) + 1;
		if (r->pending.len > 0) {
			if (buf_append(&r->pending, s, len) != 0) {
				out_of_memory(r, r->line);
				return;
			}
			feed_line(r, r->pending.p, r->pending.len);
			r->pending.len = 0;
		} else {
			feed_line(r, s, len);
		}
		s += len;
		n -= len;
	}
}

/* Position of the quote that opened the field still open at the end of raw. */
static size_t open_quote_offset(const char *raw, size_t len, size_t from)
{
	size_t at = from;
	int quoted = 0;
	for (size_t i = from; i < len; i++) {
		if (raw[i] == '"') {
			if (!quoted)
				at = i;
			quoted = !quoted;
		}
	}
	return at;
}

static void finish(struct reader *r)
{
	if (r->stop)
		return;
	if (r->pending.len > 0) {
		r->line_off = r->pending_off;
		feed_line(r, r->pending.p, r->pending.len);
		r->pending.len = 0;
		if (r->stop)
			return;
	}
	r->ended = 0;
	if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
		long l, c;
		int bom = r->bom && r->nrecords == 0;
		size_t at = open_quote_offset(r->raw.p, r->raw.len, r->lead + (bom ? 3 : 0));
		raw_pos(r->raw.p, at, r->raw_line, bom, &l, &c);
		fail(r, DS_EDATA, l, c, "unterminated quote");
		return;
	}
	/* A last line of spaces alone, without a line ending, ends no record
	 * in libcsv (it trims them) but is a record of one field, as it is
	 * with a line ending: deliver() reads it again keeping the spaces. */
	if (r->ended == 0 && r->in_record) {
		/* Such a line holds only spaces, tabs and CRs; any CR in it is bare. */
		int bom = r->bom && r->nrecords == 0;
		size_t from = r->lead + (bom ? 3 : 0);
		const char *cr = memchr(r->raw.p + from, '\r', r->raw.len - from);
		if (cr != NULL) {
			long l, c;
			raw_pos(r->raw.p, (size_t)(cr - r->raw.p), r->raw_line, bom, &l, &c);
			fail(r, DS_EDATA, l, c,
			     "carriage return without a line feed (lines must end in LF or CRLF)");
			return;
		}
	}
	if (r->ended == 1 || (r->ended == 0 && r->in_record)) {
		r->line--; /* the last line had no line ending */
		deliver(r);
		r->line++;
		reset_record(r);
	} else if (r->raw.len > 0 && !r->in_record) {
		/* Blank lines after the last record. */
		int bom = r->bom && r->nrecords == 0;
		struct ds_csv_record rec = {
			.index = r->nrecords,
			.nfields = 0,
			.fields = NULL,
			.line = r->raw_line,
			.raw = r->raw.p,
			.rawlen = r->raw.len,
			.lead = r->raw.len - (bom ? 3 : 0),
			.raw_line = r->raw_line,
			.bom = bom,
			.offset = r->raw_off,
		};
		int rc = r->fn(r->ctx, &rec);
		if (rc != 0 && r->status == DS_OK)
			r->status = rc;
	}
}

static int reader_init(struct reader *r, const char *name, ds_csv_record_fn fn, void *ctx,
		       struct ds_errors *err)
{
	memset(r, 0, sizeof *r);
	if (parser_init(&r->parser) != 0)
		return ds_errors_nomem(err, name);
	r->name = name;
	r->err = err;
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->raw_line = 1;
	return DS_OK;
}

static void reader_release(struct reader *r)
{
	csv_free(&r->parser);
	free(r->raw.p);
	free(r->fbytes.p);
	free(r->foff);
	free(r->fields);
	free(r->pending.p);
}

int ds_csv_read_mem(const char *name, const void *data, size_t len, size_t chunk,
		    ds_csv_record_fn fn, void *ctx, struct ds_errors *err)
{
	struct reader r;
	int rc = reader_init(&r, name, fn, ctx, err);
	if (rc != DS_OK)
		return rc;
	if (chunk == 0)
		chunk = len ? len : 1;
	const char *p = data;
	for (size_t off = 0; off < len && !r.stop; off += chunk)
		feed(&r, p + off, len - off < chunk ? len - off : chunk);
	finish(&r);
	rc = r.status;
	reader_release(&r);
	return rc;
}

int ds_csv_read_fd(int fd, const char *name, size_t bufsize, ds_csv_record_fn fn, void *ctx,
		   struct ds_errors *err)
{
	struct reader r;
	int rc = reader_init(&r, name, fn, ctx, err);
	if (rc != DS_OK)
		return rc;
	if (bufsize == 0)
		bufsize = DS_BUFSIZ;
	char *buf = malloc(bufsize);
	if (buf == NULL) {
		rc = ds_errors_nomem(err, name);
		goto out;
	}
	while (!r.stop) {
		ssize_t n = read(fd, buf, bufsize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail(&r, DS_EIO, 0, 0, strerror(errno));
			r.stop = 1;
			break;
		}
		if (n == 0)
			break;
		feed(&r, buf, (size_t)n);
	}
	finish(&r);
	rc = r.status;
out:
	free(buf);
	reader_release(&r);
	return rc;
}

/*
 * A part ends cleanly when the reader stands between records at its end:
 * no record begun, no blank lines waiting to lead the next one, no line
 * cut, and (for the file's first part) the header read.  Then the state
 * of a reader that went on from here would be a fresh reader's, apart from
 * the line and record counts, which is what makes the next part's reading
 * (begun fresh at that byte with those counts) the same as going on.
 */
static int between_records(const struct reader *r)
{
	return !r->in_record && r->raw.len == 0 && r->pending.len == 0 && r->nrecords > 0 &&
	       r->parser.pstate == 0;
}

int ds_csv_read_part(int fd, const char *name, struct ds_csv_part *part, ds_csv_record_fn fn,
		     void *ctx, struct ds_errors *err)
{
	struct reader r;
	int rc = reader_init(&r, name, fn, ctx, err);
	if (rc != DS_OK)
		return rc;
	r.line = r.raw_line = part->first_line;
	r.nrecords = part->first_index;
	r.pos = part->start;
	char *buf = malloc(DS_BUFSIZ);
	if (buf == NULL) {
		rc = ds_errors_nomem(err, name);
		part->stopped = 1;
		goto out;
	}
	off_t pos = part->start;
	int open_ended = part->end < 0; /* the last part reads to the end of the file */
	int clean_end = 0;
	while (!r.stop) {
		size_t want = DS_BUFSIZ;
		if (!open_ended && (off_t)want > part->end - pos)
			want = (size_t)(part->end - pos);
		if (want == 0) {
			if (between_records(&r)) {
				clean_end = 1;
				break;
			}
			/* A record runs on past the end: finish it, and the file. */
			open_ended = 1;
			continue;
		}
		ssize_t n = pread(fd, buf, want, pos);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail(&r, DS_EIO, 0, 0, strerror(errno));
			r.stop = 1;
			break;
		}
		if (n == 0)
			break;
		feed(&r, buf, (size_t)n);
		pos += n;
	}
	if (!clean_end)
		finish(&r);
	rc = r.status;
	part->stop = clean_end ? part->end : -1;
	part->next_line = r.line;
	part->stopped = r.stop;
out:
	free(buf);
	reader_release(&r);
	return rc;
}

int ds_csv_open(const char *path, const char *name, int *fd, off_t *size, struct ds_errors *err)
{
	if (name == NULL)
		name = path;
	/* Anything that reads from start to end will do: a file, a FIFO (whose
	 * open waits for its writer, as cat's does), /dev/stdin (input.h).  Only
	 * a regular file has a size, and only it can be read in parts. */
	struct stat st;
	if (stat(path, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISSOCK(st.st_mode)))
		return ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot read: %s",
				     S_ISDIR(st.st_mode) ? "is a directory" : "a socket");
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot open: %s",
				     strerror(errno));
	*size = fstat(*fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : -1;
	return DS_OK;
}

int ds_csv_read_path(const char *path, const char *name, ds_csv_record_fn fn, void *ctx,
		     struct ds_errors *err)
{
	if (name == NULL)
		name = path;
	int fd;
	off_t size;
	int rc = ds_csv_open(path, name, &fd, &size, err);
	if (rc != DS_OK)
		return rc;
	rc = ds_csv_read_fd(fd, name, DS_BUFSIZ, fn, ctx, err);
	close(fd);
	return rc;
}
