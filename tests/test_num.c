/*
 * test_num.c - cmocka tests of the locale-free number parser and printer.
 *
 * A misread percentage is a wrong answer about a country, so the parser is
 * tested on what it must refuse as much as on what it reads: decimal commas
 * (with their own hint), signs, spaces, exponents, more decimals than the
 * fixed-point scale holds, and values that would overflow 64 bits (the
 * last of these found an overflow in the digit loop).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/num.h"

static enum ds_num_error pct(const char *s, int64_t *v, int *dec)
{
	return ds_num_parse_fixed(s, strlen(s), DS_PCT_DECIMALS, 0, v, dec);
}

static void test_parse_fixed(void **state)
{
	(void)state;
	int64_t v = -1;
	int dec = -1;
	assert_int_equal(pct("3.79", &v, &dec), DS_NUM_OK);
	assert_int_equal(v, 3790000);
	assert_int_equal(dec, 2);
	assert_int_equal(pct("2", &v, &dec), DS_NUM_OK);
	assert_int_equal(v, 2000000);
	assert_int_equal(dec, 0);
	/* 2.00 and 2 are the same value; only the precision differs. */
	assert_int_equal(pct("2.00", &v, &dec), DS_NUM_OK);
	assert_int_equal(v, 2000000);
	assert_int_equal(dec, 2);
	assert_int_equal(pct("1.99", &v, &dec), DS_NUM_OK);
	assert_true(v < 2000000);
	assert_int_equal(pct("0.000001", &v, &dec), DS_NUM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(dec, 6);
	assert_int_equal(pct("007.5", &v, NULL), DS_NUM_OK);
	assert_int_equal(v, 7500000);
	assert_int_equal(pct("100", &v, NULL), DS_NUM_OK);
	assert_int_equal(v, 100 * DS_PCT_SCALE);
	/* A value outside the string is not read. */
	assert_int_equal(ds_num_parse_fixed("2.5x", 3, 6, 0, &v, &dec), DS_NUM_OK);
	assert_int_equal(v, 2500000);
}

static void test_parse_refused(void **state)
{
	(void)state;
	int64_t v = 42;
	static const char *const
		syntax[] = { " 2", "2 ",    "+2",   "1e3",   ".5",      "5.",
			     "-",  "1.2.3", "0x10", "2,1,0", "1,234.5", "2.",
			     "2%", "NaN",   "inf",  "1_000", "\xd9\xa3" /* Arabic-Indic 3 */ };
	for (size_t i = 0; i < sizeof syntax / sizeof *syntax; i++) {
		if (pct(syntax[i], &v, NULL) != DS_NUM_SYNTAX)
			print_error("accepted or misread: '%s'\n", syntax[i]);
		assert_int_equal(pct(syntax[i], &v, NULL), DS_NUM_SYNTAX);
	}
	assert_int_equal(v, 42); /* untouched on error */
	assert_int_equal(pct("", &v, NULL), DS_NUM_EMPTY);
	assert_int_equal(pct("2,1", &v, NULL), DS_NUM_COMMA);
	assert_int_equal(pct("12,75", &v, NULL), DS_NUM_COMMA);
	assert_int_equal(pct("-2,1", &v, NULL), DS_NUM_COMMA);
	assert_int_equal(pct(",5", &v, NULL), DS_NUM_SYNTAX);
	assert_int_equal(pct("-1.5", &v, NULL), DS_NUM_NEGATIVE);
	assert_int_equal(pct("-0", &v, NULL), DS_NUM_NEGATIVE);
	/* More than six decimals, even zeros, claim a precision we cannot hold. */
	assert_int_equal(pct("0.0000001", &v, NULL), DS_NUM_PRECISION);
	assert_int_equal(pct("2.1000000", &v, NULL), DS_NUM_PRECISION);
	assert_int_equal(v, 42);
	assert_string_equal(
		ds_num_strerror(DS_NUM_COMMA),
		"not a plain decimal number (decimal commas are not accepted: write a point, e.g. 2.1)");
}

