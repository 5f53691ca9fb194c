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
 * match.  A difference aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/csvread.h"

struct digest {
	uint64_t h;
	size_t records;
};

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
	}
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

static uint64_t run(const uint8_t *data, size_t len, size_t chunk, int *status)
{
	struct digest d = { 14695981039346656037ULL, 0 };
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
	uint64_t chunked = run(data, size, chunk, &st_chunked);
	uint64_t whole = run(data, size, 0, &st_whole);
	if (chunked != whole) {
		fprintf(stderr, "fuzz_csv: chunk size %zu gives other records (status %d vs %d)\n",
			chunk, st_chunked, st_whole);
		abort();
	}
	return 0;
}
