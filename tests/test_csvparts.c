/*
 * test_csvparts.c - cmocka tests of reading a file in parts at the same time.
 *
 * The promise of csvparts.h is that the caller cannot tell: whatever the
 * cuts, the records (fields, lines, raw bytes, BOM flag), the diagnostics
 * and the status are those of one reader going from start to end.  So, in
 * the spirit of test_csvread.c's every chunk size, each input here is read
 * serially once, and then cut at every line start, and at every pair of line
 * starts, with the merge accepting every part, refusing every part, and
 * refusing only some, and every reading must flatten to the same text.
 * Parts outnumber threads when a file is cut at every line: then threads
 * take the parts in turn, and which thread reads which part varies.
 *
 * The caller's side is a collector: each record becomes one line of text
 * (its line numbers kept apart, since a part counts from 1 and the merge
 * adds the lines before it).  A record whose first field is STOP makes the
 * callback stop the reading, as a loader does when the header is bad; one
 * whose first field is ERR adds a diagnostic and goes on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/csvparts.h"
#include "helpers.h"

struct rec {
	long line, raw_line;
	int first; /* index 0 */
	char *text;
};

struct coll {
	struct rec *v;
	size_t n, cap;
	struct ds_errors *err;
	off_t expect; /* told before the first record */
};

static char *escape(const char *s, size_t n)
{
	char *out = malloc(4 * n + 1), *o = out;
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			o += sprintf(o, "\\n");
		else if (c == '\r')
			o += sprintf(o, "\\r");
		else if (c < 0x20 || c >= 0x80)
			o += sprintf(o, "\\x%02X", c);
		else
			*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

static int collect(void *ctx, const struct ds_csv_record *rec)
{
	struct coll *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		assert_non_null(c->v);
	}
	size_t size = rec->rawlen * 8 + 64;
	char *t = malloc(size);
	assert_non_null(t);
	size_t o = (size_t)snprintf(t, size, "at%lld lead%zu bom%d [", (long long)rec->offset,
				    rec->lead, rec->bom);
	for (size_t i = 0; i < rec->nfields; i++) {
		char *f = escape(rec->fields[i].s, rec->fields[i].len);
		o += (size_t)snprintf(t + o, size - o, "%s%s", i ? "|" : "", f);
		free(f);
	}
	char *raw = escape(rec->raw, rec->rawlen);
	snprintf(t + o, size - o, "] raw=%s", raw);
	free(raw);
	c->v[c->n++] = (struct rec){ rec->line, rec->raw_line, rec->index == 0, t };
	if (rec->nfields > 0 && strcmp(rec->fields[0].s, "STOP") == 0)
		return ds_errors_add(c->err, DS_EDATA, "t.csv", rec->line, 1, "stopped here");
	if (rec->nfields > 0 && strcmp(rec->fields[0].s, "ERR") == 0)
		ds_errors_add(c->err, DS_EDATA, "t.csv", rec->line, 1, "a bad record");
	return 0;
}

static void coll_release(struct coll *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].text);
	free(c->v);
}

static void *part_new(void *main, struct ds_errors *err)
{
	(void)main;
	struct coll *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->err = err;
	return c;
}

static void part_free(void *part)
{
	coll_release(part);
	free(part);
}

static unsigned refuse_mask; /* bit k: the k-th merge of a reading refuses */
static unsigned merges;      /* merges asked for in this reading */
static unsigned merged;      /* merges accepted in all readings */

static int merge(void *main, void *part, long lines, struct ds_errors *err)
{
	(void)err;
	struct coll *c = main, *p = part;
	if (refuse_mask & (1u << merges++))
		return 1;
	merged++;
	for (size_t i = 0; i < p->n; i++) {
		struct rec r = p->v[i];
		r.line += lines;
		r.raw_line += lines;
		assert_false(r.first);
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->v = realloc(c->v, c->cap * sizeof *c->v);
			assert_non_null(c->v);
		}
		c->v[c->n++] = r;
	}
	p->n = 0;
	return 0;
}

static off_t expected_main; /* the size of the file: what the caller is told to expect */

