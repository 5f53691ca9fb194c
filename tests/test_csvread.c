/*
 * test_csvread.c - cmocka tests of the streaming CSV reader.
 *
 * The approach is libcsv's own test_csv.c: every input is fed to the reader
 * in every chunk size from 1 byte to its full length, and every run must
 * give the same records (fields, start line, raw bytes, BOM flag) and the
 * same diagnostics, and each record's raw bytes must be the input's at the
 * offset it gives.  A reader that loses state across a buffer boundary
 * (a CRLF split in two, a BOM cut after one byte, a quote at the end of a
 * chunk) shows up here as a difference at one chunk size.
 *
 * Each run is flattened into one text so that a failure prints both sides:
 *   R<index> L<line> RL<raw_line> lead<lead> bom<0|1> [field|field] raw=<bytes>
 * with \n, \r, \0 and bytes >= 0x80 escaped, then "rc=N" and one
 * "E<line>:<col> <message>" per diagnostic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/csvread.h"
#include "helpers.h"

struct dump {
	char *s;
	size_t len, cap;
	size_t total_raw;  /* sum of rawlen: every byte must be in some record */
	const char *input; /* what is read: each record's raw bytes are at its offset */
	size_t input_len;
};

static void put(struct dump *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct dump *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (d->len + (size_t)n + 1 > d->cap) {
		d->cap = (d->len + (size_t)n + 1) * 2;
		d->s = realloc(d->s, d->cap);
		assert_non_null(d->s);
	}
	va_start(ap, fmt);
	vsnprintf(d->s + d->len, d->cap - d->len, fmt, ap);
	va_end(ap);
	d->len += (size_t)n;
}

static void put_bytes(struct dump *d, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			put(d, "\\n");
		else if (c == '\r')
			put(d, "\\r");
		else if (c == '\0')
			put(d, "\\0");
		else if (c >= 0x80)
			put(d, "\\x%02X", c);
		else
			put(d, "%c", c);
	}
}

static int on_rec(void *ctx, const struct ds_csv_record *rec)
{
	struct dump *d = ctx;
	put(d, "R%zu L%ld RL%ld lead%zu bom%d [", rec->index, rec->line, rec->raw_line, rec->lead,
	    rec->bom);
	for (size_t i = 0; i < rec->nfields; i++) {
		if (i > 0)
			put(d, "|");
		assert_int_equal(strlen(rec->fields[i].s), rec->fields[i].len);
		put_bytes(d, rec->fields[i].s, rec->fields[i].len);
	}
	put(d, "] raw=");
	put_bytes(d, rec->raw, rec->rawlen);
	put(d, "\n");
	d->total_raw += rec->rawlen;
	assert_true(rec->offset >= 0 && (size_t)rec->offset + rec->rawlen <= d->input_len);
	assert_memory_equal(d->input + rec->offset, rec->raw, rec->rawlen);
	return 0;
}

/* Reads data in pieces of `chunk` bytes; returns the flattened run. */
static char *run(const char *data, size_t len, size_t chunk, size_t *total_raw)
{
	struct dump d = { .input = data, .input_len = len };
	struct ds_errors err;
	ds_errors_init(&err);
	put(&d, "%s", "");
	int rc = ds_csv_read_mem("t.csv", data, len, chunk, on_rec, &d, &err);
	put(&d, "rc=%d\n", rc);
	for (size_t i = 0; i < err.n; i++) {
		assert_string_equal(err.v[i].file, "t.csv");
		put(&d, "E%ld:%ld %s\n", err.v[i].line, err.v[i].column, err.v[i].msg);
	}
	if (err.dropped)
		put(&d, "dropped %zu\n", err.dropped);
	ds_errors_release(&err);
	if (total_raw != NULL)
		*total_raw = d.total_raw;
	return d.s;
}

