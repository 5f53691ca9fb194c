/*
 * test_error.c - cmocka tests of the error record (error.h).
 *
 * The record is what every user sees of a broken file, so its printed form
 * is held byte for byte: each combination of known and unknown file, line
 * and column, the cap of DS_ERRORS_LIMIT diagnostics with the count of the
 * rest, the one "out of memory" message, and the status that survives.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/error.h"

/* What ds_errors_print() writes for e, malloc'd; its status in *rc. */
static char *printed(const struct ds_errors *e, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	*rc = ds_errors_print(e, "defspend", f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void expect_printed(const struct ds_errors *e, const char *want)
{
	int rc;
	char *got = printed(e, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void test_empty(void **state)
{
	(void)state;
	struct ds_errors e;
	ds_errors_init(&e);
	assert_int_equal(e.limit, DS_ERRORS_LIMIT);
	assert_int_equal(DS_ERRORS_LIMIT, 50);
	assert_int_equal(ds_errors_count(&e), 0);
	assert_int_equal(ds_errors_status(&e), DS_OK);
	expect_printed(&e, "");
	ds_errors_release(&e);
}

static void test_positions_printed(void **state)
{
	(void)state;
	struct ds_errors e;
	ds_errors_init(&e);
	assert_int_equal(ds_errors_add(&e, DS_EDATA, "data/spending.csv", 12, 7,
				       "pct_gdp '%s' is %s", "2,1", "not a plain decimal number"),
			 DS_EDATA);
	assert_int_equal(ds_errors_add(&e, DS_EDATA, "a.csv", 3, 0, "line only"), DS_EDATA);
	assert_int_equal(ds_errors_add(&e, DS_ENOINPUT, "b.csv", 0, 0, "cannot open: %s",
				       "No such file or directory"),
			 DS_ENOINPUT);
	assert_int_equal(ds_errors_add(&e, DS_EUSAGE, NULL, 4, 2, "unknown release '%s'", "x"),
			 DS_EUSAGE);
	/* A column without a line is not a position: the file alone is shown. */
	assert_int_equal(ds_errors_add(&e, DS_EDATA, "c.csv", 0, 5, "column only"), DS_EDATA);
	expect_printed(&e, "defspend: data/spending.csv:12:7: pct_gdp '2,1' is not a plain "
			   "decimal number\n"
			   "defspend: a.csv:3: line only\n"
			   "defspend: b.csv: cannot open: No such file or directory\n"
			   "defspend: unknown release 'x'\n"
			   "defspend: c.csv: column only\n");
	/* The first status is the record's, whatever follows. */
	assert_int_equal(ds_errors_status(&e), DS_EDATA);
	assert_int_equal(ds_errors_count(&e), 5);
	/* The strings are the record's own copies. */
	assert_string_equal(e.v[0].file, "data/spending.csv");
	assert_int_equal(e.v[0].line, 12);
	assert_int_equal(e.v[0].column, 7);
	assert_null(e.v[3].file);
	ds_errors_release(&e);
	assert_null(e.v);
	assert_int_equal(e.n, 0);
}

/* Adds n diagnostics "problem I" to e. */
static void add_many(struct ds_errors *e, int n)
{
	for (int i = 1; i <= n; i++)
		ds_errors_add(e, DS_EDATA, "x.csv", i, 1, "problem %d", i);
}

static void test_limit_and_dropped(void **state)
{
	(void)state;
	struct ds_errors e;
	ds_errors_init(&e);
	add_many(&e, DS_ERRORS_LIMIT);
	assert_int_equal(e.n, 50);
	assert_int_equal(e.dropped, 0);
	int rc;
	char *out = printed(&e, &rc);
	assert_null(strstr(out, "not shown"));
	free(out);

	add_many(&e, 1);
	assert_int_equal(e.n, 50);
	assert_int_equal(e.dropped, 1);
	assert_int_equal(ds_errors_count(&e), 51);
	out = printed(&e, &rc);
	assert_int_equal(rc, 0);
	/* The first 50 are kept, in order; the last line counts the rest. */
	assert_non_null(strstr(out, "defspend: x.csv:1:1: problem 1\n"));
	assert_non_null(strstr(out, "defspend: x.csv:50:1: problem 50\n"));
	const char *tail = "defspend: 1 more problem not shown (at most 50 are listed)\n";
	assert_string_equal(out + strlen(out) - strlen(tail), tail);
	free(out);

	add_many(&e, 9);
	assert_int_equal(e.dropped, 10);
	assert_int_equal(ds_errors_count(&e), 60);
	out = printed(&e, &rc);
	tail = "defspend: 10 more problems not shown (at most 50 are listed)\n";
	assert_string_equal(out + strlen(out) - strlen(tail), tail);
	free(out);
	ds_errors_release(&e);

	/* Released, the record can be used again after ds_errors_init(). */
	ds_errors_init(&e);
	add_many(&e, 2);
	assert_int_equal(ds_errors_count(&e), 2);
	ds_errors_release(&e);
}

static void test_nomem(void **state)
{
	(void)state;
	struct ds_errors e;
	ds_errors_init(&e);
	assert_int_equal(ds_errors_nomem(&e, "data/spending.csv"), DS_ENOMEM);
	assert_int_equal(ds_errors_nomem(&e, NULL), DS_ENOMEM);
	assert_int_equal(ds_errors_status(&e), DS_ENOMEM);
	expect_printed(&e, "defspend: data/spending.csv: out of memory\n"
			   "defspend: out of memory\n");
	ds_errors_release(&e);

	/* After another problem the first status stays. */
	ds_errors_init(&e);
	ds_errors_add(&e, DS_EDATA, NULL, 0, 0, "bad");
	assert_int_equal(ds_errors_nomem(&e, NULL), DS_ENOMEM);
	assert_int_equal(ds_errors_status(&e), DS_EDATA);
	ds_errors_release(&e);
}

static void test_long_message_cut(void **state)
{
	(void)state;
	struct ds_errors e;
	ds_errors_init(&e);
	char big[3000];
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ds_errors_add(&e, DS_EDATA, NULL, 0, 0, "%s", big);
	assert_int_equal(e.n, 1);
	assert_int_equal(strlen(e.v[0].msg), 1023);
	ds_errors_release(&e);
}

static void test_print_failure(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (f == NULL)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	struct ds_errors e;
	ds_errors_init(&e);
	ds_errors_add(&e, DS_EDATA, "a.csv", 1, 1, "bad");
	assert_int_equal(ds_errors_print(&e, "defspend", f), -1);
	ds_errors_release(&e);
	/* Even an empty record with a dropped count reports the failure. */
	ds_errors_init(&e);
	e.limit = 0;
	ds_errors_add(&e, DS_EDATA, NULL, 0, 0, "counted only");
	assert_int_equal(e.n, 0);
	assert_int_equal(e.dropped, 1);
	assert_int_equal(ds_errors_print(&e, "defspend", f), -1);
	ds_errors_release(&e);
	fclose(f);
}

static void test_status_text(void **state)
{
	(void)state;
	assert_string_equal(ds_status_text(DS_OK), "success");
	assert_string_equal(ds_status_text(DS_EUSAGE), "usage error");
	assert_string_equal(ds_status_text(DS_EDATA), "bad data");
	assert_string_equal(ds_status_text(DS_ENOINPUT), "cannot open input");
	assert_string_equal(ds_status_text(DS_EUNAVAILABLE), "needed program unavailable");
	assert_string_equal(ds_status_text(DS_ESOFTWARE), "internal error");
	assert_string_equal(ds_status_text(DS_ENOMEM), "out of memory");
	assert_string_equal(ds_status_text(DS_ECANTCREAT), "cannot create output");
	assert_string_equal(ds_status_text(DS_EIO), "input/output error");
	assert_string_equal(ds_status_text(DS_ETEMPFAIL), "temporary failure");
	assert_string_equal(ds_status_text(1), "error");
	/* The statuses are the sysexits(3) codes themselves. */
	assert_int_equal(DS_EUSAGE, 64);
	assert_int_equal(DS_EDATA, 65);
	assert_int_equal(DS_ENOMEM, 71);
	assert_int_equal(DS_ETEMPFAIL, 75);
}

/* A file operation's failure: the disk's fault is 74, the caller's 73. */
static void test_errno_status(void **state)
{
	(void)state;
	assert_int_equal(ds_errno_status(ENOSPC), DS_EIO);
	assert_int_equal(ds_errno_status(EDQUOT), DS_EIO);
	assert_int_equal(ds_errno_status(EIO), DS_EIO);
	assert_int_equal(ds_errno_status(EFBIG), DS_EIO);
	assert_int_equal(ds_errno_status(EACCES), DS_ECANTCREAT);
	assert_int_equal(ds_errno_status(EROFS), DS_ECANTCREAT);
	assert_int_equal(ds_errno_status(EPERM), DS_ECANTCREAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errno_status),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_positions_printed),
		cmocka_unit_test(test_limit_and_dropped),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_long_message_cut),
		cmocka_unit_test(test_print_failure),
		cmocka_unit_test(test_status_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
