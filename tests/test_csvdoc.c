/*
 * test_csvdoc.c - the editable CSV document (csvdoc.h) on its own: new
 * records are quoted only where CSV needs it and end like the header does,
 * rows inserted after the same record keep their order, a file without a
 * final line ending gets one only where a record follows, and setting a
 * field to the value it has is no change.  (test_update.c holds the
 * byte-identity tests on awkward files.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/csvdoc.h"

static void test_encode(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	const char *const fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "" };
	assert_int_equal(ds_csvdoc_encode(&buf, &len, &cap, fields, 6, "\r\n"), 0);
	const char want[] = "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n";
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(buf, want, len);
	/* Appends, with no line ending when eol is "". */
	const char *const one[] = { "x" };
	assert_int_equal(ds_csvdoc_encode(&buf, &len, &cap, one, 1, ""), 0);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(buf + len - 1, "x", 1);
	free(buf);
}

/* The rendered bytes as a string (the buffer itself need not end in a NUL). */
static char *render(const struct ds_csvdoc *doc)
{
	char *out;
	size_t len;
	assert_int_equal(ds_csvdoc_render(doc, &out, &len), 0);
	char *s = malloc(len + 1);
	assert_non_null(s);
	memcpy(s, out, len);
	s[len] = '\0';
	assert_int_equal(strlen(s), len);
	free(out);
	return s;
}

static void test_insert_order_and_endings(void **state)
{
	(void)state;
	/* CRLF header, no final line ending. */
	static const char in[] = "k,v\r\na,1\r\nc,3";
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_csvdoc doc;
	assert_int_equal(ds_csvdoc_parse(&doc, "t.csv", in, sizeof in - 1, &err), 0);
	assert_int_equal(doc.ncols, 2);
	assert_string_equal(doc.eol, "\r\n");
	const char *const b1[] = { "b", "2" }, *const b2[] = { "b2", "2,5" };
	const char *const d[] = { "d", "4" }, *const z[] = { "0", "0" };
	assert_int_equal(ds_csvdoc_insert(&doc, 1, b1), 0);
	assert_int_equal(ds_csvdoc_insert(&doc, 2, d), 0);
	assert_int_equal(ds_csvdoc_insert(&doc, 1, b2), 0);
	assert_int_equal(ds_csvdoc_insert(&doc, 0, z), 0);
	assert_true(ds_csvdoc_changed(&doc));
	char *out = render(&doc);
	assert_string_equal(out, "k,v\r\n0,0\r\na,1\r\nb,2\r\nb2,\"2,5\"\r\nc,3\r\nd,4");
	free(out);
	ds_csvdoc_release(&doc);
	ds_errors_release(&err);
}

static void test_set_and_get(void **state)
{
	(void)state;
	static const char in[] = "k,v,w\na,1,x\n";
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_csvdoc doc;
	assert_int_equal(ds_csvdoc_parse(&doc, "t.csv", in, sizeof in - 1, &err), 0);
	assert_int_equal(ds_csvdoc_column(&doc, "w"), 2);
	assert_int_equal(ds_csvdoc_column(&doc, "W"), -1);
	assert_int_equal(ds_csvdoc_column(&doc, "nope"), -1);
	/* The value it has: no change, nothing to write. */
	assert_int_equal(ds_csvdoc_set(&doc, 1, 1, "1"), 0);
	assert_false(ds_csvdoc_changed(&doc));
	assert_int_equal(ds_csvdoc_set(&doc, 1, 1, "one, really"), 1);
	assert_true(ds_csvdoc_changed(&doc));
	assert_string_equal(ds_csvdoc_get(&doc, 1, 1), "one, really");
	assert_string_equal(ds_csvdoc_get(&doc, 1, 2), "x");
	assert_string_equal(ds_csvdoc_get(&doc, 1, 7), "");
	/* Past the end of the record: not a field, nothing set. */
	assert_int_equal(ds_csvdoc_set(&doc, 1, 7, "y"), 0);
	char *out = render(&doc);
	assert_string_equal(out, "k,v,w\na,\"one, really\",x\n");
	free(out);
	ds_csvdoc_release(&doc);
	ds_errors_release(&err);
}

static void test_refuses_empty(void **state)
{
	(void)state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_csvdoc doc;
	assert_int_equal(ds_csvdoc_parse(&doc, "t.csv", "", 0, &err), DS_EDATA);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, "t.csv");
	assert_string_equal(err.v[0].msg, "empty file: no header");
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_insert_order_and_endings),
		cmocka_unit_test(test_set_and_get),
		cmocka_unit_test(test_refuses_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
