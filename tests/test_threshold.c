/*
 * test_threshold.c - cmocka tests of the threshold list (threshold.h).
 *
 * The list is typed by users, so the tests hold every refusal to its
 * message, and hold what is accepted to the exact fixed-point value and the
 * label as written (a table heads its column with the label).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/num.h"
#include "defspend/threshold.h"

/* Parses list into t with room for DS_MAX_THRESHOLDS; the status. */
static int parse(const char *list, struct ds_threshold *t, size_t *n, char *msg, size_t msgsize)
{
	return ds_threshold_parse_list(list, t, DS_MAX_THRESHOLDS, n, msg, msgsize);
}

static void test_thresholds(void **state)
{
	(void)state;
	struct ds_threshold t[DS_MAX_THRESHOLDS];
	size_t n = 0;
	char msg[128];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", t, DS_MAX_THRESHOLDS, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 3);
	assert_int_equal(t[0].pct, 2000000);
	assert_int_equal(t[1].pct, 3500000);
	assert_string_equal(t[1].label, "3.5");
	assert_int_equal(t[2].pct, 5000000);
	assert_int_equal(
		ds_threshold_parse_list("2,2.0", t, DS_MAX_THRESHOLDS, &n, msg, sizeof msg), -1);
	assert_string_equal(msg, "threshold '2.0' is given twice");
	assert_int_equal(ds_threshold_parse_list("0", t, DS_MAX_THRESHOLDS, &n, msg, sizeof msg),
			 -1);
	assert_string_equal(msg, "threshold '0' is not a number above 0 and at most 100");
	assert_int_equal(
		ds_threshold_parse_list("100.01", t, DS_MAX_THRESHOLDS, &n, msg, sizeof msg), -1);
	assert_int_equal(ds_threshold_parse_list("2,,3", t, DS_MAX_THRESHOLDS, &n, msg, sizeof msg),
			 -1);
	assert_int_equal(ds_threshold_parse_list("1,2,3", t, 2, &n, msg, sizeof msg), -1);
	assert_string_equal(msg, "at most 2 thresholds");
}

/* The order given is kept, labels are the user's text, values exact. */
static void test_order_labels_and_bounds(void **state)
{
	(void)state;
	struct ds_threshold t[DS_MAX_THRESHOLDS];
	size_t n = 0;
	char msg[128];
	assert_int_equal(parse("5,2.00,0.000001,100", t, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 4);
	assert_int_equal(t[0].pct, 5 * DS_PCT_SCALE);
	assert_string_equal(t[0].label, "5");
	assert_int_equal(t[1].pct, 2 * DS_PCT_SCALE);
	assert_string_equal(t[1].label, "2.00");
	assert_int_equal(t[2].pct, 1);
	assert_string_equal(t[2].label, "0.000001");
	assert_int_equal(t[3].pct, 100 * DS_PCT_SCALE);
	assert_string_equal(t[3].label, "100");

	/* A label of 15 characters fits; one of 16 does not (label[16]). */
	assert_int_equal(parse("000000002.50000", t, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].pct, 2500000);
	assert_string_equal(t[0].label, "000000002.50000");
	assert_int_equal(parse("0000000002.50000", t, &n, msg, sizeof msg), -1);
	assert_string_equal(msg,
			    "threshold '0000000002.50000' is not a number above 0 and at most 100");
}

static void test_refused(void **state)
{
	(void)state;
	struct ds_threshold t[DS_MAX_THRESHOLDS];
	char msg[128];
	static const char *const bad[][2] = {
		{ "", "threshold '' is not a number above 0 and at most 100" },
		{ "2,", "threshold '' is not a number above 0 and at most 100" },
		{ "-2", "threshold '-2' is not a number above 0 and at most 100" },
		{ "2.5%", "threshold '2.5%' is not a number above 0 and at most 100" },
		{ " 2", "threshold ' 2' is not a number above 0 and at most 100" },
		{ "2,3;5", "threshold '3;5' is not a number above 0 and at most 100" },
		{ "0.0000001", "threshold '0.0000001' is not a number above 0 and at most 100" },
		{ "1e2", "threshold '1e2' is not a number above 0 and at most 100" },
		{ "3.5,2,3.50", "threshold '3.50' is given twice" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = 99;
		msg[0] = '\0';
		if (parse(bad[i][0], t, &n, msg, sizeof msg) != -1)
			print_error("accepted: '%s'\n", bad[i][0]);
		assert_int_equal(parse(bad[i][0], t, &n, msg, sizeof msg), -1);
		assert_string_equal(msg, bad[i][1]);
		assert_int_equal(n, 99); /* *n is set only on success */
	}
	size_t n = 0;
	/* A long item is cut to 32 characters in the message. */
	assert_int_equal(parse("1234567890123456789012345678901234567890", t, &n, msg, sizeof msg),
			 -1);
	assert_string_equal(
		msg,
		"threshold '12345678901234567890123456789012' is not a number above 0 and at most "
		"100");
	/* A small message buffer is cut, never overrun. */
	char small[12];
	memset(small, 'x', sizeof small);
	assert_int_equal(parse("0", t, &n, small, sizeof small), -1);
	assert_string_equal(small, "threshold '");
}

/* DS_MAX_THRESHOLDS fit; one more is refused with the limit named. */
static void test_limit(void **state)
{
	(void)state;
	struct ds_threshold t[DS_MAX_THRESHOLDS];
	size_t n = 0;
	char msg[128];
	assert_int_equal(DS_MAX_THRESHOLDS, 8);
	assert_int_equal(parse("1,2,3,4,5,6,7,8", t, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 8);
	assert_int_equal(t[7].pct, 8 * DS_PCT_SCALE);
	assert_int_equal(parse("1,2,3,4,5,6,7,8,9", t, &n, msg, sizeof msg), -1);
	assert_string_equal(msg, "at most 8 thresholds");
	/* An empty list has room for nothing. */
	assert_int_equal(ds_threshold_parse_list("2", t, 0, &n, msg, sizeof msg), -1);
	assert_string_equal(msg, "at most 0 thresholds");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_order_labels_and_bounds),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
