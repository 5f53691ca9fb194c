/*
 * fuzz_csv.c - libFuzzer harness for the streaming CSV reader
 * (ds_csv_read_mem, csvread.h).
 *
 * The first input byte picks the chunk size the rest is fed in (0: all at
 * once), so line joins across buffers, BOMs cut in half and CRLFs split
 * between chunks all get exercised.  The callback touches every byte of
 * every field and of the raw record and asks for every field's position,
 * so a wrong length or pointer shows up under AddressSanitizer.
 *
 * Like libcsv's own test, the records must not depend on the chunk size:
 * the same input is read a second time in one piece and a digest of
 * everything delivered (fields, lines, raw bytes, status, diagnostics) must
 * match.  And when the reader accepts an input, its fields must be exactly
 * those of a plain libcsv parse (strict, spaces kept, BOM stripped): the
 * reader splits plain lines itself for speed, and this holds it to libcsv.
 * A difference aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "defspend/csvread.h"

struct digest {
	uint64_t h;
	size_t records;
	uint64_t fields; /* only the fields of each record, as libcsv gives them */
	size_t nf;       /* fields of the record being read (reference parse) */
};

static void mix64(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211ULL;
}

static void field_digest(uint64_t *h, const char *s, size_t len)
{
	mix64(h, s, len);
	mix64(h, "", 1);
}

static void record_digest(uint64_t *h, size_t nfields)
{
	mix64(h, "\xff", 1);
	mix64(h, &nfields, sizeof nfields);
}

static void mix(struct digest *d, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		d->h = (d->h ^ s[i]) * 1099511628211ULL;
}

static void mix_long(struct digest *d, long v)
{
	mix(d, &v, sizeof v);
}

static int on_record(void *ctx, const struct ds_csv_record *rec)
{
	struct digest *d = ctx;
	/* Records are numbered in file order; one skipped for bad bytes keeps
	 * its number, so the numbers only grow. */
	if (rec->index < d->records)
		abort();
	d->records = rec->index + 1;
	mix_long(d, (long)rec->index);
	mix_long(d, (long)rec->nfields);
	mix_long(d, rec->line);
	mix_long(d, rec->raw_line);
	mix_long(d, (long)rec->lead);
	mix_long(d, rec->bom);
	if (rec->lead > rec->rawlen || rec->line < rec->raw_line)
		abort();
	mix(d, rec->raw, rec->rawlen);
	for (size_t i = 0; i < rec->nfields; i++) {
		const struct ds_csv_field *f = &rec->fields[i];
		/* The contract: NUL-terminated, no NUL inside. */
		if (strlen(f->s) != f->len)
			abort();
		mix(d, f->s, f->len + 1);
		field_digest(&d->fields, f->s, f->len);
	}
	if (rec->nfields > 0)
		record_digest(&d->fields, rec->nfields);
	for (size_t i = 0; i <= rec->nfields; i++) {
		long line, col;
		ds_csv_field_pos(rec, i, &line, &col);
		if (line < rec->raw_line || col < 1)
			abort();
		mix_long(d, line);
		mix_long(d, col);
	}
	return 0;
}

static void ref_field(void *s, size_t len, void *data)
{
	struct digest *d = data;
	field_digest(&d->fields, s, len);
	d->nf++;
}

static void ref_record(int term, void *data)
{
	struct digest *d = data;
	(void)term;
	record_digest(&d->fields, d->nf);
	d->nf = 0;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The fields of a plain libcsv parse; 0 when libcsv refuses the input. */
static int reference(const uint8_t *data, size_t len, uint64_t *fields)
{
	struct digest d = { 0, 0, 14695981039346656037ULL, 0 };
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return 0;
	csv_set_space_func(&p, no_space);
	int ok = csv_parse(&p, data, len, ref_field, ref_record, &d) == len &&
		 csv_fini(&p, ref_field, ref_record, &d) == 0;
	csv_free(&p);
	*fields = d.fields;
	return ok;
}

static uint64_t run(const uint8_t *data, size_t len, size_t chunk, int *status, uint64_t *fields)
{
	struct digest d = { 14695981039346656037ULL, 0, 14695981039346656037ULL, 0 };
	struct ds_errors err;
	ds_errors_init(&err);
	*status = ds_csv_read_mem("fuzz.csv", data, len, chunk, on_record, &d, &err);
	mix_long(&d, *status);
	for (size_t i = 0; i < err.n; i++) {
		mix_long(&d, err.v[i].line);
		mix_long(&d, err.v[i].column);
		mix(&d, err.v[i].msg, strlen(err.v[i].msg));
	}
	if ((*status == 0) != (ds_errors_count(&err) == 0))
		abort(); /* a status without a diagnostic, or the reverse */
	ds_errors_release(&err);
	*fields = d.fields;
	return d.h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t chunk = data[0];
	data++;
	size--;
	int st_chunked, st_whole;
	uint64_t f_chunked, f_whole, f_ref;
	uint64_t chunked = run(data, size, chunk, &st_chunked, &f_chunked);
	uint64_t whole = run(data, size, 0, &st_whole, &f_whole);
	if (chunked != whole) {
		fprintf(stderr, "fuzz_csv: chunk size %zu gives other records (status %d vs %d)\n",
			chunk, st_chunked, st_whole);
		abort();
	}
	if (st_whole == 0 && (!reference(data, size, &f_ref) || f_ref != f_whole)) {
		fprintf(stderr, "fuzz_csv: the reader accepts what libcsv reads otherwise\n");
		abort();
	}
	return 0;
}