/* Checks one input at every chunk size against the expected run. */
static void check_len(const char *data, size_t len, const char *want)
{
	size_t raw_full;
	char *full = run(data, len, len, &raw_full);
	if (strcmp(full, want) != 0)
		print_error("input: %s\n", data);
	assert_string_equal(full, want);
	/* Without an error, the records' raw bytes add up to the whole input. */
	if (strstr(want, "rc=0\n") != NULL)
		assert_int_equal(raw_full, len);
	for (size_t chunk = 1; chunk < len; chunk++) {
		char *got = run(data, len, chunk, NULL);
		if (strcmp(got, want) != 0)
			print_error("chunk size %zu of %zu\n", chunk, len);
		assert_string_equal(got, want);
		free(got);
	}
	free(full);
}

static void check(const char *data, const char *want)
{
	check_len(data, strlen(data), want);
}

static void test_simple(void **state)
{
	(void)state;
	check("a,b\n1,2\n", "R0 L1 RL1 lead0 bom0 [a|b] raw=a,b\\n\n"
			    "R1 L2 RL2 lead0 bom0 [1|2] raw=1,2\\n\n"
			    "rc=0\n");
	/* The last line without a line ending. */
	check("a,b\n1,2", "R0 L1 RL1 lead0 bom0 [a|b] raw=a,b\\n\n"
			  "R1 L2 RL2 lead0 bom0 [1|2] raw=1,2\n"
			  "rc=0\n");
	check("", "rc=0\n");
	check("a", "R0 L1 RL1 lead0 bom0 [a] raw=a\nrc=0\n");
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	check("a,b\r\n1,2\r\n", "R0 L1 RL1 lead0 bom0 [a|b] raw=a,b\\r\\n\n"
				"R1 L2 RL2 lead0 bom0 [1|2] raw=1,2\\r\\n\n"
				"rc=0\n");
	check("\xEF\xBB\xBF"
	      "a,b\r\n1,2",
	      "R0 L1 RL1 lead0 bom1 [a|b] raw=\\xEF\\xBB\\xBFa,b\\r\\n\n"
	      "R1 L2 RL2 lead0 bom0 [1|2] raw=1,2\n"
	      "rc=0\n");
	/* A BOM alone, or before blank lines, is no record. */
	check("\xEF\xBB\xBF\n\na,b\n",
	      "R0 L3 RL1 lead2 bom1 [a|b] raw=\\xEF\\xBB\\xBF\\n\\na,b\\n\n"
	      "rc=0\n");
	/* Only the first record may carry one; later it is data. */
	check("a\n\xEF\xBB\xBF"
	      "b\n",
	      "R0 L1 RL1 lead0 bom0 [a] raw=a\\n\n"
	      "R1 L2 RL2 lead0 bom0 [\\xEF\\xBB\\xBFb] raw=\\xEF\\xBB\\xBFb\\n\n"
	      "rc=0\n");
}