static void expect(void *ctx, off_t bytes)
{
	struct coll *c = ctx;
	assert_true(bytes > 0 && bytes <= expected_main);
	assert_int_equal(c->n, 0); /* told before the records */
	c->expect = bytes;
}

static const struct ds_csv_parts_ops ops = {
	.part_new = part_new,
	.part_free = part_free,
	.record = collect,
	.merge = merge,
	.expect = expect,
};

static char *path; /* the input of the test, in a scratch directory */

/* Reads the file at path with the cuts given (none: serially); flattened. */
static char *reading(const off_t *cuts, size_t ncuts, size_t threads)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct coll c = { .err = &err };
	merges = 0;
	int rc = ds_csv_read_parts_at(path, "t.csv", cuts, ncuts, threads, &ops, &c, &err);
	assert_int_equal(c.expect, expected_main); /* the whole file comes to the caller */
	size_t size = 64, len = 0;
	for (size_t i = 0; i < c.n; i++)
		size += strlen(c.v[i].text) + 64;
	for (size_t i = 0; i < err.n; i++)
		size += strlen(err.v[i].msg) + 64;
	char *out = malloc(size);
	assert_non_null(out);
	out[0] = '\0';
	for (size_t i = 0; i < c.n; i++)
		len += (size_t)snprintf(out + len, size - len, "%sL%ld RL%ld %s\n",
					c.v[i].first ? "R0 " : "", c.v[i].line, c.v[i].raw_line,
					c.v[i].text);
	len += (size_t)snprintf(out + len, size - len, "rc=%d\n", rc);
	for (size_t i = 0; i < err.n; i++)
		len += (size_t)snprintf(out + len, size - len, "E%ld:%ld %s\n", err.v[i].line,
					err.v[i].column, err.v[i].msg);
	snprintf(out + len, size - len, "dropped=%zu status=%d\n", err.dropped, err.status);
	coll_release(&c);
	ds_errors_release(&err);
	return out;
}

static void same(const char *want, const off_t *cuts, size_t ncuts, size_t threads,
		 const char *data)
{
	char *got = reading(cuts, ncuts, threads);
	if (strcmp(got, want) != 0) {
		print_error("input: %s\ncuts:", data);
		for (size_t i = 0; i < ncuts; i++)
			print_error(" %lld", (long long)cuts[i]);
		print_error(" threads %zu refuse mask %u\n", threads, refuse_mask);
	}
	assert_string_equal(got, want);
	free(got);
}

/* Every cut and every pair of cuts, each with several merge policies. */
static void check_len(const char *data, size_t len)
{
	assert_int_equal(ds_test_write(path, data, len), 0);
	expected_main = (off_t)len;
	refuse_mask = 0;
	char *want = reading(NULL, 0, 1);
	off_t starts[256];
	size_t n = 0;
	for (size_t i = 0; i + 1 < len && n < 256; i++)
		if (data[i] == '\n')
			starts[n++] = (off_t)i + 1;
	static const unsigned masks[] = { 0, ~0u, 1, 2, 5 };
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		refuse_mask = masks[m];
		for (size_t i = 0; i < n; i++) {
			same(want, &starts[i], 1, 2, data);
			for (size_t j = i + 1; j < n; j++) {
				off_t two[2] = { starts[i], starts[j] };
				same(want, two, 2, 3, data);
			}
		}
		/* As many parts as lines, read by fewer threads, which take
		 * them in turn: one (the caller's), two, four. */
		for (size_t t = 1; t <= 4; t *= 2)
			same(want, starts, n, t, data);
	}
	free(want);
}

static void check(const char *data)
{
	check_len(data, strlen(data));
}