static void test_parse_negative_and_range(void **state)
{
	(void)state;
	int64_t v;
	int dec;
	assert_int_equal(ds_num_parse_fixed("-1.5", 4, 6, 1, &v, &dec), DS_NUM_OK);
	assert_int_equal(v, -1500000);
	assert_int_equal(ds_num_parse_fixed("9223372036854775807", 19, 0, 1, &v, NULL), DS_NUM_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(ds_num_parse_fixed("-9223372036854775807", 20, 0, 1, &v, NULL), DS_NUM_OK);
	assert_true(v == -INT64_MAX);
	/* These overflowed the digit loop (signed overflow, caught by UBSan). */
	assert_int_equal(ds_num_parse_fixed("9223372036854775808", 19, 0, 1, &v, NULL),
			 DS_NUM_RANGE);
	assert_int_equal(ds_num_parse_fixed("9223372036854775809", 19, 0, 1, &v, NULL),
			 DS_NUM_RANGE);
	assert_int_equal(ds_num_parse_fixed("922337203685477580.9", 20, 1, 1, &v, NULL),
			 DS_NUM_RANGE);
	assert_int_equal(pct("99999999999999999999", &v, NULL), DS_NUM_RANGE);
	/* Fits as digits, not once scaled to millionths. */
	assert_int_equal(pct("9223372036855", &v, NULL), DS_NUM_RANGE);
	assert_int_equal(pct("9223372036854.775807", &v, NULL), DS_NUM_OK);
	assert_true(v == INT64_MAX);
}

static void test_parse_long_and_double(void **state)
{
	(void)state;
	long y = 0;
	assert_int_equal(ds_num_parse_long("2024", 4, 1949, 2100, &y), DS_NUM_OK);
	assert_int_equal(y, 2024);
	assert_int_equal(ds_num_parse_long("1948", 4, 1949, 2100, &y), DS_NUM_RANGE);
	assert_int_equal(ds_num_parse_long("2101", 4, 1949, 2100, &y), DS_NUM_RANGE);
	assert_int_equal(ds_num_parse_long("2024.0", 6, 1949, 2100, &y), DS_NUM_SYNTAX);
	assert_int_equal(ds_num_parse_long("24x", 3, 0, 100, &y), DS_NUM_SYNTAX);
	assert_int_equal(ds_num_parse_long("-5", 2, -10, 10, &y), DS_NUM_OK);
	assert_int_equal(y, -5);
	double d = 0;
	assert_int_equal(ds_num_parse_double("13.246", 6, 0, &d), DS_NUM_OK);
	assert_true(d == 13.246); /* correctly rounded, as the compiler reads it */
	assert_int_equal(ds_num_parse_double("0.1", 3, 0, &d), DS_NUM_OK);
	assert_true(d == 0.1);
	assert_int_equal(ds_num_parse_double("968000.123456789", 16, 0, &d), DS_NUM_OK);
	assert_true(d == 968000.123456789);
	assert_int_equal(ds_num_parse_double("1.0000000001", 12, 0, &d), DS_NUM_PRECISION);
	assert_int_equal(ds_num_parse_double("-3", 2, 0, &d), DS_NUM_NEGATIVE);
	assert_int_equal(ds_num_parse_double("-3", 2, 1, &d), DS_NUM_OK);
	assert_true(d == -3.0);
}

static void expect_fixed(int64_t v, int scale, int dec, const char *want)
{
	char buf[64];
	int n = ds_num_format_fixed(buf, sizeof buf, v, scale, dec);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void expect_double(double v, int dec, const char *want)
{
	char buf[64];
	ds_num_format_double(buf, sizeof buf, v, dec);
	assert_string_equal(buf, want);
}

static void test_format(void **state)
{
	(void)state;
	expect_fixed(3790000, 6, 2, "3.79");
	expect_fixed(2000000, 6, 2, "2.00");
	expect_fixed(2000000, 6, 0, "2");
	expect_fixed(1, 6, 6, "0.000001");
	/* Half away from zero, both signs. */
	expect_fixed(1995000, 6, 2, "2.00");
	expect_fixed(1994999, 6, 2, "1.99");
	expect_fixed(-1995000, 6, 2, "-2.00");
	expect_fixed(2500000, 6, 0, "3");
	expect_fixed(-2500000, 6, 0, "-3");
	/* Never "-0" nor "-0.00". */
	expect_fixed(-4999, 6, 2, "0.00");
	expect_fixed(-5000, 6, 2, "-0.01");
	expect_fixed(-400000, 6, 0, "0");
	expect_fixed(0, 6, 1, "0.0");
	/* More decimals than the scale: as many as there are. */
	expect_fixed(5, 0, 2, "5");
	expect_fixed(-1, 0, -3, "-1");
	expect_fixed(INT64_MIN, 0, 0, "-9223372036854775808");
	/* The library rounds without libm: as round() does, halves away from
	 * zero, on values where round() and a naive floor(x + 0.5) differ. */
	static const double vs[] = { 0.49999999999999994,
				     -0.49999999999999994,
				     2.5,
				     -2.5,
				     4503599627370495.5 / 1e6,
				     1e12 + 0.5,
				     -1e12 - 0.5,
				     8.9999999999995e12,
				     123.4565,
				     -123.4565 };
	for (size_t i = 0; i < sizeof vs / sizeof *vs; i++)
		for (int dec = 0; dec <= 6; dec++) {
			char want[64], fixed[64];
			double r = round(vs[i] * pow(10, dec));
			ds_num_format_fixed(fixed, sizeof fixed, (int64_t)r, dec, dec);
			snprintf(want, sizeof want, "%s", fabs(vs[i]) > 9e12 ? "nan" : fixed);
			expect_double(vs[i], dec, want);
		}
	expect_double(0.125, 2, "0.13");
	expect_double(-0.125, 2, "-0.13");
	expect_double(-0.001, 2, "0.00");
	expect_double(-0.0, 0, "0");
	expect_double(1234.5, 0, "1235");
	expect_double(968000.4, 6, "968000.400000");
	expect_double(2.5, 9, "2.500000");
	expect_double(1e13, 2, "nan");
	expect_double(NAN, 2, "nan");
	expect_double(INFINITY, 2, "nan");
	/* A short buffer is cut as snprintf cuts, and the length still told. */
	char small[4];
	assert_int_equal(ds_num_format_fixed(small, sizeof small, 12345000, 6, 2), 5);
	assert_string_equal(small, "12.");
	/* Round trip: what is printed reads back to the same value. */
	for (int64_t x = -2000; x <= 2000; x += 7) {
		char buf[32];
		int64_t back;
		ds_num_format_fixed(buf, sizeof buf, x * 1000, 6, 3);
		assert_int_equal(ds_num_parse_fixed(buf, strlen(buf), 6, 1, &back, NULL),
				 DS_NUM_OK);
		assert_true(back == x * 1000);
	}
}

/* Rounded up, for what must be reached: 0.003637 needed a year is 0.0037, never 0.0036. */
static void test_ceil(void **state)
{
	(void)state;
	assert_true(ds_num_ceil_fixed(3637, 6, 4) == 3700);
	assert_true(ds_num_ceil_fixed(3600, 6, 4) == 3600);
	assert_true(ds_num_ceil_fixed(3601, 6, 3) == 4000);
	assert_true(ds_num_ceil_fixed(52000, 6, 4) == 52000);
	assert_true(ds_num_ceil_fixed(1, 6, 0) == 1000000);
	assert_true(ds_num_ceil_fixed(0, 6, 2) == 0);
	/* Nothing to round: as many decimals as the scale, or more. */
	assert_true(ds_num_ceil_fixed(3637, 6, 6) == 3637);
	assert_true(ds_num_ceil_fixed(3637, 6, 8) == 3637);
	/* Negative amounts are not needs: left as they are. */
	assert_true(ds_num_ceil_fixed(-3637, 6, 4) == -3637);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ceil),
		cmocka_unit_test(test_parse_fixed),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_negative_and_range),
		cmocka_unit_test(test_parse_long_and_double),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