static void test_quotes(void **state)
{
	(void)state;
	check("a,\"x,y\",\"say \"\"hi\"\"\"\n",
	      "R0 L1 RL1 lead0 bom0 [a|x,y|say \"hi\"] raw=a,\"x,y\",\"say \"\"hi\"\"\"\\n\n"
	      "rc=0\n");
	/* A quoted newline: the next record's line counts it. */
	check("h1,h2\n\"two\nlines\",x\r\nnext,\"a\r\nb\"\nlast,1\n",
	      "R0 L1 RL1 lead0 bom0 [h1|h2] raw=h1,h2\\n\n"
	      "R1 L2 RL2 lead0 bom0 [two\\nlines|x] raw=\"two\\nlines\",x\\r\\n\n"
	      "R2 L4 RL4 lead0 bom0 [next|a\\r\\nb] raw=next,\"a\\r\\nb\"\\n\n"
	      "R3 L6 RL6 lead0 bom0 [last|1] raw=last,1\\n\n"
	      "rc=0\n");
	/* Empty cells, quoted and not, and an empty quoted field at the end. */
	check(",,\"\"\n\"\",,\n", "R0 L1 RL1 lead0 bom0 [||] raw=,,\"\"\\n\n"
				  "R1 L2 RL2 lead0 bom0 [||] raw=\"\",,\\n\n"
				  "rc=0\n");
	/* Spaces are data, also around quotes they would be part of. */
	check(" a , b \n", "R0 L1 RL1 lead0 bom0 [ a | b ] raw= a , b \\n\nrc=0\n");
	check("\ta\t,\" q \"\"\",x",
	      "R0 L1 RL1 lead0 bom0 [\ta\t| q \"|x] raw=\ta\t,\" q \"\"\",x\n"
	      "rc=0\n");
	/* Simple quoted fields, split without libcsv (split_quoted_line()), and
	 * their near misses, which libcsv parses or refuses. */
	check("h\n\"a,b\",c,\"\"\n\"x\"\r\nq,\"\",\n\"\u00e9, \u00fc\",\"\"\"\"\n",
	      "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
	      "R1 L2 RL2 lead0 bom0 [a,b|c|] raw=\"a,b\",c,\"\"\\n\n"
	      "R2 L3 RL3 lead0 bom0 [x] raw=\"x\"\\r\\n\n"
	      "R3 L4 RL4 lead0 bom0 [q||] raw=q,\"\",\\n\n"
	      "R4 L5 RL5 lead0 bom0 [\\xC3\\xA9, \\xC3\\xBC|\"] "
	      "raw=\"\\xC3\\xA9, \\xC3\\xBC\",\"\"\"\"\\n\n"
	      "rc=0\n");
	check("h\n\"a\"b,c\nx\"y,z\n\"open,1\n",
	      "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
	      "rc=65\n"
	      "E2:4 text after a closing quote\n"
	      "E3:2 stray quote: a field with a quote must be quoted, the quote doubled\n"
	      "E4:1 unterminated quote\n");
	/* A space after the closing quote of the header: nothing can be read. */
	check("\"a\" ,b\nc,d\n", "rc=65\nE1:4 text after a closing quote\n");
	check("h\n\"a\" ,b\n \"a\",b\nc\n",
	      "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
	      "R3 L4 RL4 lead0 bom0 [c] raw=c\\n\n"
	      "rc=65\n"
	      "E2:4 text after a closing quote\n"
	      "E3:2 stray quote: a field with a quote must be quoted, the quote doubled\n");
}

static void test_blank_lines(void **state)
{
	(void)state;
	/* Blank lines inside the file go with the next record's raw bytes. */
	check("a\n\n\r\nb\n", "R0 L1 RL1 lead0 bom0 [a] raw=a\\n\n"
			      "R1 L4 RL2 lead3 bom0 [b] raw=\\n\\r\\nb\\n\n"
			      "rc=0\n");
	/* Trailing blank lines: one record with no fields keeps them. */
	check("a\nb\n\n\n", "R0 L1 RL1 lead0 bom0 [a] raw=a\\n\n"
			    "R1 L2 RL2 lead0 bom0 [b] raw=b\\n\n"
			    "R2 L3 RL3 lead2 bom0 [] raw=\\n\\n\n"
			    "rc=0\n");
	check("\n\n", "R0 L1 RL1 lead2 bom0 [] raw=\\n\\n\nrc=0\n");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	/* A quote inside an unquoted field; reading goes on at the next line. */
	check("a,b\nx,y\"z\n1,2\n",
	      "R0 L1 RL1 lead0 bom0 [a|b] raw=a,b\\n\n"
	      "R2 L3 RL3 lead0 bom0 [1|2] raw=1,2\\n\n"
	      "rc=65\n"
	      "E2:4 stray quote: a field with a quote must be quoted, the quote doubled\n");
	/* Text after a closing quote, after a quoted newline. */
	check("a\n\"p\nq\"r,s\nt\n", "R0 L1 RL1 lead0 bom0 [a] raw=a\\n\n"
				     "R2 L4 RL4 lead0 bom0 [t] raw=t\\n\n"
				     "rc=65\n"
				     "E3:3 text after a closing quote\n");
	/* Two in one file: both are reported. */
	check("h\na\"\nb\"\nc\n",
	      "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
	      "R3 L4 RL4 lead0 bom0 [c] raw=c\\n\n"
	      "rc=65\n"
	      "E2:2 stray quote: a field with a quote must be quoted, the quote doubled\n"
	      "E3:2 stray quote: a field with a quote must be quoted, the quote doubled\n");
	/* In the header nothing after it can be read. */
	check("a\"\nb\n",
	      "rc=65\n"
	      "E1:2 stray quote: a field with a quote must be quoted, the quote doubled\n");
	/* An unterminated quote is reported where it opened. */
	check("a,b\n1,\"x\ny\nz\n", "R0 L1 RL1 lead0 bom0 [a|b] raw=a,b\\n\n"
				    "rc=65\n"
				    "E2:3 unterminated quote\n");
	check("\xEF\xBB\xBF\"", "rc=65\nE1:1 unterminated quote\n");
}