/* The cuts' aims: shares that never grow, halving every nthreads parts. */
static void test_part_aims(void **state)
{
	(void)state;
	off_t aims[DS_CSV_PARTS_MAX * DS_CSV_PARTS_PER_THREAD];
	/* Two threads, eight parts: 4 4 2 2 1 1 1/2 1/2 fifteenths of 1500. */
	ds_csv_part_aims(1500, 8, 2, aims);
	static const off_t want[] = { 400, 800, 1000, 1200, 1300, 1400, 1450 };
	for (size_t k = 0; k < 7; k++)
		assert_int_equal(aims[k], want[k]);
	/* Any count: increasing aims inside the file, shares that never grow. */
	for (size_t t = 1; t <= DS_CSV_PARTS_MAX; t++) {
		size_t n = t * DS_CSV_PARTS_PER_THREAD;
		off_t size = 147371208;
		ds_csv_part_aims(size, n, t, aims);
		off_t prev = 0, share = size;
		for (size_t k = 0; k + 1 < n; k++) {
			assert_true(aims[k] > prev && aims[k] < size);
			assert_true(aims[k] - prev <= share + 1);
			share = aims[k] - prev;
			prev = aims[k];
		}
		assert_true(size - prev <= share + 1);
		assert_true(size - prev < size / (off_t)n); /* the last is below an equal share */
	}
}

static void test_plain(void **state)
{
	(void)state;
	merged = 0;
	check("a,b\n1,2\n3,4\n5,6\n");
	check("a,b\n1,2\n3,4\n5,6");
	check("a,b\r\n1,2\r\n3,4\r\n");
	check("\xEF\xBB\xBF"
	      "a,b\n1,2\n\xEF\xBB\xBF"
	      "3,4\n");
	/* Cuts were accepted, so the parts really were read apart. */
	assert_true(merged > 0);
}

static void test_blank_lines(void **state)
{
	(void)state;
	check("\n\na,b\n\n1,2\n\n\n3,4\n\n");
	check("a\n\n\n");
	check("\xEF\xBB\xBF\n\na,b\n\n1\n");
	check("a,b\r\n\r\n1,2\r\n\r\n");
}

static void test_quoted_newlines(void **state)
{
	(void)state;
	/* Cuts inside a quoted field: the part before reads on. */
	check("h1,h2\n\"two\nlines\",x\r\nnext,\"a\r\nb\"\nlast,1\n\"x\n\ny\n\",2\nz,3\n");
	check("h\n\"\n\n\n\"\nq\n");
	check("\"h\nh\",x\n1,2\n");
}

static void test_problems(void **state)
{
	(void)state;
	/* Stray quotes: reported, and the reading goes on at the next line. */
	check("h\na\"b\nc\nd\"e\nf\n");
	check("h\n\"a\" ,b\n \"a\",b\nc\n");
	/* Invalid UTF-8 and NUL bytes in records. */
	check("h\na\xFF\nb\nc\x80\n");
	static const char nul[] = "h\nok\nn\0l\nok2\n";
	check_len(nul, sizeof nul - 1);
	/* Fatal: a bare carriage return, an unterminated quote. */
	check("h\na\nb\rc\nd\ne\n");
	check("h\na\nb\n\"open\nc\nd\n");
	/* A problem in the header stops everything. */
	check("h\xFF\na\nb\n");
	check("\"a\" ,b\nc,d\ne\n");
	/* The callback stops the reading, or reports and goes on. */
	check("h\na\nSTOP\nb\nc\n");
	check("h\nERR\na\nERR\nb\nERR\n");
	check("STOP\na\nb\n");
}

static void test_many_errors(void **state)
{
	(void)state;
	/* More problems than the record keeps: the same ones kept, the rest counted. */
	char data[4096];
	size_t o = (size_t)snprintf(data, sizeof data, "h\n");
	for (int i = 0; i < 70; i++)
		o += (size_t)snprintf(data + o, sizeof data - o, "%s\n", i % 3 ? "ERR" : "x\"y");
	check(data);
}

static int setup(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	if (dir == NULL)
		return -1;
	path = ds_test_join(dir, "t.csv");
	free(dir);
	return path ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *dir = strdup(path);
	*strrchr(dir, '/') = '\0';
	ds_test_rmtree(dir);
	free(dir);
	free(path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_part_aims),   cmocka_unit_test(test_plain),
		cmocka_unit_test(test_blank_lines), cmocka_unit_test(test_quoted_newlines),
		cmocka_unit_test(test_problems),    cmocka_unit_test(test_many_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