static void test_bare_cr(void **state)
{
	(void)state;
	const char *msg =
		"E1:4 carriage return without a line feed (lines must end in LF or CRLF)\n";
	char want[256];
	snprintf(want, sizeof want, "rc=65\n%s", msg);
	check("a,b\rc,d\n", want);
	check("a,b\rc", want);
	check("a,b\rc,\"x\ny\"\n", want);
	check("a,b\r", want);
	check("a,b\r\r\n", want);
	/* A CR that starts a record would be skipped by libcsv. */
	check("h\n\rx\n",
	      "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
	      "rc=65\n"
	      "E2:1 carriage return without a line feed (lines must end in LF or CRLF)\n");
	check("h\n\r\n", "R0 L1 RL1 lead0 bom0 [h] raw=h\\n\n"
			 "R1 L2 RL2 lead2 bom0 [] raw=\\r\\n\n"
			 "rc=0\n");
	/* Inside quotes a CR is data. */
	check("\"a\rb\"\n", "R0 L1 RL1 lead0 bom0 [a\\rb] raw=\"a\\rb\"\\n\nrc=0\n");
}

static void test_bad_bytes(void **state)
{
	(void)state;
	/* Invalid UTF-8 and NUL bytes: the record is reported and skipped. */
	static const char bad[] = "h,i\n1,\xC3(\n\"q\nr\xFF\",2\nx,\0\n3,4\n";
	check_len(bad, sizeof bad - 1,
		  "R0 L1 RL1 lead0 bom0 [h|i] raw=h,i\\n\n"
		  "R4 L6 RL6 lead0 bom0 [3|4] raw=3,4\\n\n"
		  "rc=65\n"
		  "E2:3 invalid UTF-8\n"
		  "E4:2 invalid UTF-8\n"
		  "E5:3 NUL byte in the file\n");
	/* Columns count characters, not bytes. */
	check("T\xC3\xBCrkiye,\xED\xA0\x80\n", "rc=65\nE1:9 invalid UTF-8\n");
}

static void test_record_limit(void **state)
{
	(void)state;
	size_t n = DS_CSV_MAX_RECORD + 16;
	char *big = malloc(n);
	assert_non_null(big);
	memcpy(big, "h\n\"", 3);
	memset(big + 3, 'x', n - 3);
	struct dump d = { .input = big, .input_len = n };
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_csv_read_mem("t.csv", big, n, 65536, on_rec, &d, &err);
	assert_int_equal(rc, 65);
	assert_int_equal(err.n, 1);
	assert_int_equal(err.v[0].line, 2);
	assert_string_equal(err.v[0].msg, "record longer than 16 MiB (an unterminated quote?)");
	ds_errors_release(&err);
	free(d.s);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),        cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_quotes),        cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_syntax_errors), cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_bad_bytes),     cmocka_unit_test(test_record_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
